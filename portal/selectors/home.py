"""What each user should do next, for the home page (首页待办): read-only, a fixed number of queries.

- organisers (管理员/组织者) of a subtree: deadlines coming or passed (registration closing,
  nominations due, 公示 ending), objections waiting for an answer, nominations waiting for review,
  events ready to lock or publish, and their own uploads the check refused;
- judges: their mark sheets, with how many entries still lack one of their marks;
- reviewers (评审): the campaigns they review, with the nominations waiting.

Each item carries the URL of the page where it is done. One query reads the user's memberships;
each section is one query (the judges' one a few), whatever the number of rows.

The signed-in home page draws the judges' mark sheets on every visit (``home_sheets``: assignments and
components keep no change history to stamp them by); the rest — the other sections and the two short
lists — is drawn once per user and cached under ``home_stamps``: who asks (their memberships), the
day, and the newest change of every model it shows (core.pagecache). Any write to those models draws
it afresh on the next visit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from awards.models import (
    Award,
    Campaign,
    CampaignStatus,
    HonorType,
    Nomination,
    NominationStatus,
    Objection,
    ObjectionStatus,
)
from awards.selectors.awards import AWARD_LIST_ORDER, award_list_visible
from competitions.models import (
    Competition,
    CompetitionStatus,
    Entry,
    EntryStatus,
    Event,
    Mark,
    ScoreComponent,
)
from competitions.selectors import competition_list_visible
from competitions.selectors.judges import judge_tasks
from core.models import ImportFailure, ImportRecord
from core.pagecache import last_changes
from directory.models import Membership, Organization, Person, Role
from directory.selectors import user_memberships, user_scope_stamp

HORIZON = dt.timedelta(days=30)  # deadlines shown this far ahead
FAILED_IMPORTS_SHOWN = dt.timedelta(days=14)
LIMIT = 20

ORGANISER = (Role.ADMIN, Role.ORGANIZER)
REVIEWERS = (Role.ADMIN, Role.ORGANIZER, Role.REVIEWER)


@dataclass(frozen=True)
class Todo:
    label: str
    url: str
    detail: str = ""
    when: dt.date | None = None
    overdue: bool = False
    count: int | None = None


@dataclass
class HomeBoard:
    is_organiser: bool = False
    is_judge: bool = False
    is_reviewer: bool = False
    deadlines: list[Todo] = field(default_factory=list)
    objections: list[Todo] = field(default_factory=list)
    reviews: list[Todo] = field(default_factory=list)
    events: list[Todo] = field(default_factory=list)
    failed_imports: list[Todo] = field(default_factory=list)
    sheets: list[Todo] = field(default_factory=list)
    campaigns: list[Todo] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any((self.deadlines, self.objections, self.reviews, self.events, self.failed_imports,
                        self.sheets, self.campaigns))


def _under(field_path: str, orgs, everything: bool) -> Q | None:
    """Q for ``field_path`` (an Organization FK) lying under one of ``orgs``; None: no limit."""
    if everything:
        return Q()
    if not orgs:
        return None
    cond = Q()
    for org in orgs:
        cond |= Q(**{f"{field_path}__path__startswith": org.path})
    return cond


# Every model whose rows the cached part of the home page shows or counts (all but the mark sheets).
HOME_SOURCES = (
    Competition, Campaign, Objection, Nomination, Event, Award, HonorType, Person, Organization, Membership,
    ImportFailure, ImportRecord,
)


def home_stamps(user, today: dt.date) -> tuple:
    """What the signed-in home page of ``user`` on ``today`` depends on: the user, their memberships
    (role, organisation, its place in the tree), the day, the language, and the newest change of
    every model it shows — one query."""
    return (*user_scope_stamp(user), today.isoformat(), get_language(), *last_changes(*HOME_SOURCES))


def home_sheets(user) -> list[Todo]:
    """The judge's mark sheets still to fill or lock, read on every visit."""
    board = HomeBoard()
    if user.is_authenticated:
        _judge(board, user)
    return board.sheets


def home_context(user, today: dt.date) -> dict:
    """The cached part of the signed-in home page: the board but for the mark sheets, and the newest
    competitions and awards."""
    return {
        "board": home_board(user, today=today, sheets=False),
        "competitions": competition_list_visible(user).order_by("-year", "name")[:20],
        # newest year first in 表彰记录's own order: a walk of its index (award_list_order)
        "awards": award_list_visible(user).order_by(*AWARD_LIST_ORDER)[:20],
    }


