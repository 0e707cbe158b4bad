"""The ledger (关爱台账): record care given, correct an entry with a reason. Never deleted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError

from ..models import CareEvent, CareKind, CareProfile
from ..selectors.subjects import Subject, subject_get_visible
from .profiles import _actor, care_profile_ensure

AFTER_END_ALLOWED = (CareKind.BEREAVEMENT, CareKind.VISIT)
NOTE_MAX = 300
AMOUNT_MAX = Decimal("99999999.99")


def check_event(
    subject: Subject, *, kind: str, date: dt.date, amount: Decimal | None, today: dt.date
) -> dict[str, str]:
    """Problems of an entry, by field (shared with the importer)."""
    errors = {}
    if kind not in CareKind.values:
        errors["kind"] = "项目不在可选范围内"
    if date > today:
        errors["date"] = "日期不能晚于今天"
    end = subject.ended_on
    if end is not None and date >= end and kind not in AFTER_END_ALLOWED:
        why = "去世" if subject.died_on == end else "荣誉撤销"
        errors["date"] = (
            f"{end:%Y-%m-%d}{why}，此后不再享受{CareKind(kind).label if kind in CareKind.values else '该项'}"
        )
    if kind == CareKind.BEREAVEMENT and subject.died_on is None:
        errors["kind"] = "去世慰问须先登记去世日期"
    if amount is not None and (amount < 0 or amount > AMOUNT_MAX):
        errors["amount"] = "金额应为0至99999999.99之间的数"
    if kind == CareKind.ALLOWANCE and amount is None:
        errors["amount"] = "荣誉津贴须填写金额"
    return errors


def care_event_record(
    *,
    person_id: int,
    kind: str,
    date: dt.date,
    by,
    amount: Decimal | None = None,
    note: str = "",
    batch=None,
    is_demo: bool = False,
    subject: Subject | None = None,
) -> CareEvent:
    """One entry: a payment made, a check-up done, a visit paid … (outside the care scope: 404)."""
    subject = subject or subject_get_visible(by, person_id)
    errors = check_event(subject, kind=kind, date=date, amount=amount, today=timezone.localdate())
    if errors:
        raise DomainError("请更正标出的项目", fields=errors)
    with transaction.atomic():
        profile = care_profile_ensure(subject, by=by)
        return CareEvent.objects.create(
            profile=profile,
            kind=kind,
            date=date,
            amount=amount,
            note=(note or "")[:NOTE_MAX],
            batch=batch,
            recorded_by=_actor(by),
            is_demo=is_demo,
        )


def care_event_correct(
    *,
    event: CareEvent,
    by,
    reason: str,
    void: bool = False,
    date: dt.date | None = None,
    amount: Decimal | None = None,
    note: str | None = None,
) -> CareEvent:
    """Correct an entry: a new entry replaces it (or voids it), with the reason; the old one stays."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("更正须填写理由", fields={"reason": "更正须填写理由"})
    subject = subject_get_visible(by, event.profile.person_id)
    with transaction.atomic():
        locked = CareEvent.objects.select_for_update().get(pk=event.pk)
        if locked.superseded:
            raise DomainError("该记录已被更正过，请更正最新的记录")
        if locked.void:
            raise DomainError("作废记录不能再更正")
        new_date = date or locked.date
        new_amount = locked.amount if amount is None and not void else amount
        if not void:
            errors = check_event(
                subject, kind=locked.kind, date=new_date, amount=new_amount, today=timezone.localdate()
            )
            if errors:
                raise DomainError("请更正标出的项目", fields=errors)
        locked.superseded = True
        locked.save(update_fields=["superseded"])
        return CareEvent.objects.create(
            profile=CareProfile.objects.get(pk=locked.profile_id),
            kind=locked.kind,
            date=new_date,
            amount=None if void else new_amount,
            note=(locked.note if note is None else note)[:NOTE_MAX],
            batch=locked.batch,
            corrects=locked,
            reason=reason[:300],
            void=void,
            recorded_by=_actor(by),
            is_demo=locked.is_demo,
        )
