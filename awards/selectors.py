"""Reads about honours, scoped to the user's organisations.

Besides the scoped lists this module turns database rows into the plain data of ``awards.rules``
(candidates, held awards, prerequisites) and back: the quota and composition check of a campaign,
the findings for one nominee, the working-day calendar, and the eligibility of a competition result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from competitions.models import LEVEL_RANK, Level, Result
from core.text import match_key
from directory.models import Gender, Membership, Organization, Person, Role
from directory.selectors import membership_roots, scope_q, user_has_role

from .models import (
    Award,
    AwardStatus,
    Campaign,
    CampaignStatus,
    CompositionOverride,
    CompositionRule,
    HolidayDate,
    HolidayKind,
    HolidayYear,
    HonorType,
    Nomination,
    NominationStatus,
    Objection,
    ObjectionStatus,
    Quota,
    RecipientKind,
)
from .rules import checks as rule_checks
from .rules import composition as rule_comp
from .rules.workdays import WorkdayCalendar

# --- roles --------------------------------------------------------------------------------------

NOMINATOR_ROLES = (Role.ADMIN, Role.ORGANIZER)  # of the nominating organisation
REVIEWER_ROLES = (Role.ADMIN, Role.ORGANIZER, Role.REVIEWER)  # of the conferring organisation
CONFERRER_ROLES = (Role.ADMIN, Role.ORGANIZER)  # of the conferring organisation

# Nominations that are out of the running: never counted, never a duplicate.
DEAD_STATUSES = (NominationStatus.WITHDRAWN, NominationStatus.REJECTED, NominationStatus.REVOKED)
# Counted against places and shares while the campaign runs.
LIVE_COUNTED = (
    NominationStatus.SUBMITTED,
    NominationStatus.APPROVED,
    NominationStatus.IN_NOTICE,
    NominationStatus.CONFERRED,
)
LIVE_PENDING = (NominationStatus.DRAFT, NominationStatus.RETURNED)
# Before the 公示 only what has passed review counts; what is still in review could fix a shortfall.
NOTICE_COUNTED = (NominationStatus.APPROVED, NominationStatus.IN_NOTICE, NominationStatus.CONFERRED)
NOTICE_PENDING = (NominationStatus.SUBMITTED, NominationStatus.RETURNED, NominationStatus.DRAFT)

STAGE_SUBMIT = "submit"
STAGE_NOTICE = "notice"
STAGE_LABELS = {STAGE_SUBMIT: "推荐提交", STAGE_NOTICE: "公示前审定"}


def can_nominate_for(user, org: Organization) -> bool:
    return user_has_role(user, org, NOMINATOR_ROLES)


def can_review(user, campaign: Campaign) -> bool:
    return user_has_role(user, campaign.conferring_org, REVIEWER_ROLES)


def can_manage(user, campaign_or_org) -> bool:
    org = campaign_or_org.conferring_org if isinstance(campaign_or_org, Campaign) else campaign_or_org
    return user_has_role(user, org, CONFERRER_ROLES)


def conferring_orgs_for(user) -> QuerySet:
    """Organisations whose campaigns the user may create: those they organise, and their subtrees."""
    if user.is_superuser:
        return Organization.objects.all()
    roots = membership_roots(user, CONFERRER_ROLES)
    return Organization.objects.subtree_of(roots)


# --- awards -------------------------------------------------------------------------------------

# Newest first; awards whose year the documents do not give come last on SQLite and PostgreSQL alike.
YEAR_DESC = F("year").desc(nulls_last=True)


def award_visible_q(user) -> Q | None:
    """Awards whose recipient (person's employer or the collective) or conferring body the user may see.

    None means everything (superusers). The one rule for awards: lists, pages and exports all use it.
    """
    person_q = scope_q(user, "person__employer__")
    if person_q is None:
        return None
    return person_q | scope_q(user, "organization__") | scope_q(user, "conferring_org__")


def award_list_visible(user) -> QuerySet:
    qs = Award.objects.select_related("honor_type", "person__employer", "organization", "conferring_org")
    cond = award_visible_q(user)
    return qs if cond is None else qs.filter(cond)


def award_get_visible(user, pk) -> Award:
    return get_object_or_404(award_list_visible(user).select_related("campaign", "nomination"), pk=pk)


def award_list_for_person(person) -> QuerySet:
    return (
        Award.objects.filter(person=person)
        .select_related("honor_type", "conferring_org", "campaign")
        .order_by(YEAR_DESC, "honor_type__precedence", "id")
    )


def award_list_for_organization(org) -> QuerySet:
    """The collective's own honours (not those of people working there)."""
    return (
        Award.objects.filter(organization=org)
        .select_related("honor_type", "conferring_org", "campaign")
        .order_by(YEAR_DESC, "honor_type__precedence", "id")
    )


def award_list_for_staff_of(org) -> QuerySet:
    """Honours of people employed in the organisation's subtree."""
    return (
        Award.objects.filter(person__employer__path__startswith=org.path)
        .select_related("honor_type", "person__employer")
        .order_by(YEAR_DESC, "stroke_key", "id")
    )


def honor_catalogue() -> QuerySet:
    return (
        HonorType.objects.select_related("conferring_body")
        .prefetch_related("prerequisites")
        .annotate(award_count=Count("awards", filter=Q(awards__status=AwardStatus.ACTIVE)))
        .order_by("category", "precedence", "-level", "name")
    )


# --- campaigns ----------------------------------------------------------------------------------


def ancestor_ids(orgs: Iterable[Organization]) -> set[int]:
    ids: set[int] = set()
    for org in orgs:
        ids.update(int(p) for p in org.path.strip("/").split("/") if p)
    return ids


def campaign_list_visible(user) -> QuerySet:
    """Campaigns the user sees: those of a conferring organisation in the user's subtrees, and those
    conferred by an ancestor of an organisation the user belongs to (the nominating side)."""
    qs = Campaign.objects.select_related("conferring_org").prefetch_related("honor_types")
    cond = scope_q(user, "conferring_org__")
    if cond is None:
        return qs
    roots = membership_roots(user)
    return qs.filter(cond | Q(conferring_org_id__in=ancestor_ids(roots)))


def campaign_get_visible(user, pk) -> Campaign:
    return get_object_or_404(campaign_list_visible(user), pk=pk)


def campaign_sees_all(user, campaign: Campaign) -> bool:
    """Members of the conferring organisation (or above) see every nomination of the campaign."""
    return user_has_role(user, campaign.conferring_org, list(Role.values))


def nomination_visible_q(user) -> Q | None:
    """Nominations of campaigns the user's organisations confer, and those the user's subtrees made."""
    cond = scope_q(user, "campaign__conferring_org__")
    if cond is None:
        return None
    return cond | scope_q(user, "nominating_org__")


def nomination_list_visible(user) -> QuerySet:
    qs = Nomination.objects.select_related(
        "campaign__conferring_org", "honor_type", "nominating_org", "person__employer", "organization"
    )
    cond = nomination_visible_q(user)
    return qs if cond is None else qs.filter(cond)


def nomination_get_visible(user, pk) -> Nomination:
    return get_object_or_404(nomination_list_visible(user), pk=pk)


def nominations_of_campaign(user, campaign: Campaign) -> QuerySet:
    return (
        nomination_list_visible(user)
        .filter(campaign=campaign)
        .annotate(open_objections=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN)))
        .order_by("honor_type__precedence", "honor_type__name", "nominating_org__path", "id")
    )


