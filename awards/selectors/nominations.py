"""Nominations (推荐) a user sees, the checks on one nominee, and the 推荐汇总表's rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from competitions.models import LEVEL_RANK, Level
from core.ordering import stroke_order
from directory.selectors import scope_q

from ..models import (
    NOMINATION_DEAD,
    NOMINATION_FLAG_FIELDS,
    Award,
    AwardStatus,
    Campaign,
    HonorType,
    Nomination,
    NominationStatus,
    Objection,
    ObjectionStatus,
)
from ..rules import checks as rule_checks
from .awards import award_label
from .roles import campaign_sees_all
from .sections import ITERATOR_CHUNK, NOMINEE_STROKE, honour_order, section_order


def nomination_visible_q(user) -> Q | None:
    """Nominations of campaigns the user's organisations confer, and those the user's subtrees made."""
    cond = scope_q(user, "campaign__conferring_org__")
    if cond is None:
        return None
    return cond | scope_q(user, "nominating_org__")


def _nominations() -> QuerySet:
    return Nomination.objects.select_related(
        "campaign__conferring_org", "honor_type", "nominating_org", "person__employer", "organization"
    )


def nomination_list_visible(user) -> QuerySet:
    cond = nomination_visible_q(user)
    return _nominations() if cond is None else _nominations().filter(cond)


def nomination_get_visible(user, pk) -> Nomination:
    return get_object_or_404(nomination_list_visible(user), pk=pk)


def nominations_of_campaign(user, campaign: Campaign, honours: Sequence[HonorType] | None = None) -> QuerySet:
    """``honours``: the campaign's honours when already read (their order is then decided without
    reading the catalogue)."""
    order = honour_order() if honours is None else [h.pk for h in sorted(honours, key=lambda h: h.order_key)]
    # Who sees the conferring organisation sees every nomination of its campaigns: no scope filter,
    # whose OR over two joined paths kept PostgreSQL from counting them by the campaign (issue 13).
    return (
        (_nominations() if campaign_sees_all(user, campaign) else nomination_list_visible(user))
        .filter(campaign=campaign)
        .order_by(section_order("honor_type_id", order), "nominating_org__path", "id")
    )


# What a list of nominations shows of each (awards.views.tables.NominationTable): reading only these
# keeps the rows the database sorts narrow (a page of 10 000 nominations sorted 3× faster on SQLite).
NOMINATION_LIST_FIELDS = (
    "id",
    "status",
    "unit_and_title",
    "person__name",
    "person__gender",
    "organization__name",
    "honor_type__name",
    "nominating_org__name",
)


def nomination_list_rows(qs: QuerySet) -> QuerySet:
    """``qs`` (nominations a user sees, filtered) reading only what a list shows of them."""
    return (
        qs.select_related(None)
        .select_related("person", "organization", "honor_type", "nominating_org")
        .only(*NOMINATION_LIST_FIELDS)
    )


def _honor_ref(h: HonorType) -> rule_checks.HonorRef:
    return rule_checks.HonorRef(key=h.pk, name=h.name, series=h.series, level_rank=LEVEL_RANK[h.level])


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
    others = others.exclude(status__in=NOMINATION_DEAD).select_related("honor_type", "nominating_org")
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


def objections_for(nomination: Nomination, *, identified: bool = False) -> list[Objection]:
    """The objections to ``nomination``. Unless ``identified`` (organisers of the conferring
    organisation or above: ``roles.can_manage``), the objector's name and contact are not even read:
    they come back empty, so no page or export can show them to the nominee's unit or to viewers."""
    qs = Objection.objects.filter(nomination=nomination).select_related("answered_by").order_by("created_at")
    if identified:
        return list(qs)
    objections = list(qs.defer("name", "contact"))
    for objection in objections:
        objection.name = objection.contact = ""
    return objections


def open_objection_counts(nomination_ids: Sequence[int]) -> dict[int, int]:
    """Open objections per nomination, for these nominations only (a page of a list)."""
    rows = (
        Objection.objects.filter(nomination_id__in=list(nomination_ids), status=ObjectionStatus.OPEN)
        .order_by()
        .values("nomination_id")
        .annotate(n=Count("pk"))
    )
    return {r["nomination_id"]: r["n"] for r in rows}


def open_objections_of(campaign: Campaign) -> QuerySet:
    return Objection.objects.filter(nomination__campaign=campaign, status=ObjectionStatus.OPEN).select_related(
        "nomination__person", "nomination__organization", "nomination__honor_type"
    )


def confer_candidates(campaign: Campaign) -> tuple[list[Nomination], list[Nomination]]:
    """Who a 表彰 of the campaign would confer now, and who it holds back (open objections): both
    lists of nominations in 公示, in the order of the notice (honour, nominating unit)."""
    in_notice = (
        Nomination.objects.filter(campaign=campaign, status=NominationStatus.IN_NOTICE)
        .annotate(
            has_open_objection=Exists(Objection.objects.filter(nomination=OuterRef("pk"), status=ObjectionStatus.OPEN))
        )
        .select_related("person__employer", "organization", "honor_type", "nominating_org")
        .order_by("honor_type__precedence", "nominating_org__path", "pk")
    )
    ready, held_back = [], []
    for n in in_notice:
        (held_back if n.has_open_objection else ready).append(n)
    return ready, held_back


# --- the 推荐汇总表 ---------------------------------------------------------------------------------


def campaign_nominations(
    campaign: Campaign, *, statuses: Sequence[str] | None = None, base: QuerySet | None = None
) -> QuerySet:
    qs = (base if base is not None else Nomination.objects.all()).filter(campaign=campaign)
    if statuses is not None:
        qs = qs.filter(status__in=list(statuses))
    return qs


@dataclass(frozen=True)
class OrgSection:
    org_id: int
    name: str
    path: str
    count: int


def nomination_org_sections(qs: QuerySet) -> list[OrgSection]:
    """Nominating organisations present, in tree order, with counts."""
    rows = (
        qs.order_by()
        .values("nominating_org_id", "nominating_org__name", "nominating_org__path")
        .annotate(n=Count("id"))
    )
    sections = [
        OrgSection(r["nominating_org_id"], r["nominating_org__name"], r["nominating_org__path"], r["n"]) for r in rows
    ]
    return sorted(sections, key=lambda s: (s.path, s.org_id))


NOMINATION_ROW_FIELDS = (
    "nominating_org_id",
    "honor_type__name",
    "person_id",
    "person__name",
    "person__gender",
    "person__ethnicity",
    "person__birth_date",
    "person__political_status",
    "person__id_number",
    "person__phone",
    "organization__name",
    "unit_and_title",
    "person__employer__name",
    "person__job_title",
    *NOMINATION_FLAG_FIELDS,
    "status",
)


def nomination_rows(qs: QuerySet, sections: Sequence[OrgSection], rule: str = "surname") -> Iterator[tuple]:
    """NOMINATION_ROW_FIELDS per nomination: by nominating organisation (tree order), honour, 笔画
    (姓氏笔画, or 姓名笔画 with ``rule="fullname"``)."""
    return (
        qs.order_by(
            section_order("nominating_org_id", [s.org_id for s in sections]),
            section_order("honor_type_id", honour_order()),
            stroke_order(NOMINEE_STROKE, rule=rule),
            "id",
        )
        .values_list(*NOMINATION_ROW_FIELDS)
        .iterator(chunk_size=ITERATOR_CHUNK)
    )
