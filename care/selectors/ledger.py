"""The ledger (关爱台账) as read: a person's entries, the year's counts."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from ..models import CareEvent, CareKind


def effective_events() -> QuerySet:
    """Entries in force: not replaced by a correction, not a voiding correction."""
    return CareEvent.objects.filter(superseded=False, void=False)


def event_list_for_person(person_id: int) -> QuerySet:
    """Every entry of the person, corrected ones included (the page shows what was corrected and why)."""
    return (
        CareEvent.objects.filter(profile__person_id=person_id)
        .select_related("recorded_by", "corrects", "batch")
        .order_by("-date", "-id")
    )


def done_years(profile_ids, kinds) -> dict[tuple[int, str], list]:
    """(person id, kind) → dates of the entries in force, one query."""
    found: dict[tuple[int, str], list] = {}
    rows = effective_events().filter(profile_id__in=list(profile_ids), kind__in=list(kinds))
    for person_id, kind, date in rows.values_list("profile__person_id", "kind", "date").order_by("date"):
        found.setdefault((person_id, kind), []).append(date)
    return found


def recuperation_count(year: int, profile_ids=None) -> int:
    """人次 of 疗休养 in ``year`` as the ledger holds them."""
    qs = effective_events().filter(kind=CareKind.RECUPERATION, date__year=year)
    if profile_ids is not None:
        qs = qs.filter(profile_id__in=list(profile_ids))
    return qs.count()


def yearly_counts(profile_ids) -> list[dict]:
    return list(
        effective_events()
        .filter(profile_id__in=list(profile_ids))
        .annotate(year=ExtractYear("date"))
        .values("year", "kind")
        .annotate(n=Count("id"))
        .order_by("-year", "kind")
    )