def nominating_orgs_for(user, campaign: Campaign, honor_type: HonorType | None = None) -> list[Organization]:
    """Where the user may nominate from in this campaign.

    With places allocated (for ``honor_type``, or for any honour of the campaign): the organisations
    holding places that the user organises. Without: the organisations the user organises inside the
    conferring organisation's subtree, or the conferring organisation itself for those above it.
    """
    quotas = Quota.objects.filter(campaign=campaign).select_related("nominating_org")
    if honor_type is not None:
        quotas = quotas.filter(honor_type=honor_type)
    if quotas.exists():
        seen: dict[int, Organization] = {}
        for q in quotas:
            if q.nominating_org_id not in seen and can_nominate_for(user, q.nominating_org):
                seen[q.nominating_org_id] = q.nominating_org
        return sorted(seen.values(), key=lambda o: o.path)
    if user.is_superuser:
        return [campaign.conferring_org]
    result: dict[int, Organization] = {}
    conferring = campaign.conferring_org
    for root in membership_roots(user, NOMINATOR_ROLES):
        if root.path.startswith(conferring.path):
            result[root.pk] = root
        elif conferring.path.startswith(root.path):
            result[conferring.pk] = conferring
    return sorted(result.values(), key=lambda o: o.path)


def campaign_has_quotas(campaign: Campaign, honor_type: HonorType | None = None) -> bool:
    qs = Quota.objects.filter(campaign=campaign)
    if honor_type is not None:
        qs = qs.filter(honor_type=honor_type)
    return qs.exists()


