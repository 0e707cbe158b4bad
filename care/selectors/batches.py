"""疗休养 batches a user sees (organised by a union in their organiser scope) and their rosters."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from core.ordering import stroke_order
from directory.selectors import organizer_paths

from ..models import BatchSeat, RecuperationBatch, SeatStatus


def batch_list_visible(user) -> QuerySet:
    qs = RecuperationBatch.objects.select_related("organization").annotate(
        accepted=Count("seats", filter=Q(seats__status=SeatStatus.ACCEPTED)),
        invited=Count("seats", filter=Q(seats__status=SeatStatus.INVITED)),
    )
    paths = organizer_paths(user) if user is not None else None
    if paths is None:
        return qs
    cond = Q(pk__in=[])
    for p in paths:
        cond |= Q(organization__path__startswith=p)
    return qs.filter(cond)


def batch_get_visible(user, pk) -> RecuperationBatch:
    return get_object_or_404(batch_list_visible(user), pk=pk)


def batch_roster(batch: RecuperationBatch) -> QuerySet:
    """The batch's seats in 姓氏笔画 order."""
    return (
        BatchSeat.objects.filter(batch=batch)
        .select_related("profile__person__employer", "decided_by")
        .order_by(stroke_order("profile__person__stroke_key"), "profile__person_id")
    )