def home_board(user, *, today: dt.date | None = None, sheets: bool = True) -> HomeBoard:
    today = today or timezone.localdate()
    board = HomeBoard()
    if not user.is_authenticated:
        return board
    roots: dict[str, list] = defaultdict(list)
    for m in user_memberships(user):  # the request's, already read for its permission checks
        roots[m.role].append(m.organization)
    su = user.is_superuser
    organised = [o for r in ORGANISER for o in roots[r]]
    reviewed = [o for r in REVIEWERS for o in roots[r]]
    board.is_organiser = su or bool(organised)
    board.is_reviewer = bool(roots[Role.REVIEWER])
    if board.is_organiser:
        _organiser(board, user, organised, reviewed, su, today)
    if board.is_reviewer:
        _reviewer(board, roots[Role.REVIEWER], today)
    if sheets:
        _judge(board, user)
    return board


def _organiser(board: HomeBoard, user, organised, reviewed, su: bool, today: dt.date) -> None:
    horizon = today + HORIZON
    org_q = _under("organizer", organised, su)
    conf_q = _under("conferring_org", organised, su)
    review_q = _under("campaign__conferring_org", reviewed, su)

    # deadlines: registration closing, nominations due, 公示 ending (passed ones too: act on them)
    for c in Competition.objects.filter(
        org_q, status=CompetitionStatus.REGISTRATION, registration_closes__lte=horizon
    ).order_by("registration_closes")[:LIMIT]:
        board.deadlines.append(Todo(
            f"{c.name}：报名截止", reverse("competitions:registration_manage", args=[c.slug]),
            "报名已截止，请核对名单后进入下一阶段" if c.registration_closes < today else "",
            c.registration_closes, c.registration_closes < today,
        ))
    campaigns = Campaign.objects.filter(conf_q).filter(
        Q(status=CampaignStatus.NOMINATING, nomination_deadline__lte=horizon)
        | Q(status=CampaignStatus.NOTICE, notice_end__lte=horizon)
    ).order_by("id")[:LIMIT]
    for c in campaigns:
        url = reverse("awards:campaign_detail", args=[c.pk])
        if c.status == CampaignStatus.NOMINATING:
            d = c.nomination_deadline
            board.deadlines.append(Todo(f"{c.name}：推荐截止", url,
                                        "推荐已截止，可以结束推荐、开始审核" if d < today else "", d, d < today))
        else:
            d = c.notice_end
            board.deadlines.append(Todo(f"{c.name}：公示结束", url,
                                        "公示期已满，答复异议后可以表彰" if d < today else "", d, d < today))
    board.deadlines.sort(key=lambda t: t.when)

    # objections waiting for an answer
    for o in Objection.objects.filter(
        _under("nomination__campaign__conferring_org", organised, su), status=ObjectionStatus.OPEN
    ).select_related("nomination__person", "nomination__organization", "nomination__campaign").order_by(
        "created_at"
    )[:LIMIT]:
        n = o.nomination
        who = n.person.name if n.person_id else (n.organization.name if n.organization_id else "")
        board.objections.append(Todo(
            f"对“{who}”的异议", reverse("awards:nomination_detail", args=[n.pk]),
            f"{n.campaign.name} · {timezone.localtime(o.created_at):%Y-%m-%d} 提出", o.created_at.date(),
        ))

    # nominations waiting for review, per campaign
    if review_q is not None:
        for row in Nomination.objects.filter(review_q, status=NominationStatus.SUBMITTED).values(
            "campaign_id", "campaign__name"
        ).annotate(n=Count("pk")).order_by("campaign_id")[:LIMIT]:
            board.reviews.append(Todo(
                f"{row['campaign__name']}：待审核推荐",
                reverse("awards:campaign_detail", args=[row["campaign_id"]]) + "?status=submitted",
                count=row["n"],
            ))

    # events ready to lock (computed, not locked) or to publish (locked, not published)
    for e in Event.objects.filter(
        _under("competition__organizer", organised, su),
        Q(results_computed_at__isnull=False, scores_locked=False) | Q(scores_locked=True, results_published=False),
    ).select_related("competition").order_by("competition__year", "competition_id", "id")[:LIMIT]:
        url = reverse("competitions:event_results", args=[e.competition.slug, e.pk])
        if e.scores_locked:
            board.events.append(Todo(f"{e.competition.name} · {e.name}：可以公布成绩", url, "成绩已锁定"))
        else:
            board.events.append(Todo(f"{e.competition.name} · {e.name}：待裁判长锁定成绩", url, "成绩已计算"))

    # the user's uploads the check refused, until a later import of the same kind succeeds
    later_ok = ImportRecord.objects.filter(
        kind=OuterRef("kind"), imported_by=user, imported_at__gt=OuterRef("uploaded_at")
    )
    seen = set()
    # from the start of a day (not this very moment): the board is the same all day (home_stamps)
    shown_from = timezone.make_aware(dt.datetime.combine(today - FAILED_IMPORTS_SHOWN, dt.time.min))
    failures = ImportFailure.objects.filter(uploaded_by=user, uploaded_at__gte=shown_from)
    for f in failures.exclude(Exists(later_ok)).order_by("-uploaded_at")[:LIMIT]:
        if (f.kind, f.target) in seen:
            continue
        seen.add((f.kind, f.target))
        board.failed_imports.append(Todo(
            f"{f.title}：{f.filename}", f.url, f"{f.error_count} 处错误：" + "；".join(f.first_errors[:2]),
            timezone.localtime(f.uploaded_at).date(), count=f.error_count,
        ))


