"""Award records (表彰记录): revoking one."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, NotAllowed
from core.history import audited, record_pks

from ..models import Award, AwardStatus
from ..selectors.roles import can_manage
from .common import REASON_MAX_CHARS
from .nominations import nomination_apply


@audited
def award_revoke(*, award: Award, by, reason: str) -> Award:
    """Revoke (撤销) an award: it stays on record, marked revoked with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("撤销表彰须填写理由")
    if len(reason) > REASON_MAX_CHARS:
        raise DomainError(f"理由不能超过{REASON_MAX_CHARS}字")
    with transaction.atomic():
        locked = Award.objects.select_for_update(of=("self",)).select_related("conferring_org").get(pk=award.pk)
        if locked.conferring_org_id:
            if not can_manage(by, locked.conferring_org):
                raise NotAllowed(f"只有{locked.conferring_org.name}的组织者可以撤销该表彰")
        elif not getattr(by, "is_superuser", False):
            raise NotAllowed("该表彰记录没有授予单位，只有系统管理员可以撤销")
        now = timezone.now()
        updated = Award.objects.filter(pk=locked.pk, status=AwardStatus.ACTIVE).update(
            status=AwardStatus.REVOKED, revoked_reason=reason, revoked_at=now, updated_at=now
        )
        if updated != 1:
            raise DomainError("该表彰已经撤销，不能重复撤销")
        record_pks(Award, [locked.pk])
        if locked.nomination_id:
            nomination_apply(nomination=locked.nomination, action="revoke", by=by, comment=reason)
        locked.refresh_from_db()
    return locked
