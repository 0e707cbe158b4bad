"""Entries (报名): lists for pages and exports, and the entries a judge marks."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language

from core.pagecache import last_changes
from directory.models import Organization, Person
from directory.selectors import scope_q, user_scope_stamp

from ..models import (
    Competition,
    Entry,
    EntryStatus,
    Event,
    Result,
)
from .competitions import competition_list_visible
from .recusals import recused_entries


def entry_list_for_competition(competition) -> QuerySet:
    """Entries of a competition for lists and exports: one query with everything a row shows.

    Filtered by ``event_id IN (the competition's event ids, as literal values)`` rather than a join on
    the event or a subquery, so the count and page 1 in the default order (event, bib, id) read the
    entry_event_bib index alone (PostgreSQL plans a subquery's 100 000-entry event as 2 000 rows and
    joins them all before sorting: 1.1 s instead of 4 ms).
    """
    events = list(Event.objects.filter(competition=competition).order_by("pk").values_list("pk", flat=True))
    return Entry.objects.filter(event_id__in=events).select_related(
        "event", "person", "person__employer", "delegation", "team"
    )


# What 报名名单's cached part (its count, filters and table) shows: the entries with their people,
# units, delegations, events and prizes, and the competition (its slug in the rows' links). A team is
# shown only through its entries, and the registration services create teams but never rename them:
# an entry's write stamps its team's appearance.
ENTRY_LIST_SOURCES = (Entry, Person, Organization, Event, Result, Competition)


def entry_list_stamps(user, competition, query) -> tuple:
    """What 报名名单's cached part depends on (core.pagecache): who asks (their memberships decide what
    they manage and which ID numbers they see in full), the competition, the language, the query string
    (filters, sort, page) and the newest change of every model it shows — one query."""
    asked = tuple(sorted((key, tuple(values)) for key, values in query.lists()))
    return (*user_scope_stamp(user), competition.pk, get_language(), asked, *last_changes(*ENTRY_LIST_SOURCES))


# What the entries list shows of each row (views.tables.EntryTable, with the ID number's owner check on
# the employer's path): reading only these spares the page ~90 columns of six joined tables per row.
ENTRY_LIST_FIELDS = (
    "id",
    "bib",
    "status",
    "status_reason",
    "entered_details",
    "event__name",
    "person__name",
    "person__gender",
    "person__id_number",
    "person__phone",
    "person__employer__name",
    "person__employer__path",
    "delegation__name",
    "team__name",
)


def entry_list_rows(qs: QuerySet) -> QuerySet:
    """``qs`` (``entry_list_for_competition``, filtered) reading only what the list shows of it."""
    return qs.only(*ENTRY_LIST_FIELDS)


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


def entries_for_marking(event: Event, judge=None) -> list[Entry]:
    """The entries a judge marks: registered ones, by bib — without those ``judge`` must recuse
    from (执裁回避, selectors/recusals.py)."""
    qs = Entry.objects.filter(event=event, status=EntryStatus.REGISTERED)
    if judge is not None:
        qs = qs.exclude(pk__in=list(recused_entries(event, judge)))
    return list(qs.select_related("person", "delegation", "team", "project").order_by("bib", "pk"))


def competition_delegations(competition) -> QuerySet:
    """The delegations (代表队) that have entries in the competition, by 笔画, without reading the entries.

    A loose index scan: for each event, the smallest delegation id, then the next one above it, and so
    on — one index seek per (event, delegation) pair on entry_event_delegation, however many entries
    there are (a plain DISTINCT re-read every entry of the competition: ~400 ms at 1M entries).
    """
    entry = connection.ops.quote_name(Entry._meta.db_table)
    event = connection.ops.quote_name(Event._meta.db_table)
    sql = f"""
        WITH RECURSIVE d(event_id, delegation_id) AS (
            SELECT ev.id, (SELECT MIN(e.delegation_id) FROM {entry} e WHERE e.event_id = ev.id)
              FROM {event} ev WHERE ev.competition_id = %s
            UNION ALL
            SELECT d.event_id, (SELECT MIN(e.delegation_id) FROM {entry} e
                                 WHERE e.event_id = d.event_id AND e.delegation_id > d.delegation_id)
              FROM d WHERE d.delegation_id IS NOT NULL
        )
        SELECT delegation_id FROM d WHERE delegation_id IS NOT NULL"""  # noqa: S608 (table names only)
    ids = RawSQL(sql, [competition.pk])  # noqa: S611 (the only parameter is bound)
    return Organization.objects.filter(pk__in=ids).order_by("stroke_key", "pk")
