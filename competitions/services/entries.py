"""Entries (报名): register one person, withdraw, disqualify, reinstate; the completion time.

Registration writes are for organisers of the competition's organiser organisation (``by`` None:
the command line) and are recorded: a new entry keeps ``registered_by``, each status change is a
RegistrationChange (who, when, old and new status, reason). A completion time is a judge's write,
recorded as a ScoreChange with the same version check as a mark.

Bib numbers: ``competitions.rules.registration`` (given once, at registration, never reused).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowed
from core.history import audited, record_pks
from core.text import clean_text
from directory.models import Organization, Person
from directory.selectors import person_owned_by
from directory.services import person_create, person_merge_blanks

from ..models import (
    Entry,
    EntryStatus,
    Event,
    EventKind,
    JudgeAssignment,
    RegistrationAction,
    RegistrationChange,
    ScoreChange,
    ScoreChangeField,
    Team,
)
from ..rules.registration import age_problem, effective_bib_prefix, format_bib, next_bib_sequence
from .common import (
    TWO_PLACES,
    ScoreConflict,
    ScoringError,
    ScoringLocked,
    actor,
    check_entry_open,
    fmt,
    last_change,
    lock_event_shared,
    registered_count_add,
    require_organizer,
)
from .competitions import REGISTRATION_LOCKED, registration_check
from .teams import check_places, check_team_room, team_for_entry

MAX_TIME = Decimal("999999.99")


def _next_bib(event: Event) -> str:
    prefix = effective_bib_prefix(event)
    bibs = event.entries.filter(bib__startswith=prefix).values_list("bib", flat=True)
    return format_bib(prefix, next_bib_sequence(prefix, bibs))


@audited
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
    entered: dict | None = None,
) -> Entry:
    """Register ``person`` in ``event`` for ``delegation``; gives the next bib number.

    ``entered``: the details the organiser typed (``rules.registration.entered_details``), kept on
    the entry as entered whoever owns the person's record."""
    # The event row lock serialises bib numbers and place counting for this event.
    event = Event.objects.select_for_update(of=("self",)).select_related("competition__organizer").get(pk=event.pk)
    competition = event.competition
    require_organizer(by, competition)
    registration_check(competition, force=force)
    existing = Entry.objects.filter(event=event, person=person).first()
    if existing is not None:
        raise DomainError(
            f"{person.name} 已报名赛项“{event.name}”（参赛号 {existing.bib or '—'}，{existing.get_status_display()}）"
        )
    problem = age_problem(person.birth_date, competition)
    if problem:
        raise DomainError(f"{person.name}：{problem}")
    if event.kind == EventKind.TEAM:
        team = team_for_entry(event, delegation, team, team_name)
    else:
        team = None
        check_places(event, delegation)
    entry = Entry(
        event=event,
        person=person,
        delegation=delegation,
        team=team,
        bib=_next_bib(event),
        registered_by=actor(by),
        source=source,
        entered_details=entered or {},
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise DomainError("报名已被他人同时修改，请刷新后重试") from None
    registered_count_add({event.pk: 1})
    return entry


# Said whoever asks: it names nobody and reveals nothing registered under the ID number.
OTHER_NAME = "该身份证号已登记在另一姓名的人员名下（可能属于其他单位），请核对姓名和身份证号"


@audited
def entry_person_for(values: dict, *, competition, by) -> Person:
    """The person a new entry of ``competition`` is for: the one with this ID number, or a new one.
    Call inside the transaction of ``entry_register``.

    Ownership (README “谁的数据”): an existing person's blank fields are filled in only when ``by``
    owns their record (organiser of their employer or above); otherwise the record is not touched
    and what was typed stays on the entry (``entered_details``). A different name under the ID
    number is refused without saying which name.
    """
    require_organizer(by, competition)
    existing = (
        Person.objects.select_for_update(of=("self",)).select_related("employer")
        .filter(id_number=values["id_number"]).first()
    )
    if existing is None:
        try:
            return person_create(by=by, **values)
        except ValidationError as exc:
            raise DomainError("；".join(exc.messages)) from exc
    if existing.name != values["name"]:
        raise DomainError(OTHER_NAME, fields={"name": OTHER_NAME})
    if person_owned_by(by, existing):
        changed, _conflicts = person_merge_blanks(existing, values)
        if changed:
            existing.save()
    return existing


def _registration_locked(competition) -> str:
    """Why no entry of ``competition`` may change status any more ("" while it may). The status is
    quoted: its labels (已结束, 成绩公布) read wrongly after a 已 of the sentence's own."""
    if competition.status in REGISTRATION_LOCKED:
        return f"竞赛当前为“{competition.get_status_display()}”，不能再修改报名"
    return ""


def _set_status(entry: Entry, status: str, reason: str, *, by, action: str, allowed_from: tuple[str, ...]) -> Entry:
    # The event first, as entry_register does (the same lock order everywhere): its 报名人数 changes.
    Event.objects.select_for_update().filter(pk=entry.event_id).first()
    entry = (
        Entry.objects.select_for_update(of=("self",)).select_related("event__competition__organizer").get(pk=entry.pk)
    )
    competition = entry.event.competition
    require_organizer(by, competition)
    if problem := _registration_locked(competition):
        raise DomainError(problem)
    if entry.status not in allowed_from:
        raise DomainError(f"该报名当前为“{entry.get_status_display()}”，不能改为“{EntryStatus(status).label}”")
    old = entry.status
    entry.status = status
    entry.status_reason = clean_text(reason)[:500]
    entry.save(update_fields=["status", "status_reason", "updated_at"])
    registered_count_add({entry.event_id: (status == EntryStatus.REGISTERED) - (old == EntryStatus.REGISTERED)})
    RegistrationChange.objects.create(
        competition=competition,
        event_id=entry.event_id,
        entry=entry,
        action=action,
        old_value=old,
        new_value=status,
        reason=entry.status_reason,
        changed_by=actor(by),
    )
    return entry


def _require_reason(reason: str, message: str) -> None:
    if not clean_text(reason):
        raise DomainError(message, fields={"reason": message})


@audited
@transaction.atomic
def entry_withdraw(*, entry: Entry, reason: str, by) -> Entry:
    """退赛: the entry keeps its bib number and frees its place."""
    _require_reason(reason, "请填写退赛原因")
    return _set_status(
        entry,
        EntryStatus.WITHDRAWN,
        reason,
        by=by,
        action=RegistrationAction.ENTRY_WITHDRAW,
        allowed_from=(EntryStatus.REGISTERED,),
    )


@audited
@transaction.atomic
def entry_disqualify(*, entry: Entry, reason: str, by) -> Entry:
    """取消资格, with the reason shown on the registration list."""
    _require_reason(reason, "请填写取消资格的原因")
    return _set_status(
        entry,
        EntryStatus.DISQUALIFIED,
        reason,
        by=by,
        action=RegistrationAction.ENTRY_DISQUALIFY,
        allowed_from=(EntryStatus.REGISTERED,),
    )


@audited
@transaction.atomic
def entry_reinstate(*, entry: Entry, by) -> Entry:
    """Undo a withdrawal or disqualification, if the delegation still has the place."""
    # Event first, as entry_register does: the same lock order everywhere avoids deadlocks.
    Event.objects.select_for_update().filter(pk=entry.event_id).first()
    locked = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("event__competition__organizer", "delegation", "team")
        .get(pk=entry.pk)
    )
    require_organizer(by, locked.event.competition)
    if locked.status != EntryStatus.REGISTERED:
        if locked.event.kind == EventKind.TEAM and locked.team_id:
            size = locked.team.members.filter(status=EntryStatus.REGISTERED).count()
            check_team_room(locked.event, locked.team, size)
            if size == 0:
                check_places(locked.event, locked.delegation)
        elif locked.event.kind != EventKind.TEAM:
            check_places(locked.event, locked.delegation)
    return _set_status(
        locked,
        EntryStatus.REGISTERED,
        "",
        by=by,
        action=RegistrationAction.ENTRY_REINSTATE,
        allowed_from=(EntryStatus.WITHDRAWN, EntryStatus.DISQUALIFIED),
    )


