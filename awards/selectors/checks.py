"""The quota and composition check of a campaign: one implementation for the pages, the services
(submitting, starting the 公示) and the 推荐汇总表 export.

Places used per nominating organisation and honour (``rules.composition.check_quotas``) and each
composition rule's share (``rules.composition.evaluate_counts``), over the campaign's nominations
or over a given subset (the nominations an export lists, already scoped to the user). The database
counts the nominations (grouped by unit, honour and status, a ``COUNT … FILTER`` per flag, by the
flag definitions of ``rules.composition``); the pure rules judge the counts. Nothing here loads the
nominations, whatever their number: only the few listed as possible fixes of a failing minimum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import RowNumber

from core.pagecache import stamped_part
from directory.models import Gender, Organization, Person

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
    honour_ids: set[int] = field(default_factory=set)  # the honours the rule counts
    fixers_more: bool = False  # more pending nominations could fix it than ``fixers`` lists
    pending_flagged: int = 0  # pending nominations of the rule's group carrying its flag (all units)

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
    places: list[Quota] = field(default_factory=list)  # the campaign's places, as read for the check

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


def flag_q(flag: str) -> Q:
    """The nominations carrying a composition flag, by the definitions of ``rules.composition``."""
    if flag == rule_comp.FEMALE:
        return Q(person__gender=Gender.FEMALE)
    if flag == rule_comp.IS_FRONTLINE_OR_PROFESSIONAL:
        derived = rule_comp.FRONTLINE_OR_PROFESSIONAL
        return reduce(or_, (Q(**{f: True}) for f in sorted(derived.any_of))) & Q(
            **{f: False for f in sorted(derived.none_of)}
        )
    if flag in rule_comp.PERSON_FLAGS or flag == rule_comp.NON_PUBLIC:
        return Q(**{flag: True})
    raise ValueError(f"未知的人员类别标记：{flag}")


@dataclass(frozen=True)
class _Tally:
    """Live nominations of one nominating organisation, honour and status: how many, how many of
    people (composition rules count people only) and, per flag, how many people carry it."""

    org_id: int
    honour_id: int
    status: str
    n: int
    people: int
    flags: dict[str, int]
    org: Organization  # with its name and path only (the rest is read if asked for)


ADDING = "adding"  # the status of the nomination being submitted: counted, whatever it is now

FIXERS_SHOWN = 20  # pending nominations listed per failing rule; the page says when there are more


QUOTA_ROW = "__places__"  # the status of the rows of the places, read with the counts


# What the nomination counts of a campaign depend on: their stamps key the cached counts.
COUNTED_MODELS = (Nomination, Person, Organization)


def _tallies(
    base: QuerySet,
    campaign: Campaign,
    flags: set[str],
    adding: Nomination | None,
    *,
    with_quotas: bool,
    stamps: tuple | None = None,
) -> tuple[list[_Tally], list[Quota] | None]:
    """One query: the live nominations counted per (organisation, honour, status), never loaded,
    and (``with_quotas``) the campaign's places after them (UNION ALL), each row with its
    organisation's name and path (the only fields of it the check and the page use).

    ``stamps`` (the campaign page's display: ``COUNTED_MODELS``' stamps, read with the campaign): the
    counts come from the cache while no nomination, person or organisation has changed since they
    were counted (``core.pagecache``), instead of a grouped count of every nomination joined to its
    person; the places are read live beside them."""
    qs = base.filter(campaign=campaign).exclude(status__in=NOMINATION_DEAD)
    if adding is not None and adding.pk:
        qs = qs.exclude(pk=adding.pk)
    person = Q(person__isnull=False)
    flags = sorted(flags)
    org = {"org_name": F("nominating_org__name"), "org_path": F("nominating_org__path")}
    counts = (
        qs.order_by()
        .values("nominating_org_id", "honor_type_id", "status", **org)
        .annotate(
            n=Count("pk"),
            people=Count("pk", filter=person),
            **{f"f_{flag}": Count("pk", filter=person & flag_q(flag)) for flag in flags},
            quota_id=Value(None, output_field=IntegerField()),
        )
    )
    if with_quotas:
        places = (
            Quota.objects.filter(campaign=campaign)
            .order_by()
            .values(
                "nominating_org_id",
                "honor_type_id",
                status=Value(QUOTA_ROW, output_field=CharField()),
                **org,
                n=F("places"),
                people=Value(0, output_field=IntegerField()),
                **{f"f_{flag}": Value(0, output_field=IntegerField()) for flag in flags},
                quota_id=F("id"),
            )
        )
    both = counts.union(places, all=True) if with_quotas else counts
    rows = both
    if stamps is not None:
        missed: list = []  # a miss reads counts and places together, as without the cache

        def count():
            missed.append(list(both))
            return [r for r in missed[0] if r["status"] != QUOTA_ROW]

        counted = stamped_part(f"campaign-counts:{campaign.pk}:{','.join(flags)}", stamps, count)
        rows = missed[0] if missed else [*counted, *(places if with_quotas else ())]
    tallies, quotas, orgs = [], [], {}
    for r in rows:
        if r["nominating_org_id"] not in orgs:
            orgs[r["nominating_org_id"]] = Organization.from_db(
                None, ["id", "name", "path"], [r["nominating_org_id"], r["org_name"], r["org_path"]]
            )
        if r["status"] == QUOTA_ROW:
            quota = Quota(
                id=r["quota_id"],
                campaign=campaign,
                nominating_org=orgs[r["nominating_org_id"]],
                honor_type_id=r["honor_type_id"],
                places=r["n"],
            )
            quotas.append(quota)
            continue
        tallies.append(
            _Tally(
                r["nominating_org_id"],
                r["honor_type_id"],
                r["status"],
                r["n"],
                r["people"],
                {flag: r[f"f_{flag}"] for flag in flags},
                orgs[r["nominating_org_id"]],
            )
        )
    if adding is not None:
        carried = nomination_flags(adding) if adding.person_id else frozenset()
        tallies.append(
            _Tally(
                adding.nominating_org_id,
                adding.honor_type_id,
                ADDING,
                1,
                1 if adding.person_id else 0,
                {flag: int(flag in carried) for flag in flags},
                adding.nominating_org,
            )
        )
    return tallies, (quotas if with_quotas else None)


def latest_overrides(campaign: Campaign, stage: str) -> dict[int, CompositionOverride]:
    return _latest_overrides(campaign)[stage]


def _latest_overrides(
    campaign: Campaign, overrides: list[CompositionOverride] | None = None
) -> dict[str, dict[int, CompositionOverride]]:
    """The latest override of each rule, per stage: one query for every stage."""
    result: dict[str, dict[int, CompositionOverride]] = {stage: {} for stage in STAGE_STATUSES}
    if overrides is None:
        overrides = CompositionOverride.objects.filter(campaign=campaign).select_related("by").order_by("at", "id")
    for o in overrides:
        if o.rule_id and o.stage in result:
            result[o.stage][o.rule_id] = o
    return result


def campaign_check(
    campaign: Campaign,
    *,
    stage: str = STAGE_SUBMIT,
    adding: Nomination | None = None,
    nominations: QuerySet | None = None,
    listed_places_only: bool = False,
    fixers_among: QuerySet | None = None,
) -> CampaignCheck:
    """Places used per nominating organisation and each composition rule's share.

    ``stage`` STAGE_SUBMIT counts submitted-or-later nominations (the live view); STAGE_NOTICE counts
    approved ones only (what would be published). ``adding``: count this nomination as well (the
    check made when it is submitted). ``nominations``: check only these (an export's rows, already
    scoped to the user) instead of the whole campaign; ``listed_places_only``: report only the places
    of the organisations whose nominations are checked (a nominating unit sees its own).
    ``fixers_among``: list as possible fixes only these nominations (the ones the user sees).
    """
    return campaign_checks(
        campaign,
        (stage,),
        adding=adding,
        nominations=nominations,
        listed_places_only=listed_places_only,
        fixers_among=fixers_among,
    )[stage]


def campaign_checks(
    campaign: Campaign,
    stages: Iterable[str],
    *,
    adding: Nomination | None = None,
    nominations: QuerySet | None = None,
    listed_places_only: bool = False,
    fixers_among: QuerySet | None = None,
    honours: Iterable[HonorType] | None = None,
    quotas: list[Quota] | None = None,
    overrides: list[CompositionOverride] | None = None,
    stamps: tuple | None = None,
) -> dict[str, CampaignCheck]:
    """``campaign_check`` for several stages at once, from the same counts.

    The nominations are counted by the database, grouped by nominating organisation, honour and
    status, and the pure rules judge the counts: a fixed number of queries (six at most, whatever
    the number of nominations or stages) and no nomination loaded but the fixers listed
    (``FIXERS_SHOWN`` per failing rule). ``honours``, ``quotas`` (``campaign_quotas``) and
    ``overrides`` (``selectors.campaigns.campaign_records``): the campaign's, when the page has already read them.
    ``stamps``: the campaign page's display may take the nomination counts from the cache under
    these stamps of ``COUNTED_MODELS`` (``_tallies``); never for a decision (the services count live).
    """
    stages = list(stages)
    rules = list(campaign.composition_rules.select_related("honor_type").order_by("honor_type_id", "id"))
    base = Nomination.objects.all() if nominations is None else nominations
    tallies, read = _tallies(
        base, campaign, {r.flag for r in rules}, adding, with_quotas=quotas is None,
        stamps=stamps if nominations is None and adding is None else None,
    )
    honours = list(campaign.honor_types.all()) if honours is None else list(honours)
    quota_objects = _quota_order(read, honours) if quotas is None else quotas
    listed_orgs = {t.org_id for t in tallies} if listed_places_only else None
    latest = _latest_overrides(campaign, overrides) if rules else {stage: {} for stage in STAGE_STATUSES}
    individual = {h.pk for h in honours if h.recipient_kind == RecipientKind.INDIVIDUAL}
    checks = {}
    for stage in stages:
        counted, pending = STAGE_STATUSES[stage]
        quota_rows = _quota_rows(quota_objects, tallies, counted, pending, orgs=listed_orgs, honours=honours)
        stage_overrides = latest[stage]
        if stage == STAGE_SUBMIT:
            # A reason recorded before the 公示 covers the final list, so the live view honours it too.
            stage_overrides = {**latest[STAGE_NOTICE], **stage_overrides}
        rule_checks = [
            _rule_check(rule, tallies, counted, pending, individual, stage_overrides.get(rule.pk)) for rule in rules
        ]
        checks[stage] = CampaignCheck(stage=stage, quotas=quota_rows, rules=rule_checks, places=quota_objects)
    _fill_fixers(campaign, checks, base if fixers_among is None else fixers_among, adding)
    return checks


def campaign_quotas(campaign: Campaign) -> list[Quota]:
    """The campaign's places, in tree order, then honour order."""
    return sorted(
        Quota.objects.filter(campaign=campaign).select_related("nominating_org", "honor_type"),
        key=lambda q: (q.nominating_org.path, q.honor_type.order_key, q.pk),
    )