# --- working days -------------------------------------------------------------------------------


def workday_calendar() -> WorkdayCalendar:
    """chinese-calendar's years plus those an administrator entered (which replace the library's)."""
    years = set(HolidayYear.objects.values_list("year", flat=True))
    holidays, workdays = set(), set()
    for day, kind in HolidayDate.objects.values_list("date", "kind"):
        (holidays if kind == HolidayKind.HOLIDAY else workdays).add(day)
    return WorkdayCalendar.from_library(extra_holidays=holidays, extra_workdays=workdays, extra_years=years)


# --- quotas and composition -----------------------------------------------------------------------


@dataclass
class QuotaRow:
    org: Organization
    honor: HonorType
    places: int
    used: int
    pending: int  # drafts and returned nominations, not yet counted

    @property
    def remaining(self) -> int:
        return max(self.places - self.used, 0)

    @property
    def over(self) -> int:
        return max(self.used - self.places, 0)

    @property
    def ok(self) -> bool:
        return self.used <= self.places


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
    base = {f for f in rule_comp.PERSON_FLAGS if getattr(nomination, f)}
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


def campaign_check(campaign: Campaign, *, stage: str = STAGE_SUBMIT, adding: Nomination | None = None) -> CampaignCheck:
    """Places used per nominating organisation and each composition rule's share.

    ``stage`` STAGE_SUBMIT counts submitted-or-later nominations (the live view); STAGE_NOTICE counts
    approved ones only (what would be published). ``adding``: count this nomination as well (the
    check made when it is submitted).
    """
    counted, pending = (LIVE_COUNTED, LIVE_PENDING) if stage == STAGE_SUBMIT else (NOTICE_COUNTED, NOTICE_PENDING)
    nominations = list(
        Nomination.objects.filter(campaign=campaign)
        .exclude(status__in=DEAD_STATUSES)
        .select_related("person", "organization", "honor_type", "nominating_org")
    )
    by_pk = {n.pk: n for n in nominations}
    if adding is not None:
        by_pk[adding.pk] = adding

    # Places.
    used: dict[tuple[int, int], int] = defaultdict(int)
    waiting: dict[tuple[int, int], int] = defaultdict(int)
    for n in by_pk.values():
        key = (n.nominating_org_id, n.honor_type_id)
        is_added = adding is not None and n.pk == adding.pk
        if n.status in counted or is_added:
            used[key] += 1
        elif n.status in pending:
            waiting[key] += 1
    quota_rows = []
    quotas = list(Quota.objects.filter(campaign=campaign).select_related("nominating_org", "honor_type"))
    quota_keys = {(q.nominating_org_id, q.honor_type_id) for q in quotas}
    for q in sorted(quotas, key=lambda q: (q.nominating_org.path, q.honor_type.precedence, q.honor_type.name)):
        key = (q.nominating_org_id, q.honor_type_id)
        quota_rows.append(QuotaRow(q.nominating_org, q.honor_type, q.places, used[key], waiting[key]))
    honours_with_quotas = {q.honor_type_id for q in quotas}
    for key, count in used.items():
        # Nominations made where no places were given count against 0 places.
        if key not in quota_keys and key[1] in honours_with_quotas and count:
            n = next(x for x in by_pk.values() if (x.nominating_org_id, x.honor_type_id) == key)
            quota_rows.append(QuotaRow(n.nominating_org, n.honor_type, 0, count, waiting[key]))

    # Composition: one group of candidates per honour scope (a rule for one honour, or for all).
    individual_honours = [h for h in campaign.honor_types.all() if h.recipient_kind == RecipientKind.INDIVIDUAL]
    overrides = latest_overrides(campaign, stage)
    if stage == STAGE_SUBMIT:
        # A reason recorded before the 公示 covers the final list, so the live view honours it too.
        overrides = {**latest_overrides(campaign, STAGE_NOTICE), **overrides}
    checks = []
    for rule in campaign.composition_rules.select_related("honor_type").order_by("honor_type_id", "id"):
        honour_ids = {rule.honor_type_id} if rule.honor_type_id else {h.pk for h in individual_honours}
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
    return CampaignCheck(stage=stage, quotas=quota_rows, rules=checks)


