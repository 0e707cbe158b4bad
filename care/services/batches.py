"""疗休养 batches: create, fill from the due list, accept or decline, complete (writes the ledger)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, NotAllowed
from directory.models import Organization
from directory.selectors import user_is_organizer_of

from ..models import BatchSeat, BatchStatus, CareEvent, CareKind, RecuperationBatch, SeatStatus
from ..selectors.due import due_lists
from .profiles import _actor, care_profile_ensure


def _may_run(by, organization: Organization) -> None:
    if by is not None and not user_is_organizer_of(by, organization):
        raise NotAllowed(f"只有{organization.name}的组织者可以安排该批次")


def batch_create(
    *,
    organization: Organization,
    by,
    name: str,
    base: str,
    start_date: dt.date,
    end_date: dt.date,
    places: int,
    is_demo: bool = False,
) -> RecuperationBatch:
    _may_run(by, organization)
    errors = {}
    if not (name or "").strip():
        errors["name"] = "请填写批次名称"
    if not (base or "").strip():
        errors["base"] = "请填写疗休养基地"
    if end_date < start_date:
        errors["end_date"] = "结束日期不能早于开始日期"
    if places < 1:
        errors["places"] = "名额至少为1"
    if errors:
        raise DomainError("请更正标出的项目", fields=errors)
    return RecuperationBatch.objects.create(
        organization=organization,
        name=name.strip()[:100],
        base=base.strip()[:100],
        start_date=start_date,
        end_date=end_date,
        places=places,
        created_by=_actor(by),
        is_demo=is_demo,
    )


def batch_fill(*, batch: RecuperationBatch, by, today: dt.date | None = None) -> int:
    """Invite people due 疗休养 (responsible union within the batch's union), in 姓氏笔画 order, up to the
    places still free. Returns how many were added."""
    _may_run(by, batch.organization)
    if batch.status != BatchStatus.OPEN:
        raise DomainError("批次已完成，不能再补充人员")
    today = today or timezone.localdate()
    with transaction.atomic():
        batch = RecuperationBatch.objects.select_for_update().get(pk=batch.pk)
        taken = set(batch.seats.exclude(status=SeatStatus.DECLINED).values_list("profile__person_id", flat=True))
        already = set(batch.seats.values_list("profile__person_id", flat=True))
        free = batch.places - len(taken)
        added = 0
        for item in due_lists(by, today, organization=batch.organization).lists["recuperation"]:
            if added >= free:
                break
            if item.subject.pk in already:
                continue
            profile = care_profile_ensure(item.subject, by=by)
            BatchSeat.objects.create(batch=batch, profile=profile)
            added += 1
    return added


def seat_decide(*, seat: BatchSeat, by, accept: bool) -> BatchSeat:
    batch = seat.batch
    _may_run(by, batch.organization)
    if batch.status != BatchStatus.OPEN:
        raise DomainError("批次已完成，不能再更改")
    with transaction.atomic():
        seat = BatchSeat.objects.select_for_update().get(pk=seat.pk)
        if accept and seat.status != SeatStatus.ACCEPTED:
            accepted = batch.seats.filter(status=SeatStatus.ACCEPTED).count()
            if accepted >= batch.places:
                raise DomainError(f"该批次名额{batch.places}个已满")
        seat.status = SeatStatus.ACCEPTED if accept else SeatStatus.DECLINED
        seat.decided_by = _actor(by)
        seat.decided_at = timezone.now()
        seat.save(update_fields=["status", "decided_by", "decided_at"])
    return seat


def batch_complete(*, batch: RecuperationBatch, by) -> int:
    """The batch took place: one 疗休养 ledger entry per person who attended (accepted). Returns 人次."""
    _may_run(by, batch.organization)
    with transaction.atomic():
        batch = RecuperationBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != BatchStatus.OPEN:
            raise DomainError("该批次已完成")
        if batch.end_date > timezone.localdate():
            raise DomainError("批次结束后才能登记完成")
        if batch.seats.filter(status=SeatStatus.INVITED).exists():
            raise DomainError("还有人员未确认是否参加")
        seats = list(batch.seats.filter(status=SeatStatus.ACCEPTED).select_related("profile"))
        CareEvent.objects.bulk_create(
            CareEvent(
                profile=seat.profile,
                kind=CareKind.RECUPERATION,
                date=batch.start_date,
                batch=batch,
                note=f"{batch.name}（{batch.base}）"[:300],
                recorded_by=_actor(by),
                is_demo=batch.is_demo,
            )
            for seat in seats
        )
        batch.status = BatchStatus.DONE
        batch.save(update_fields=["status", "updated_at"])
    return len(seats)