def _quota_order(quotas: list[Quota], honours: list[HonorType]) -> list[Quota]:
    """``campaign_quotas``'s order for places read with the counts (their honours are the campaign's)."""
    by_pk = {h.pk: h for h in honours}
    for q in quotas:
        if q.honor_type_id in by_pk:
            q.honor_type = by_pk[q.honor_type_id]
    return sorted(quotas, key=lambda q: (q.nominating_org.path, q.honor_type.order_key, q.pk))


def _quota_rows(
    quotas: list[Quota], tallies: list[_Tally], counted, pending, *, orgs=None, honours: list[HonorType]
) -> list[QuotaRow]:
    """One row per allocated place (tree order, then honour order), then the nominations made where
    no places were given for an honour that has places: they count against 0 places."""
    used: dict[tuple[int, int], int] = defaultdict(int)
    waiting: dict[tuple[int, int], int] = defaultdict(int)
    objects: dict[tuple[int, int], tuple[Organization, HonorType]] = {}
    by_pk = {h.pk: h for h in honours} | {q.honor_type_id: q.honor_type for q in quotas}
    for t in tallies:
        key = (t.org_id, t.honour_id)
        if t.honour_id in by_pk:  # a nomination is for one of the campaign's honours
            objects.setdefault(key, (t.org, by_pk[t.honour_id]))
        if t.status in counted or t.status == ADDING:
            used[key] += t.n
        elif t.status in pending:
            waiting[key] += t.n
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


