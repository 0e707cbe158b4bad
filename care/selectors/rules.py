"""The entitlement rules in force for a union: its own and its ancestors' rows over the defaults."""

from __future__ import annotations

from directory.models import Organization

from ..models import EntitlementRule
from ..rules import DEFAULT_RULES, RuleData, resolve_rule


def _ancestor_ids(org: Organization) -> list[int]:
    return [int(p) for p in org.path.strip("/").split("/") if p]


def rule_data(rule: EntitlementRule, depth: int) -> RuleData:
    return RuleData(
        kind=rule.kind,
        honour_level=rule.honour_level,
        life_status=rule.life_status,
        enabled=rule.enabled,
        every_years=rule.every_years,
        amount=rule.amount,
        period=rule.period,
        festivals=rule.festivals,
        from_age=rule.from_age,
        source=rule.source or f"{rule.organization.name}规定",
        depth=depth,
    )


class RuleBook:
    """Rules for many unions with one query: ``rule(org, kind, level, status)``."""

    def __init__(self, orgs):
        orgs = list({o.pk: o for o in orgs}.values())
        ids = {i for o in orgs for i in _ancestor_ids(o)}
        self.by_org: dict[int, list[RuleData]] = {}
        for rule in EntitlementRule.objects.filter(organization_id__in=ids).select_related("organization"):
            self.by_org.setdefault(rule.organization_id, []).append(rule_data(rule, rule.organization.depth))

    def rules_for(self, org: Organization) -> list[RuleData]:
        found = list(DEFAULT_RULES)
        for pk in _ancestor_ids(org):
            found.extend(self.by_org.get(pk, []))
        return found

    def rule(self, org: Organization, kind: str, level: str, status: str) -> RuleData | None:
        return resolve_rule(self.rules_for(org), kind, level, status)


def rules_of_union(org: Organization) -> list[EntitlementRule]:
    """The union's own rows (what its organisers edit)."""
    return list(EntitlementRule.objects.filter(organization=org).order_by("kind", "honour_level", "life_status"))
