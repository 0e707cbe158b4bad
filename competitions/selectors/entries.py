"""Entries (报名): lists for pages and exports, and the entries a judge marks."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from directory.selectors import scope_q

from ..models import (
    Entry,
    EntryStatus,
    Event,
)
from .competitions import competition_list_visible


def entry_list_for_competition(competition) -> QuerySet:
    """Entries of a competition for lists and exports: one query with everything a row shows."""
    return Entry.objects.filter(event__competition=competition).select_related(
        "event", "person", "person__employer", "delegation", "team"
    )


def entry_list_for_person(person, user=None) -> QuerySet:
    """A person's entries; for ``user``, only those their scope allows (README “谁的数据”): in a
    competition they see, or for a delegation in their subtrees — an entry another organisation made
    in its own competition does not appear in the records of the person's organisation."""
    qs = Entry.objects.filter(person=person)
    if user is not None:
        delegation_q = scope_q(user, "delegation__")
        if delegation_q is not None:
            qs = qs.filter(Q(event__competition__in=competition_list_visible(user).values("pk")) | delegation_q)
    return qs.select_related("event__competition", "delegation", "result").order_by(
        "-event__competition__year", "event__competition__name"
    )


def entries_for_marking(event: Event) -> list[Entry]:
    """The entries a judge marks: registered ones, by bib."""
    return list(
        Entry.objects.filter(event=event, status=EntryStatus.REGISTERED)
        .select_related("person", "delegation", "team")
        .order_by("bib", "pk")
    )
