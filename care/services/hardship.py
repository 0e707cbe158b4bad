"""困难帮扶 applications: received, then granted (a ledger entry) or refused, with who did it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError

from ..models import CareKind, HardshipApplication, HardshipStatus
from ..selectors.subjects import subject_get_visible
from .events import care_event_record
from .profiles import _actor, care_profile_ensure


def hardship_apply(*, person_id: int, by, received_on: dt.date, reason: str, is_demo: bool = False):
    subject = subject_get_visible(by, person_id)
    if not (reason or "").strip():
        raise DomainError("请填写困难情况", fields={"reason": "请填写困难情况"})
    if received_on > timezone.localdate():
        raise DomainError("申请日期不能晚于今天", fields={"received_on": "申请日期不能晚于今天"})
    with transaction.atomic():
        profile = care_profile_ensure(subject, by=by)
        return HardshipApplication.objects.create(
            profile=profile, received_on=received_on, reason=reason.strip(), recorded_by=_actor(by), is_demo=is_demo
        )


def hardship_decide(
    *,
    application: HardshipApplication,
    by,
    grant: bool,
    note: str = "",
    amount: Decimal | None = None,
    date: dt.date | None = None,
) -> HardshipApplication:
    subject = subject_get_visible(by, application.profile.person_id)
    with transaction.atomic():
        app = HardshipApplication.objects.select_for_update().get(pk=application.pk)
        if app.status != HardshipStatus.WAITING:
            raise DomainError("该申请已处理")
        if grant:
            app.event = care_event_record(
                person_id=subject.pk,
                kind=CareKind.HARDSHIP,
                date=date or timezone.localdate(),
                by=by,
                amount=amount,
                note=note,
                subject=subject,
                is_demo=app.is_demo,
            )
        app.status = HardshipStatus.GRANTED if grant else HardshipStatus.REFUSED
        app.decision_note = (note or "")[:300]
        app.decided_by = _actor(by)
        app.decided_at = timezone.now()
        app.save()
    return app
