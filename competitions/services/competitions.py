"""Competitions: create, change, and move along the status flow (草稿 → 报名中 → … → 已结束).

Only organisers (管理员/组织者) of the competition's organiser organisation write (``by`` None: the
command line). Every write is recorded: RegistrationChange for creation and changes,
CompetitionStatusChange for each status move.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from pypinyin import lazy_pinyin

from core.errors import DomainError
from core.history import audited
from core.text import clean_name, clean_text
from directory.models import Organization

from ..models import (
    Competition,
    CompetitionStatus,
    CompetitionStatusChange,
    Event,
    RegistrationAction,
    RegistrationChange,
)
from .common import actor, full_clean, require_organizer, require_organizer_of

# One step forward, or back from 报名中 to 草稿 (registration paused before it was due to close).
STATUS_MOVES: dict[str, tuple[str, ...]] = {
    CompetitionStatus.DRAFT: (CompetitionStatus.REGISTRATION,),
    CompetitionStatus.REGISTRATION: (CompetitionStatus.IN_PROGRESS, CompetitionStatus.DRAFT),
    CompetitionStatus.IN_PROGRESS: (CompetitionStatus.SCORING,),
    CompetitionStatus.SCORING: (CompetitionStatus.PUBLISHED,),
    CompetitionStatus.PUBLISHED: (CompetitionStatus.CLOSED,),
    CompetitionStatus.CLOSED: (),
}
# What the button for each move says.
STATUS_MOVE_LABELS = {
    (CompetitionStatus.DRAFT, CompetitionStatus.REGISTRATION): "开放报名",
    (CompetitionStatus.REGISTRATION, CompetitionStatus.IN_PROGRESS): "截止报名，开始比赛",
    (CompetitionStatus.REGISTRATION, CompetitionStatus.DRAFT): "暂停报名（退回草稿）",
    (CompetitionStatus.IN_PROGRESS, CompetitionStatus.SCORING): "开始评分",
    (CompetitionStatus.SCORING, CompetitionStatus.PUBLISHED): "公布成绩",
    (CompetitionStatus.PUBLISHED, CompetitionStatus.CLOSED): "结束竞赛",
}
# No registration at all once results are out, not even forced.
REGISTRATION_LOCKED = (CompetitionStatus.PUBLISHED, CompetitionStatus.CLOSED)
# Events (their form, size and score components) can be changed until scoring starts.
EVENTS_EDITABLE = (CompetitionStatus.DRAFT, CompetitionStatus.REGISTRATION, CompetitionStatus.IN_PROGRESS)

COMPETITION_FIELDS = (
    "name",
    "slug",
    "kind",
    "level",
    "competition_class",
    "year",
    "organizer",
    "start_date",
    "end_date",
    "registration_opens",
    "registration_closes",
    "description",
)


def _check_competition_dates(c: Competition) -> None:
    if c.start_date and c.end_date and c.end_date < c.start_date:
        raise DomainError("结束日期不能早于开始日期", fields={"end_date": "结束日期不能早于开始日期"})
    if c.registration_opens and c.registration_closes and c.registration_closes < c.registration_opens:
        message = "报名截止日期不能早于报名开始日期"
        raise DomainError(message, fields={"registration_closes": message})
    if c.registration_opens and c.end_date and c.registration_opens > c.end_date:
        message = "报名开始日期不能晚于比赛结束日期"
        raise DomainError(message, fields={"registration_opens": message})


SLUG_MAX_CHARS = 50


def pinyin_slug(name: str, year: int) -> str:
    """A readable ASCII slug from a Chinese name: one pinyin syllable per character, the year first
    unless the name starts with it (“2025年焊工大赛” → ``2025-han-gong-da-sai``), cut at a
    hyphen so that it stays within SLUG_MAX_CHARS."""
    words = slugify(" ".join(lazy_pinyin(name, errors="default"))).split("-")
    words = [w for w in words if w]
    if len(words) > 1 and words[0].isdigit() and words[1] == "nian":
        del words[1]  # 2025年 → 2025
    if not words or words[0] != str(year):
        words.insert(0, str(year))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX_CHARS:
            break
        slug = candidate
    return slug or str(year)


def _unique_slug(name: str, year: int) -> str:
    """The pinyin slug, or with -2, -3 … when another competition already has it."""
    base = pinyin_slug(name, year)
    taken = set(Competition.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(COMPETITION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")


def _record(competition: Competition, action: str, by, **values: Any) -> RegistrationChange:
    return RegistrationChange.objects.create(competition=competition, action=action, changed_by=actor(by), **values)


@audited
@transaction.atomic
def competition_create(*, by, co_organizers: Iterable[Organization] = (), **fields: Any) -> Competition:
    """A new competition in 草稿 (draft). ``fields`` are COMPETITION_FIELDS; slug may be empty.

    ``by`` must be an organiser of the organiser organisation it names.
    """
    _check_fields(fields)
    if fields.get("organizer") is not None:
        require_organizer_of(by, fields["organizer"])
    fields["name"] = clean_name(fields.get("name"))
    if not fields.get("slug"):
        fields["slug"] = _unique_slug(fields["name"], fields["year"])
    competition = Competition(status=CompetitionStatus.DRAFT, **fields)
    _check_competition_dates(competition)
    full_clean(competition, exclude=["organizer"])
    competition.save()
    competition.co_organizers.set([o for o in co_organizers if o.pk != competition.organizer_id])
    _record(competition, RegistrationAction.COMPETITION_CREATE, by, new_value=competition.slug[:30])
    return competition


@audited
@transaction.atomic
def competition_update(
    *, competition: Competition, by, co_organizers: Iterable[Organization] | None = None, **fields: Any
) -> Competition:
    _check_fields(fields)
    require_organizer(by, competition)
    for name, value in fields.items():
        setattr(competition, name, clean_name(value) if name == "name" else value)
    _check_competition_dates(competition)
    full_clean(competition, exclude=["organizer"])
    competition.save()
    if co_organizers is not None:
        competition.co_organizers.set([o for o in co_organizers if o.pk != competition.organizer_id])
    _record(competition, RegistrationAction.COMPETITION_UPDATE, by)
    return competition


def competition_next_statuses(competition: Competition) -> list[tuple[str, str]]:
    """[(status, button label)] the competition may move to now."""
    return [(to, STATUS_MOVE_LABELS[(competition.status, to)]) for to in STATUS_MOVES[competition.status]]


@audited
@transaction.atomic
def competition_advance_status(
    *, competition: Competition, to_status: str, by, comment: str = ""
) -> CompetitionStatusChange:
    """Move along draft → 报名中 → 进行中 → 评分中 → 成绩公布 → 已结束, one step, recorded."""
    locked = Competition.objects.select_for_update().select_related("organizer").get(pk=competition.pk)
    require_organizer(by, locked)
    from_status = locked.status
    if to_status not in STATUS_MOVES.get(from_status, ()):
        raise DomainError(f"不能从“{CompetitionStatus(from_status).label}”直接变为“{_status_label(to_status)}”")
    if to_status == CompetitionStatus.REGISTRATION and not locked.events.exists():
        raise DomainError("请先设置至少一个赛项，再开放报名")
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    competition.status = to_status
    return CompetitionStatusChange.objects.create(
        competition=locked,
        from_status=from_status,
        to_status=to_status,
        changed_by=actor(by),
        comment=clean_text(comment),
    )


# Before any result is public: the statuses an event's publication moves the competition on from.
BEFORE_RESULTS = (
    CompetitionStatus.DRAFT,
    CompetitionStatus.REGISTRATION,
    CompetitionStatus.IN_PROGRESS,
    CompetitionStatus.SCORING,
)


def competition_follow_events(*, competition_id: int, by, cause: str) -> CompetitionStatusChange | None:
    """Keep the competition's status in step with its events' publication, recorded like any move.

    Results of some event published → at least 评分中 (registration is over); of every event →
    成绩公布; a publication withdrawn while it said 成绩公布 → back to 评分中. 已结束 stays. Called
    by the scoring services inside their transaction (``cause`` says which event did what); None
    when the status already fits.
    """
    locked = Competition.objects.select_for_update().get(pk=competition_id)
    counts = Event.objects.filter(competition_id=competition_id).aggregate(
        total=Count("pk"), published=Count("pk", filter=Q(results_published=True))
    )
    everything = counts["total"] > 0 and counts["published"] == counts["total"]
    if locked.status in BEFORE_RESULTS and everything:
        target = CompetitionStatus.PUBLISHED
    elif (locked.status in BEFORE_RESULTS[:3] and counts["published"]) or (
        locked.status == CompetitionStatus.PUBLISHED and not everything
    ):
        target = CompetitionStatus.SCORING
    else:
        return None
    from_status = locked.status
    Competition.objects.filter(pk=locked.pk).update(status=target, updated_at=timezone.now())
    return CompetitionStatusChange.objects.create(
        competition=locked,
        from_status=from_status,
        to_status=target,
        changed_by=actor(by),
        comment=f"随赛项自动变更：{cause}（{counts['published']}/{counts['total']}个赛项成绩已公布）"[:500],
    )


def _status_label(value: str) -> str:
    try:
        return str(CompetitionStatus(value).label)
    except ValueError:
        return value


# --- registration window ----------------------------------------------------------------------


def registration_problem(competition: Competition, *, today: date | None = None) -> str | None:
    """Why registration is not open now (status or dates), or None when it is."""
    today = today or timezone.localdate()
    if competition.status != CompetitionStatus.REGISTRATION:
        return f"竞赛当前状态为“{competition.get_status_display()}”，不在报名期间"
    if competition.registration_opens and today < competition.registration_opens:
        return f"报名将于 {competition.registration_opens:%Y-%m-%d} 开始"
    if competition.registration_closes and today > competition.registration_closes:
        return f"报名已于 {competition.registration_closes:%Y-%m-%d} 截止"
    return None


def registration_overdue(competition: Competition, *, today: date | None = None) -> bool:
    """Still 报名中 although the registration window closed: the organiser is prompted to move on."""
    today = today or timezone.localdate()
    return (
        competition.status == CompetitionStatus.REGISTRATION
        and competition.registration_closes is not None
        and today > competition.registration_closes
    )


def registration_check(competition: Competition, *, force: bool = False, today: date | None = None) -> None:
    """Raise unless entries may be added now; ``force`` lets organisers add late or early ones."""
    if competition.status in REGISTRATION_LOCKED:
        raise DomainError(f"竞赛当前为“{competition.get_status_display()}”，不能再报名")
    problem = registration_problem(competition, today=today)
    if problem and not force:
        raise DomainError(f"{problem}。如确需补报，请选择“强制登记（不受报名时间和状态限制）”")
