"""A union's own entitlement rules (replacing the defaults for its subtree)."""

from __future__ import annotations

from django.db import transaction

from core.errors import NotAllowed
from directory.models import Organization
from directory.selectors import user_is_organizer_of

from ..models import EntitlementRule
from .profiles import _actor

RULE_FIELDS = ("enabled", "every_years", "amount", "period", "festivals", "from_age", "source")


def care_rule_save(
    *, organization: Organization, kind: str, honour_level: str = "", life_status: str = "", by, **values
) -> EntitlementRule:
    """Create or change the union's rule for (kind, level, status); only its organisers may."""
    if by is not None and not user_is_organizer_of(by, organization):
        raise NotAllowed(f"只有{organization.name}的组织者可以修改其待遇规则")
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown rule fields {sorted(unknown)}")
    with transaction.atomic():
        rule, _created = EntitlementRule.objects.select_for_update().get_or_create(
            organization=organization,
            kind=kind,
            honour_level=honour_level,
            life_status=life_status,
            defaults={"updated_by": _actor(by)},
        )
        for name, value in values.items():
            setattr(rule, name, value if value is not None or name in ("every_years", "amount", "from_age") else "")
        rule.updated_by = _actor(by)
        rule.save()
    return rule