def _rule_check(
    rule: CompositionRule, tallies: list[_Tally], counted, pending, individual: set[int], override
) -> RuleCheck:
    """A rule for one honour, or for all the individual honours, over the counts of its group."""
    honour_ids = {rule.honor_type_id} if rule.honor_type_id else individual
    group = [t for t in tallies if t.honour_id in honour_ids and (t.status in counted or t.status == ADDING)]
    waiting = [t for t in tallies if t.honour_id in honour_ids and t.status in pending]
    result = rule_comp.evaluate_counts(
        _rule_to_pure(rule),
        count=sum(t.flags[rule.flag] for t in group),
        total=sum(t.people for t in group),
    )
    return RuleCheck(
        rule=rule,
        result=result,
        scope_label=rule.honor_type.name if rule.honor_type_id else "全部个人荣誉",
        override=override,
        honour_ids=honour_ids,
        pending_flagged=sum(t.flags[rule.flag] for t in waiting),
    )


def _fill_fixers(campaign: Campaign, checks: dict[str, CampaignCheck], pool: QuerySet, adding) -> None:
    """The pending nominations that could fix each failing minimum, FIXERS_SHOWN per rule (in id
    order), for every stage in one query: each rule's candidates are ranked by a window function."""
    wanted = [
        (rc, Q(honor_type_id__in=sorted(rc.honour_ids), status__in=STAGE_STATUSES[stage][1]) & flag_q(rc.rule.flag))
        for stage, check in checks.items()
        for rc in check.rules
        if rc.result.below_minimum and rc.pending_flagged  # the counts say whether any exist
    ]
    if not wanted:
        return
    qs = pool.filter(campaign=campaign, person__isnull=False).filter(reduce(or_, (q for _, q in wanted)))
    if adding is not None and adding.pk:
        qs = qs.exclude(pk=adding.pk)
    marks = {f"fix{i}": ExpressionWrapper(q, output_field=BooleanField()) for i, (_, q) in enumerate(wanted)}
    ranks = {
        f"fix{i}_rank": Window(RowNumber(), partition_by=[F(f"fix{i}")], order_by=F("id").asc())
        for i in range(len(wanted))
    }
    found = (
        qs.order_by()
        .select_related(None)
        .select_related("person", "organization")
        .only("id", "status", "person__name", "organization__name")
        .annotate(**marks)
        .annotate(**ranks)
        .filter(
            reduce(or_, (Q(**{f"fix{i}": True, f"fix{i}_rank__lte": FIXERS_SHOWN + 1}) for i in range(len(wanted))))
        )
        .order_by("id")
    )
    for n in found:
        for i, (rc, _) in enumerate(wanted):
            if getattr(n, f"fix{i}"):
                rc.fixers.append(n)
    for rc, _ in wanted:
        rc.fixers_more = len(rc.fixers) > FIXERS_SHOWN
        del rc.fixers[FIXERS_SHOWN:]
        rc.result.fixers = [n.pk for n in rc.fixers]


def remaining_places(campaign: Campaign, honour_ids: set[int], check: CampaignCheck) -> int | None:
    """Places still open for these honours; None when no places are allocated (no limit)."""
    rows = [q for q in check.quotas if q.honor.pk in honour_ids]
    if not rows:
        return None
    return sum(q.remaining for q in rows)
