"""Registration writes: competitions and their status flow, events, entries one by one, bib numbers.

Every function takes keyword arguments only, runs in one transaction and raises
``django.core.exceptions.ValidationError`` with a Chinese message when the write is not allowed.
Permission (only organisers of the competition's organiser may write) is checked by the callers
(views: ``selectors.competition_user_can_manage``; the command line runs with full access).

Bib numbers (参赛号): ``<prefix><sequence>``, the sequence zero-padded to 3 digits (it simply
grows to 4 digits after 999) and counted per event from 1. The prefix is the event's
``bib_prefix``; events created here get a two-digit one (01, 02 …, the first not used by another
event of the competition), and older events with an empty prefix use their id as two digits, as the
seed data does ("01001"). A bib is given once, at registration, and never changes or gets reused:
a withdrawn entry keeps its number, and the next entry gets max(existing) + 1.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify

from core.text import clean_text, match_key
from directory.models import Organization, Person

from ..models import (
    DEFAULT_COMPONENTS,
    Competition,
    CompetitionStatus,
    CompetitionStatusChange,
    Entry,
    EntryStatus,
    Event,
    EventKind,
    Mark,
    ScoreComponent,
    Team,
)

MIN_AGE = 16
MAX_AGE = 70
BIB_WIDTH = 3

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


def _invalid(message: str, code: str | None = None) -> ValidationError:
    return ValidationError(message, code=code)


# --- competitions -----------------------------------------------------------------------------

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
        raise _invalid("结束日期不能早于开始日期")
    if c.registration_opens and c.registration_closes and c.registration_closes < c.registration_opens:
        raise _invalid("报名截止日期不能早于报名开始日期")
    if c.registration_opens and c.end_date and c.registration_opens > c.end_date:
        raise _invalid("报名开始日期不能晚于比赛结束日期")


def _unique_slug(name: str, year: int) -> str:
    base = slugify(name)[:40].strip("-")
    # Chinese names slugify to little or nothing ("2025"): only a slug with letters is worth keeping.
    if any(c.isalpha() for c in base) and not Competition.objects.filter(slug=base).exists():
        return base
    while True:
        slug = f"{year}-{secrets.token_hex(3)}"
        if not Competition.objects.filter(slug=slug).exists():
            return slug


@transaction.atomic
def competition_create(
    *, by, co_organizers: Iterable[Organization] = (), **fields: Any
) -> Competition:
    """A new competition in 草稿 (draft). ``fields`` are COMPETITION_FIELDS; slug may be empty."""
    unknown = set(fields) - set(COMPETITION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    fields["name"] = clean_text(fields.get("name"))
    if not fields.get("slug"):
        fields["slug"] = _unique_slug(fields["name"], fields["year"])
    competition = Competition(status=CompetitionStatus.DRAFT, **fields)
    _check_competition_dates(competition)
    competition.full_clean(exclude=["organizer"])
    competition.save()
    competition.co_organizers.set([o for o in co_organizers if o.pk != competition.organizer_id])
    return competition


@transaction.atomic
def competition_update(
    *, competition: Competition, by, co_organizers: Iterable[Organization] | None = None, **fields: Any
) -> Competition:
    unknown = set(fields) - set(COMPETITION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(competition, name, clean_text(value) if name == "name" else value)
    _check_competition_dates(competition)
    competition.full_clean(exclude=["organizer"])
    competition.save()
    if co_organizers is not None:
        competition.co_organizers.set([o for o in co_organizers if o.pk != competition.organizer_id])
    return competition


def competition_next_statuses(competition: Competition) -> list[tuple[str, str]]:
    """[(status, button label)] the competition may move to now."""
    return [(to, STATUS_MOVE_LABELS[(competition.status, to)]) for to in STATUS_MOVES[competition.status]]


@transaction.atomic
def competition_advance_status(
    *, competition: Competition, to_status: str, by, comment: str = ""
) -> CompetitionStatusChange:
    """Move along draft → 报名中 → 进行中 → 评分中 → 成绩公布 → 已结束, one step, recorded."""
    locked = Competition.objects.select_for_update().get(pk=competition.pk)
    from_status = locked.status
    if to_status not in STATUS_MOVES.get(from_status, ()):
        raise _invalid(
            f"不能从“{CompetitionStatus(from_status).label}”直接变为“{_status_label(to_status)}”",
            code="status_flow",
        )
    if to_status == CompetitionStatus.REGISTRATION and not locked.events.exists():
        raise _invalid("请先设置至少一个赛项，再开放报名", code="no_events")
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    competition.status = to_status
    return CompetitionStatusChange.objects.create(
        competition=locked, from_status=from_status, to_status=to_status, changed_by=by, comment=clean_text(comment)
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


def registration_check(competition: Competition, *, force: bool = False, today: date | None = None) -> None:
    """Raise unless entries may be added now; ``force`` lets organisers add late or early ones."""
    if competition.status in REGISTRATION_LOCKED:
        raise _invalid(f"竞赛已{competition.get_status_display()}，不能再报名", code="registration_locked")
    problem = registration_problem(competition, today=today)
    if problem and not force:
        raise _invalid(f"{problem}。如确需补报，请选择“强制登记（不受报名时间和状态限制）”", code="registration_closed")


def age_reference_date(competition: Competition) -> date:
    """Ages are counted in full years (周岁) on the start date, or on 1 January of the year."""
    return competition.start_date or date(competition.year, 1, 1)


def age_problem(birth_date: date | None, competition: Competition) -> str | None:
    if birth_date is None:
        return None
    day = age_reference_date(competition)
    if birth_date > day:
        return f"出生日期 {birth_date:%Y-%m-%d} 晚于比赛日期"
    age = day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    if age < MIN_AGE or age > MAX_AGE:
        return f"年龄应在 {MIN_AGE}–{MAX_AGE} 周岁之间（按 {day:%Y-%m-%d} 计为 {age} 周岁）"
    return None


# --- events -----------------------------------------------------------------------------------

_COMPONENT_KEYS = {"理论": "theory", "实操": "practical", "实际操作": "practical"}


def effective_bib_prefix(event: Event) -> str:
    return event.bib_prefix or f"{event.pk:02d}"


def _free_bib_prefix(competition: Competition, exclude_pk: int | None = None) -> str:
    used = {effective_bib_prefix(e) for e in competition.events.exclude(pk=exclude_pk)}
    n = 1
    while f"{n:02d}" in used:
        n += 1
    return f"{n:02d}"


def parse_components(components: Sequence[tuple[str, Any]]) -> list[tuple[str, Decimal]]:
    """[(name, weight)] cleaned and checked: at least one, names unique, weights add up to 100."""
    parsed: list[tuple[str, Decimal]] = []
    seen: set[str] = set()
    for name, weight in components:
        name = clean_text(name)
        if not name:
            raise _invalid("成绩构成的名称不能为空")
        if match_key(name) in seen:
            raise _invalid(f"成绩构成“{name}”重复")
        seen.add(match_key(name))
        try:
            w = Decimal(str(weight))
        except (InvalidOperation, ValueError):
            raise _invalid(f"“{name}”的权重应为数字") from None
        if not w.is_finite() or w < 0 or w > 100:
            raise _invalid(f"“{name}”的权重应在 0–100 之间")
        parsed.append((name, w))
    if not parsed:
        raise _invalid("至少需要一项成绩构成（如 理论 30、实操 70）")
    total = sum(w for _n, w in parsed)
    if total != 100:
        raise _invalid(f"各项权重之和应为 100，当前为 {total.normalize():f}")
    return parsed


def _save_components(event: Event, components: list[tuple[str, Decimal]]) -> None:
    existing = {match_key(c.name): c for c in event.components.all()}
    wanted = {match_key(n) for n, _w in components}
    removed = [c for k, c in existing.items() if k not in wanted]
    if removed and event.pk:
        if Mark.objects.filter(component__in=removed).exists():
            raise _invalid("已有评分的成绩构成不能删除")
        ScoreComponent.objects.filter(pk__in=[c.pk for c in removed]).delete()
    used_keys = {c.key for k, c in existing.items() if k in wanted}
    for order, (name, weight) in enumerate(components):
        comp = existing.get(match_key(name))
        if comp is None:
            key = _COMPONENT_KEYS.get(name)
            if key is None or key in used_keys:
                n = order + 1
                while f"part{n}" in used_keys:
                    n += 1
                key = f"part{n}"
            used_keys.add(key)
            ScoreComponent.objects.create(event=event, key=key, name=name, weight=weight, order=order)
        elif (comp.name, comp.weight, comp.order) != (name, weight, order):
            comp.name, comp.weight, comp.order = name, weight, order
            comp.save(update_fields=["name", "weight", "order"])


EVENT_FIELDS = ("name", "trade", "kind", "team_size", "places_per_delegation", "bib_prefix")


def _check_event(event: Event) -> None:
    event.name = clean_text(event.name)
    event.trade = clean_text(event.trade)
    event.bib_prefix = clean_text(event.bib_prefix)
    if not event.name:
        raise _invalid("赛项名称不能为空")
    if event.kind == EventKind.TEAM:
        if not event.team_size or event.team_size < 2:
            raise _invalid("团体赛项的每队人数至少为 2")
    else:
        event.team_size = None
    if event.places_per_delegation is not None and event.places_per_delegation < 1:
        raise _invalid("每个代表队名额至少为 1（不限名额请留空）")
    key = match_key(event.name)
    for other in event.competition.events.exclude(pk=event.pk):
        if other.name_key == key or match_key(other.name) == key:
            raise _invalid(f"本竞赛已有赛项“{other.name}”")
        if event.bib_prefix and effective_bib_prefix(other) == event.bib_prefix:
            raise _invalid(f"参赛号前缀“{event.bib_prefix}”已被赛项“{other.name}”使用")


@transaction.atomic
def event_create(
    *, competition: Competition, by, components: Sequence[tuple[str, Any]] | None = None, **fields: Any
) -> Event:
    """A new event (赛项); components default to 理论 30 / 实操 70."""
    if competition.status not in EVENTS_EDITABLE:
        raise _invalid(f"竞赛已{competition.get_status_display()}，不能再增加赛项")
    parsed = parse_components(components if components is not None else [(n, w) for _k, n, w in DEFAULT_COMPONENTS])
    event = Event(competition=competition, **{k: v for k, v in fields.items() if k in EVENT_FIELDS})
    _check_event(event)
    if not event.bib_prefix:
        event.bib_prefix = _free_bib_prefix(competition)
    event.full_clean(exclude=["competition"])
    event.save()
    _save_components(event, parsed)
    return event


@transaction.atomic
def event_update(
    *, event: Event, by, components: Sequence[tuple[str, Any]] | None = None, **fields: Any
) -> Event:
    event = Event.objects.select_for_update(of=("self",)).select_related("competition").get(pk=event.pk)
    if event.competition.status not in EVENTS_EDITABLE or event.scores_locked:
        raise _invalid("评分开始后不能再修改赛项设置")
    old_kind = event.kind
    for name, value in fields.items():
        if name in EVENT_FIELDS:
            setattr(event, name, value)
    _check_event(event)
    if event.kind != old_kind and event.entries.exists():
        raise _invalid("已有报名的赛项不能在个人和团体之间切换")
    if event.kind == EventKind.TEAM and event.team_size:
        too_big = (
            event.teams.annotate(n=Count("members", filter=Q(members__status=EntryStatus.REGISTERED)))
            .filter(n__gt=event.team_size)
            .first()
        )
        if too_big is not None:
            raise _invalid(f"参赛队“{too_big.name}”已有 {too_big.n} 人，每队人数不能小于此数")
    event.full_clean(exclude=["competition"])
    event.save()
    if components is not None:
        _save_components(event, parse_components(components))
    return event


# --- bib numbers ------------------------------------------------------------------------------


def format_bib(prefix: str, seq: int) -> str:
    return f"{prefix}{seq:0{BIB_WIDTH}d}"


def next_bib_sequence(prefix: str, bibs: Iterable[str]) -> int:
    """1 + the largest sequence among ``bibs`` that carry ``prefix`` (1 when there are none)."""
    best = 0
    n = len(prefix)
    for bib in bibs:
        if bib and bib.startswith(prefix):
            tail = bib[n:]
            if tail.isdigit() and tail.isascii():
                best = max(best, int(tail))
    return best + 1


def _next_bib(event: Event) -> str:
    prefix = effective_bib_prefix(event)
    bibs = event.entries.filter(bib__startswith=prefix).values_list("bib", flat=True)
    return format_bib(prefix, next_bib_sequence(prefix, bibs))


# --- places and teams -------------------------------------------------------------------------


def places_used(event: Event, delegation: Organization) -> int:
    """Places a delegation holds in an event: registered entries, or teams for team events."""
    if event.kind == EventKind.TEAM:
        return (
            Team.objects.filter(event=event, delegation=delegation, members__status=EntryStatus.REGISTERED)
            .distinct()
            .count()
        )
    return Entry.objects.filter(event=event, delegation=delegation, status=EntryStatus.REGISTERED).count()


def _check_places(event: Event, delegation: Organization, *, adding: int = 1) -> None:
    if event.places_per_delegation is None:
        return
    used = places_used(event, delegation)
    if used + adding > event.places_per_delegation:
        unit = "队" if event.kind == EventKind.TEAM else "人"
        raise _invalid(
            f"代表队“{delegation.name}”在赛项“{event.name}”的名额为 {event.places_per_delegation} {unit}，"
            f"已报 {used} {unit}",
            code="places",
        )


def _team_for(event: Event, delegation: Organization, team: Team | None, team_name: str) -> Team:
    if team is None:
        name = clean_text(team_name) or delegation.name
        team = Team.objects.filter(event=event, name=name).first()
        if team is None:
            _check_places(event, delegation)
            return Team.objects.create(event=event, name=name, delegation=delegation)
    if team.event_id != event.pk:
        raise _invalid("参赛队不属于该赛项")
    if team.delegation_id != delegation.pk:
        raise _invalid(f"参赛队“{team.name}”属于代表队“{team.delegation.name}”，与所选代表队不同")
    members = team.members.filter(status=EntryStatus.REGISTERED).count()
    if members == 0:
        _check_places(event, delegation)  # an emptied team takes its place again
    if event.team_size and members >= event.team_size:
        raise _invalid(f"参赛队“{team.name}”已满（每队 {event.team_size} 人）", code="team_full")
    return team


# --- entries ----------------------------------------------------------------------------------


@transaction.atomic
def entry_register(
    *,
    event: Event,
    person: Person,
    delegation: Organization,
    by,
    team: Team | None = None,
    team_name: str = "",
    force: bool = False,
    source: str = "",
) -> Entry:
    """Register ``person`` in ``event`` for ``delegation``; gives the next bib number."""
    # The event row lock serialises bib numbers and place counting for this event.
    event = Event.objects.select_for_update(of=("self",)).select_related("competition").get(pk=event.pk)
    competition = event.competition
    registration_check(competition, force=force)
    existing = Entry.objects.filter(event=event, person=person).first()
    if existing is not None:
        raise _invalid(
            f"{person.name} 已报名赛项“{event.name}”（参赛号 {existing.bib or '—'}，{existing.get_status_display()}）",
            code="duplicate",
        )
    problem = age_problem(person.birth_date, competition)
    if problem:
        raise _invalid(f"{person.name}：{problem}", code="age")
    if event.kind == EventKind.TEAM:
        team = _team_for(event, delegation, team, team_name)
    else:
        team = None
        _check_places(event, delegation)
    entry = Entry(
        event=event,
        person=person,
        delegation=delegation,
        team=team,
        bib=_next_bib(event),
        registered_by=by if getattr(by, "pk", None) else None,
        source=source,
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise _invalid("报名已被他人同时修改，请刷新后重试") from None
    return entry


def _set_status(entry: Entry, status: str, reason: str, *, allowed_from: tuple[str, ...]) -> Entry:
    entry = Entry.objects.select_for_update(of=("self",)).select_related("event__competition").get(pk=entry.pk)
    if entry.event.competition.status in REGISTRATION_LOCKED:
        raise _invalid(f"竞赛已{entry.event.competition.get_status_display()}，不能再修改报名")
    if entry.status not in allowed_from:
        raise _invalid(f"该报名当前为“{entry.get_status_display()}”，不能改为“{EntryStatus(status).label}”")
    entry.status = status
    entry.status_reason = clean_text(reason)[:500]
    entry.save(update_fields=["status", "status_reason", "updated_at"])
    return entry


@transaction.atomic
def entry_withdraw(*, entry: Entry, reason: str, by) -> Entry:
    """退赛: the entry keeps its bib number and frees its place."""
    if not clean_text(reason):
        raise _invalid("请填写退赛原因")
    return _set_status(entry, EntryStatus.WITHDRAWN, reason, allowed_from=(EntryStatus.REGISTERED,))


@transaction.atomic
def entry_disqualify(*, entry: Entry, reason: str, by) -> Entry:
    """取消资格, with the reason shown on the registration list."""
    if not clean_text(reason):
        raise _invalid("请填写取消资格的原因")
    return _set_status(entry, EntryStatus.DISQUALIFIED, reason, allowed_from=(EntryStatus.REGISTERED,))


@transaction.atomic
def entry_reinstate(*, entry: Entry, by) -> Entry:
    """Undo a withdrawal or disqualification, if the delegation still has the place."""
    # Event first, as entry_register does: the same lock order everywhere avoids deadlocks.
    Event.objects.select_for_update().filter(pk=entry.event_id).first()
    locked = (
        Entry.objects.select_for_update(of=("self",)).select_related("event", "delegation", "team").get(pk=entry.pk)
    )
    if locked.status != EntryStatus.REGISTERED:
        if locked.event.kind == EventKind.TEAM and locked.team_id:
            size = locked.team.members.filter(status=EntryStatus.REGISTERED).count()
            if locked.event.team_size and size >= locked.event.team_size:
                raise _invalid(f"参赛队“{locked.team.name}”已满（每队 {locked.event.team_size} 人）")
            if size == 0:
                _check_places(locked.event, locked.delegation)
        elif locked.event.kind != EventKind.TEAM:
            _check_places(locked.event, locked.delegation)
    return _set_status(
        locked, EntryStatus.REGISTERED, "", allowed_from=(EntryStatus.WITHDRAWN, EntryStatus.DISQUALIFIED)
    )