def remaining_places(campaign: Campaign, honour_ids: set[int], check: CampaignCheck) -> int | None:
    """Places still open for these honours; None when no places are allocated (no limit)."""
    rows = [q for q in check.quotas if q.honor.pk in honour_ids]
    if not rows:
        return None
    return sum(q.remaining for q in rows)


# --- nominee checks -------------------------------------------------------------------------------


def _honor_ref(h: HonorType) -> rule_checks.HonorRef:
    return rule_checks.HonorRef(key=h.pk, name=h.name, series=h.series, level_rank=LEVEL_RANK[h.level])


def award_label(a: Award) -> str:
    year = f"{a.year}年" if a.year else "年份不详的"
    extra = "，".join(x for x in (a.decision_number, a.source) if x)
    return f"{year}{a.honor_type.name}" + (f"（{extra}）" if extra else "")


def nomination_label(n: Nomination) -> str:
    return f"{n.honor_type.name}（{n.nominating_org.name}推荐，{n.get_status_display()}）"


def nominee_findings(nomination: Nomination) -> list[rule_checks.Finding]:
    """Duplicate in the campaign, honour already held (re-award rule), missing prerequisite."""
    honor = nomination.honor_type
    campaign = nomination.campaign
    if nomination.person_id:
        held_qs = Award.objects.filter(person_id=nomination.person_id)
        others = Nomination.objects.filter(campaign=campaign, person_id=nomination.person_id)
    else:
        held_qs = Award.objects.filter(organization_id=nomination.organization_id)
        others = Nomination.objects.filter(campaign=campaign, organization_id=nomination.organization_id)
    held_qs = held_qs.select_related("honor_type")
    if nomination.pk:
        held_qs = held_qs.exclude(nomination_id=nomination.pk)
        others = others.exclude(pk=nomination.pk)
    others = others.exclude(status__in=DEAD_STATUSES).select_related("honor_type", "nominating_org")
    held_awards = list(held_qs)

    held = [
        rule_checks.HeldAward(
            honor=_honor_ref(a.honor_type),
            # A year the documents do not give: usable as a prerequisite (it was held before), and
            # reported below for a person to check against the re-award rule.
            year=a.year if a.year is not None else 0,
            label=award_label(a),
            revoked=a.status == AwardStatus.REVOKED,
        )
        for a in held_awards
    ]
    prerequisites = [
        rule_checks.Prerequisite(
            series=p.required_series or None,
            min_level_rank=LEVEL_RANK[p.required_min_level],
            label=p.description or f"{Level(p.required_min_level).label}及以上荣誉",
            hard=p.hard,
        )
        for p in honor.prerequisites.all()
    ]
    findings = rule_checks.check_nominee(
        honor=_honor_ref(honor),
        year=campaign.year,
        held=held,
        other_nominations_in_campaign=[nomination_label(o) for o in others],
        # The catalogue's blank means "no limit" (see HonorType.reaward_years); the rule's 0 says so.
        reaward_years=honor.reaward_years or 0,
        prerequisites=prerequisites,
    )
    for a in held_awards:
        if a.status == AwardStatus.REVOKED:
            continue
        if a.honor_type_id == honor.pk and a.year == campaign.year:
            findings.append(
                rule_checks.Finding(
                    rule_checks.ALREADY_HOLDS, f"该对象已有{award_label(a)}的表彰记录，同一年度不能再次授予", True
                )
            )
        elif (
            a.year is None
            and honor.reaward_years
            and a.honor_type.series == honor.series
            and LEVEL_RANK[a.honor_type.level] >= LEVEL_RANK[honor.level]
        ):
            findings.append(
                rule_checks.Finding(
                    rule_checks.ALREADY_HOLDS,
                    f"该对象已获得{award_label(a)}，年份不详，请核对是否在{honor.reaward_years}年内",
                    False,
                )
            )
    return findings


# --- results → nominations -----------------------------------------------------------------------


@dataclass
class EligibleResult:
    result: Result
    rules: list  # competitions.rules.eligibility.EligibilityRule
    honor_names: list[str]