# --- completion time (judges) ---------------------------------------------------------------------


def _check_time(value: Decimal) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ScoringError(_("用时应为数字（分钟）"))
    if value.as_tuple().exponent < -2:
        raise ScoringError(_("用时最多保留两位小数"))
    if value <= 0:
        raise ScoringError(_("用时应大于 0 分钟"))
    if value > MAX_TIME:
        raise ScoringError(_("用时超出范围（最多 999999.99 分钟）"))
    return value.quantize(TWO_PLACES)


@audited
def entry_time_save(*, entry: Entry, by, value: Decimal | None, expected_version: int) -> Entry:
    """Save an entry's completion time (events with ``uses_time``) with the same version check.

    ``by`` must be a judge of the event (None: the command line). ``expected_version`` is the
    ``Entry.time_version`` the form showed.
    """
    with transaction.atomic():
        event = lock_event_shared(entry.event_id)
        if event.scores_locked:
            raise ScoringLocked(_("成绩已锁定，不能修改"))
        if not event.uses_time:
            raise ScoringError(_("该赛项不记录用时"))
        if by is not None and not JudgeAssignment.objects.filter(event=event, user=by).exists():
            raise NotAllowed(_("您不是该赛项的裁判"))
        check_entry_open(entry)
        if value is not None:
            value = _check_time(value)
        current = Entry.objects.filter(pk=entry.pk).values("time_minutes", "time_version").get()
        if current["time_version"] != expected_version:
            raise ScoreConflict(current["time_minutes"], current["time_version"], last_change(entry, "time"))
        old = current["time_minutes"]
        if old == value:
            return entry
        changed = Entry.objects.filter(pk=entry.pk, time_version=expected_version).update(
            time_minutes=value, time_version=F("time_version") + 1, updated_at=timezone.now()
        )
        if not changed:
            latest = Entry.objects.filter(pk=entry.pk).values("time_minutes", "time_version").get()
            raise ScoreConflict(latest["time_minutes"], latest["time_version"], last_change(entry, "time"))
        record_pks(Entry, [entry.pk])
        ScoreChange.objects.create(
            event=event,
            entry=entry,
            field=ScoreChangeField.TIME,
            old_value=fmt(old),
            new_value=fmt(value),
            changed_by=by,
        )
        entry.time_minutes = value
        entry.time_version = expected_version + 1
        return entry


# --- many at once (批量退赛) ---------------------------------------------------------------------


def entry_withdraw_problem(entry: Entry) -> str:
    """Why ``entry`` cannot be withdrawn now ("" when it can): for the confirmation page."""
    if problem := _registration_locked(entry.event.competition):
        return problem
    if entry.status != EntryStatus.REGISTERED:
        return f"当前为“{entry.get_status_display()}”，不能退赛"
    return ""


@transaction.atomic
def entries_bulk_withdraw(*, entries, reason: str, by) -> list[Entry]:
    """退赛 for several entries with one reason, all or none: each goes through ``entry_withdraw``
    (checked and recorded as a RegistrationChange); the first refusal undoes the others."""
    entries = list(entries)
    if not entries:
        raise DomainError("请先勾选要退赛的报名")
    _require_reason(reason, "请填写退赛原因")
    done = []
    for entry in entries:
        try:
            done.append(entry_withdraw(entry=entry, reason=reason, by=by))
        except NotAllowed:
            raise
        except DomainError as exc:
            raise DomainError(f"{entry.person.name}（{entry.bib or '无参赛号'}）：{exc.message}；未做任何更改") from exc
    return done
