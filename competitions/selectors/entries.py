"""Entries (报名): lists for pages and exports, and the entries a judge marks."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import (
    Entry,
    EntryStatus,
    Event,
)
from .recusals import recused_entries


def entry_list_for_competition(competition) -> QuerySet:
    """Entries of a competition for lists and exports: one query with everything a row shows."""
    return Entry.objects.filter(event__competition=competition).select_related(
        "event", "person", "person__employer", "delegation", "team"
    )


def entry_list_for_person(person) -> QuerySet:
    return (
        Entry.objects.filter(person=person)
        .select_related("event__competition", "delegation", "result")
        .order_by("-event__competition__year", "event__competition__name")
    )


def entries_for_marking(event: Event, judge=None) -> list[Entry]:
    """The entries a judge marks: registered ones, by bib — without those ``judge`` must recuse
    from (执裁回避, selectors/recusals.py)."""
    qs = Entry.objects.filter(event=event, status=EntryStatus.REGISTERED)
    if judge is not None:
        qs = qs.exclude(pk__in=list(recused_entries(event, judge)))
    return list(qs.select_related("person", "delegation", "team", "project").order_by("bib", "pk"))