def _eligible_results_fallback(competition) -> list[tuple[Result, list]]:
    from competitions.rules.eligibility import EligibilityRule, ResultFacts, eligible_for
    from competitions.rules.prizes import Prize

    rules = []
    for data in competition.eligibility_rules or []:
        try:
            rules.append(EligibilityRule.from_dict(data))
        except (TypeError, ValueError):
            continue
    out = []
    results = (
        Result.objects.filter(entry__event__competition=competition)
        .select_related("entry__person__employer", "entry__event", "entry__delegation")
        .order_by("entry__event_id", "rank", "id")
    )
    for r in results:
        facts = ResultFacts(
            rank=r.rank,
            prize=Prize(r.prize) if r.prize else None,
            competition_level=competition.level,
            competition_class=competition.competition_class,
            gender=r.entry.person.gender,
            event_kind=r.entry.event.kind,
        )
        matched = eligible_for(facts, rules)
        if matched:
            out.append((r, matched))
    return out


def eligible_results(competition) -> list[tuple[Result, list]]:
    """(result, matched eligibility rules) of a competition: the scoring app's list when it exists."""
    try:
        from competitions.selectors import eligible_results as scoring_eligible_results
    except ImportError:
        return _eligible_results_fallback(competition)
    return list(scoring_eligible_results(competition))


def result_eligible_for_honour(result: Result, honor: HonorType) -> tuple[bool, list]:
    """Does the linked result make its person eligible for ``honor``? (True, matching rules) or (False, [])."""
    pairs = dict((r.pk, rules) for r, rules in eligible_results(result.entry.event.competition))
    rules = pairs.get(result.pk, [])
    matching = [rule for rule in rules if rule.honor_name and match_key(rule.honor_name) == honor.name_key]
    return bool(matching), matching


# --- public notice ------------------------------------------------------------------------------


def public_notice_list() -> QuerySet:
    """Campaigns whose 公示 has started (including those since conferred): public, no login."""
    return (
        Campaign.objects.filter(notice_start__isnull=False)
        .filter(status__in=[CampaignStatus.NOTICE, CampaignStatus.CONFERRED])
        .select_related("conferring_org")
        .order_by("-notice_start", "-id")
    )


def public_notice_entries(campaign: Campaign) -> list[Nomination]:
    """Nominees of a notice ordered by honour precedence, then 姓氏笔画 (the roster convention).

    Only fields that may be published are used by the template: 姓名 (with 女), 单位及职务, 荣誉.
    """
    qs = (
        Nomination.objects.filter(
            campaign=campaign,
            status__in=[NominationStatus.IN_NOTICE, NominationStatus.CONFERRED],
        )
        .select_related("honor_type", "person", "organization")
        .only(
            "id",
            "status",
            "unit_and_title",
            "honor_type__name",
            "honor_type__precedence",
            "person__name",
            "person__gender",
            "person__stroke_key",
            "organization__name",
            "organization__stroke_key",
        )
    )

    def key(n):
        stroke = n.person.stroke_key if n.person_id else n.organization.stroke_key
        return (n.honor_type.precedence, n.honor_type.name, stroke, n.pk)

    return sorted(qs, key=key)


def objections_for(nomination: Nomination) -> QuerySet:
    return Objection.objects.filter(nomination=nomination).select_related("answered_by").order_by("created_at")


def open_objections_of(campaign: Campaign) -> QuerySet:
    return Objection.objects.filter(nomination__campaign=campaign, status=ObjectionStatus.OPEN).select_related(
        "nomination__person", "nomination__organization", "nomination__honor_type"
    )


# --- honours record -------------------------------------------------------------------------------


def honours_record_person(person: Person) -> dict:
    return {
        "awards": award_list_for_person(person),
        "nominations": Nomination.objects.filter(person=person)
        .select_related("campaign", "honor_type", "nominating_org")
        .order_by("-campaign__year", "-id"),
    }


def honours_record_organization(org: Organization) -> dict:
    from .models import AwardTally

    return {
        "awards": award_list_for_organization(org),
        "nominations": Nomination.objects.filter(organization=org)
        .select_related("campaign", "honor_type", "nominating_org")
        .order_by("-campaign__year", "-id"),
        "tallies": AwardTally.objects.filter(organization=org).select_related("honor_type").order_by("-year"),
    }


def campaign_detail_prefetch() -> Prefetch:
    return Prefetch("quotas", queryset=Quota.objects.select_related("nominating_org", "honor_type"))


def decimal_percent(value: Decimal | None) -> str:
    return "" if value is None else rule_comp.format_share(value)


def user_orgs(user) -> list[Organization]:
    if not user.is_authenticated:
        return []
    return [m.organization for m in Membership.objects.filter(user=user).select_related("organization")]
