"""Objections (异议) during a 公示: anyone lodges one; the conferring organisation answers it."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import DomainError
from core.history import audited, record_pks

from ..models import CampaignStatus, Nomination, NominationStatus, Objection, ObjectionOutcome, ObjectionStatus
from ..rules.receipts import new_receipt
from .common import ANSWER_MAX_CHARS, OBJECTION_MAX_CHARS, require_manager, today_or
from .nominations import nomination_apply

S = NominationStatus
C = CampaignStatus

def objection_lodge(
    *, nomination: Nomination, name: str, contact: str, content: str, client_hash: str = "", today=None
) -> Objection:
    """Anyone may object during the 公示; real name and contact are required. The objection carries
    a receipt number (``receipt``) the objector keeps to read the answer."""
    name, contact, content = (name or "").strip(), (contact or "").strip(), (content or "").strip()
    if not name or not contact or not content:
        raise DomainError("请填写真实姓名、联系方式和异议内容")
    if len(name) > 50 or len(contact) > 100 or len(content) > OBJECTION_MAX_CHARS:
        raise DomainError(f"姓名不超过50字，联系方式不超过100字，异议内容不超过{OBJECTION_MAX_CHARS}字")
    today = today_or(today)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=nomination.pk)
        campaign = locked.campaign
        if locked.status != S.IN_NOTICE or campaign.status != C.NOTICE:
            raise DomainError("该对象不在公示期内，不能提出异议")
        if campaign.notice_start and today < campaign.notice_start:
            raise DomainError("公示尚未开始")
        if campaign.notice_end and today > campaign.notice_end:
            raise DomainError(f"公示已于{campaign.notice_end:%Y年%m月%d日}结束，不再受理异议")
        for _attempt in range(3):  # a collision of 79 random bits does not happen; if it did, draw again
            try:
                with transaction.atomic():
                    return Objection.objects.create(
                        nomination=locked, name=name, contact=contact, content=content, client_hash=client_hash,
                        receipt=new_receipt(),
                    )
            except IntegrityError:
                continue
        raise DomainError("提交失败，请重试")  # pragma: no cover


@audited
def objection_answer(*, objection: Objection, by, answer: str, outcome: str) -> Objection:
    """The conferring organisation answers; an upheld objection revokes (撤销) the nomination."""
    answer = (answer or "").strip()
    if not answer:
        raise DomainError("请填写核查答复")
    if len(answer) > ANSWER_MAX_CHARS:
        raise DomainError(f"核查答复不能超过{ANSWER_MAX_CHARS}字")
    if outcome not in ObjectionOutcome.values:
        raise DomainError("请选择核查结论")
    with transaction.atomic():
        locked = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("nomination__campaign__conferring_org")
            .get(pk=objection.pk)
        )
        require_manager(by, locked.nomination.campaign)
        if locked.status != ObjectionStatus.OPEN:
            raise DomainError("该异议已经答复，不能重复答复")
        now = timezone.now()
        updated = Objection.objects.filter(pk=locked.pk, status=ObjectionStatus.OPEN).update(
            status=ObjectionStatus.ANSWERED, answer=answer, outcome=outcome, answered_by=by, answered_at=now
        )
        if updated != 1:  # pragma: no cover - guarded by the lock
            raise DomainError("该异议已被他人答复，请刷新页面")
        record_pks(Objection, [locked.pk])
        if outcome == ObjectionOutcome.UPHELD and locked.nomination.status == S.IN_NOTICE:
            nomination_apply(nomination=locked.nomination, action="revoke", by=by, comment=f"异议属实：{answer}")
        locked.refresh_from_db()
    return locked
