"""执裁回避: a judge declares a conflict with an entry (with the reason), or an organiser records
it; withdrawing a declaration is the organiser's. Conflicts by unit need no row (see
selectors/recusals.py)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from core.errors import DomainError, NotAllowed
from core.history import audited

from ..models import Entry, JudgeAssignment, Recusal
from .common import actor, require_manager, require_reason

__all__ = ["recusal_declare", "recusal_withdraw"]


@audited
def recusal_declare(*, entry: Entry, judge, reason: str, by) -> Recusal:
    reason = require_reason(reason)
    event = entry.event
    if not JudgeAssignment.objects.filter(event=event, user=judge).exists():
        raise DomainError("该用户不是此赛项的裁判")
    if by is not None and getattr(by, "pk", None) != judge.pk:
        require_manager(by, event)
    try:
        with transaction.atomic():
            return Recusal.objects.create(entry=entry, judge=judge, reason=reason, declared_by=actor(by))
    except IntegrityError:
        raise DomainError("已申明回避") from None


@audited
def recusal_withdraw(*, recusal: Recusal, by) -> None:
    event = recusal.entry.event
    try:
        require_manager(by, event)
    except NotAllowed:
        raise NotAllowed("只有组织者可以撤销回避") from None
    recusal.delete()