def _reviewer(board: HomeBoard, orgs, today: dt.date) -> None:
    for c in Campaign.objects.filter(
        _under("conferring_org", orgs, False),
        status__in=[CampaignStatus.NOMINATING, CampaignStatus.REVIEWING, CampaignStatus.NOTICE],
    ).annotate(waiting=Count("nominations", filter=Q(nominations__status=NominationStatus.SUBMITTED))).order_by(
        "-year", "id"
    )[:LIMIT]:
        board.campaigns.append(Todo(
            c.name, reverse("awards:campaign_detail", args=[c.pk]) + ("?status=submitted" if c.waiting else ""),
            f"{c.get_status_display()} · 待审核 {c.waiting} 项", count=c.waiting,
        ))


def _judge(board: HomeBoard, user) -> None:
    assignments = [a for a in judge_tasks(user) if not a.event.results_published][:LIMIT]
    if not assignments:
        return
    board.is_judge = True
    event_ids = [a.event_id for a in assignments]
    components: dict[int, set[int]] = defaultdict(set)
    for event_id, pk in ScoreComponent.objects.filter(event_id__in=event_ids).values_list("event_id", "pk"):
        components[event_id].add(pk)
    entries: dict[int, list[int]] = defaultdict(list)
    for event_id, pk in Entry.objects.filter(event_id__in=event_ids, status=EntryStatus.REGISTERED).values_list(
        "event_id", "pk"
    ):
        entries[event_id].append(pk)
    marked: dict[int, set[int]] = defaultdict(set)
    for entry_id, component_id in Mark.objects.filter(judge=user, entry__event_id__in=event_ids).values_list(
        "entry_id", "component_id"
    ):
        marked[entry_id].add(component_id)
    for a in assignments:
        e = a.event
        mine = {c.pk for c in a.components.all()} or components[e.pk]
        remaining = sum(1 for pk in entries[e.pk] if not mine <= marked[pk])
        url = reverse("competitions:mark_sheet", args=[e.competition.slug, e.pk])
        role = "裁判长" if a.is_chief else "裁判"
        if e.scores_locked:
            detail = "成绩已锁定"
            if a.is_chief and not e.results_published:
                url = reverse("competitions:event_results", args=[e.competition.slug, e.pk])
        elif remaining:
            detail = f"还有 {remaining} 名选手待评分（共 {len(entries[e.pk])} 名）"
        else:
            detail = f"已全部评完（共 {len(entries[e.pk])} 名）"
            if a.is_chief and e.results_computed_at:
                detail += "，可以锁定成绩"
        board.sheets.append(Todo(f"{e.competition.name} · {e.name}（{role}）", url, detail,
                                 count=0 if e.scores_locked else remaining))
