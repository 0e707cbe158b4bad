"""The quota and composition check of a campaign: one implementation for the pages, the services
(submitting, starting the 公示) and the 推荐汇总表 export.

Places used per nominating organisation and honour (``rules.composition.check_quotas``) and each
composition rule's share (``rules.composition.check_composition``), over the campaign's nominations
or over a given subset (the nominations an export lists, already scoped to the user).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from directory.models import Gender, Organization

from ..models import (
    NOMINATION_APPROVED,
    NOMINATION_COUNTED,
    NOMINATION_DEAD,
    NOMINATION_PENDING,
    NOMINATION_UNAPPROVED,
    Campaign,
    CompositionOverride,
    CompositionRule,
    HonorType,
    Nomination,
    Quota,
    RecipientKind,
)
from ..rules import composition as rule_comp

STAGE_SUBMIT = "submit"


STAGE_NOTICE = "notice"


STAGE_LABELS = {STAGE_SUBMIT: "推荐提交", STAGE_NOTICE: "公示前审定"}

# (counted, pending) statuses of each stage.
STAGE_STATUSES = {
    STAGE_SUBMIT: (NOMINATION_COUNTED, NOMINATION_PENDING),
    STAGE_NOTICE: (NOMINATION_APPROVED, NOMINATION_UNAPPROVED),
}


@dataclass
class QuotaRow(rule_comp.PlacesUsed):
    org: Organization
    honor: HonorType
    places: int
    used: int
    pending: int  # drafts and returned nominations, not yet counted


@dataclass
class RuleCheck:
    rule: CompositionRule
    result: rule_comp.RuleResult
    scope_label: str
    fixers: list[Nomination] = field(default_factory=list)
    override: CompositionOverride | None = None

    @property
    def blocking(self) -> bool:
        return not self.result.ok and self.rule.hard and self.override is None

    @property
    def state(self) -> str:
        if self.result.ok:
            return "ok"
        if not self.rule.hard:
            return "advisory"
        return "overridden" if self.override else "failed"


@dataclass
class CampaignCheck:
    stage: str
    quotas: list[QuotaRow]
    rules: list[RuleCheck]

    @property
    def quota_problems(self) -> list[QuotaRow]:
        return [q for q in self.quotas if not q.ok]

    @property
    def blocking_rules(self) -> list[RuleCheck]:
        return [r for r in self.rules if r.blocking]

    @property
    def ok(self) -> bool:
        return not self.quota_problems and not self.blocking_rules


def nomination_flags(nomination: Nomination) -> frozenset[str]:
    base = nomination.category_flags()
    female = bool(nomination.person_id and nomination.person.gender == Gender.FEMALE)
    return rule_comp.derive_flags(base, non_public=nomination.non_public, female=female)


def _rule_to_pure(rule: CompositionRule) -> rule_comp.CompositionRule:
    return rule_comp.CompositionRule(
        key=str(rule.pk),
        label=rule.display_label,
        flag=rule.flag,
        min_share=rule.min_share,
        max_share=rule.max_share,
        hard=rule.hard,
    )


def _candidates(nominations: Iterable[Nomination], counted, pending, extra: Nomination | None = None):
    out = []
    for n in nominations:
        if extra is not None and n.pk == extra.pk:
            continue
        if n.status in counted:
            status = rule_comp.COUNTED
        elif n.status in pending:
            status = rule_comp.PENDING
        else:
            continue
        out.append(rule_comp.Candidate(id=n.pk, name=n.recipient_name, flags=nomination_flags(n), status=status))
    if extra is not None:
        out.append(
            rule_comp.Candidate(
                id=extra.pk, name=extra.recipient_name, flags=nomination_flags(extra), status=rule_comp.COUNTED
            )
        )
    return out


def latest_overrides(campaign: Campaign, stage: str) -> dict[int, CompositionOverride]:
    result = {}
    for o in CompositionOverride.objects.filter(campaign=campaign, stage=stage).select_related("by").order_by("at"):
        if o.rule_id:
            result[o.rule_id] = o
    return result


def campaign_check(
    campaign: Campaign,
    *,
    stage: str = STAGE_SUBMIT,
    adding: Nomination | None = None,
    nominations: QuerySet | None = None,
    listed_places_only: bool = False,
) -> CampaignCheck:
    """Places used per nominating organisation and each composition rule's share.

    ``stage`` STAGE_SUBMIT counts submitted-or-later nominations (the live view); STAGE_NOTICE counts
    approved ones only (what would be published). ``adding``: count this nomination as well (the
    check made when it is submitted). ``nominations``: check only these (an export's rows, already
    scoped to the user) instead of the whole campaign; ``listed_places_only``: report only the places
    of the organisations whose nominations are checked (a nominating unit sees its own).
    A fixed number of queries, whatever the number of nominations.
    """
    counted, pending = STAGE_STATUSES[stage]
    base = Nomination.objects.all() if nominations is None else nominations
    by_pk = {
        n.pk: n
        for n in base.filter(campaign=campaign)
        .exclude(status__in=NOMINATION_DEAD)
        .select_related("person", "organization", "honor_type", "nominating_org")
        .order_by("id")
    }
    if adding is not None:
        by_pk[adding.pk] = adding
    listed_orgs = {n.nominating_org_id for n in by_pk.values()} if listed_places_only else None
    quotas = _quota_rows(campaign, by_pk.values(), counted, pending, adding=adding, orgs=listed_orgs)
    rules = _rule_checks(campaign, by_pk, counted, pending, stage=stage, adding=adding)
    return CampaignCheck(stage=stage, quotas=quotas, rules=rules)


def _quota_rows(
    campaign: Campaign, nominations: Iterable[Nomination], counted, pending, *, adding=None, orgs=None
) -> list[QuotaRow]:
    """One row per allocated place (tree order, then honour order), then the nominations made where
    no places were given for an honour that has places: they count against 0 places."""
    used: dict[tuple[int, int], int] = defaultdict(int)
    waiting: dict[tuple[int, int], int] = defaultdict(int)
    objects: dict[tuple[int, int], tuple[Organization, HonorType]] = {}
    for n in nominations:
        key = (n.nominating_org_id, n.honor_type_id)
        objects.setdefault(key, (n.nominating_org, n.honor_type))
        if n.status in counted or (adding is not None and n.pk == adding.pk):
            used[key] += 1
        elif n.status in pending:
            waiting[key] += 1
    quotas = sorted(
        Quota.objects.filter(campaign=campaign).select_related("nominating_org", "honor_type"),
        key=lambda q: (q.nominating_org.path, q.honor_type.order_key, q.pk),
    )
    honours_with_places = {q.honor_type_id for q in quotas}
    places = {}
    for q in quotas:
        if orgs is None or q.nominating_org_id in orgs:
            places[(q.nominating_org_id, q.honor_type_id)] = q.places
            objects[(q.nominating_org_id, q.honor_type_id)] = (q.nominating_org, q.honor_type)
    relevant = {k: v for k, v in used.items() if k[1] in honours_with_places and v}
    return [
        QuotaRow(
            *objects[(line.org_id, line.honor_key)], line.places, line.used, waiting[(line.org_id, line.honor_key)]
        )
        for line in rule_comp.check_quotas(places, relevant)
    ]


def _rule_checks(
    campaign: Campaign, by_pk: dict[int, Nomination], counted, pending, *, stage: str, adding=None
) -> list[RuleCheck]:
    """Each composition rule over its group of candidates (a rule for one honour, or for all)."""
    individual_honours = {h.pk for h in campaign.honor_types.all() if h.recipient_kind == RecipientKind.INDIVIDUAL}
    overrides = latest_overrides(campaign, stage)
    if stage == STAGE_SUBMIT:
        # A reason recorded before the 公示 covers the final list, so the live view honours it too.
        overrides = {**latest_overrides(campaign, STAGE_NOTICE), **overrides}
    checks = []
    for rule in campaign.composition_rules.select_related("honor_type").order_by("honor_type_id", "id"):
        honour_ids = {rule.honor_type_id} if rule.honor_type_id else individual_honours
        group = [n for n in by_pk.values() if n.person_id and n.honor_type_id in honour_ids]
        report = rule_comp.check_composition(
            _candidates(group, counted, pending, extra=adding if adding in group else None), [_rule_to_pure(rule)]
        )
        result = report.results[0]
        checks.append(
            RuleCheck(
                rule=rule,
                result=result,
                scope_label=rule.honor_type.name if rule.honor_type_id else "全部个人荣誉",
                fixers=[by_pk[i] for i in result.fixers if i in by_pk],
                override=overrides.get(rule.pk),
            )
        )
    return checks


def remaining_places(campaign: Campaign, honour_ids: set[int], check: CampaignCheck) -> int | None:
    """Places still open for these honours; None when no places are allocated (no limit)."""
    rows = [q for q in check.quotas if q.honor.pk in honour_ids]
    if not rows:
        return None
    return sum(q.remaining for q in rows)
