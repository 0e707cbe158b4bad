"""Computing an event takes the same number of queries for N and 2N entries (issue 13 item 4).

Every write of the computation is one statement whatever the number of rows (the totals INSERT …
ON CONFLICT, which ranks an individual event too, the re-ranking UPDATE of services.results,
core.bulk for a team event's ranks, one history statement per kind), so doubling the event adds
no query: from scratch, after every mark changed, with nothing changed, re-ranking only, and for a
team event. Runs on SQLite and, in the PostgreSQL round, on PostgreSQL. Sizes above
core.bulk.BULK_UPDATE_ORM_MAX, so that both sides of each comparison take the same (bulk) path.
"""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competitions.models import Entry, EntryStatus, EventKind, Mark, Result, Team
from competitions.services.results import event_compute_results, event_rank_results
from directory.models import Person
from tests.factories import EventFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
N = 120


def build_event(competition, n, *, team=False):
    """An event of ``n`` entries (teams of 2 for a team event), each with a theory and a practical
    mark; few distinct totals, so there are ties; every tenth entry withdrawn."""
    kind = EventKind.TEAM if team else EventKind.INDIVIDUAL
    event = EventFactory(competition=competition, name=f"赛项{n}{kind}", kind=kind, team_size=2 if team else 1)
    theory, practical = list(event.components.order_by("order"))
    unit = OrganizationFactory(name=f"代表队{n}{kind}")
    people = Person.objects.bulk_create([Person(name=f"选手{i}", employer=unit) for i in range(n)])
    teams = (
        Team.objects.bulk_create([Team(event=event, name=f"队{i}", delegation=unit) for i in range(n // 2)])
        if team
        else []
    )
    entries = Entry.objects.bulk_create(
        [
            Entry(
                event=event,
                person=p,
                delegation=unit,
                bib=f"{i:04d}",
                team=teams[i // 2] if team else None,
                status=EntryStatus.WITHDRAWN if i % 10 == 9 else EntryStatus.REGISTERED,
            )
            for i, p in enumerate(people)
        ]
    )
    Mark.objects.bulk_create(
        [Mark(entry=e, component=theory, value=D(60 + i % 7)) for i, e in enumerate(entries)]
        + [Mark(entry=e, component=practical, value=D(70 + i % 5)) for i, e in enumerate(entries)]
    )
    return event


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def steps(event) -> dict[str, int]:
    """Queries of each way of computing ``event``, in order."""
    counts = {"from scratch": queries(lambda: event_compute_results(event=event, by=None))}
    Mark.objects.filter(entry__event=event).update(value=D(50))  # every total changes (and every rank)
    counts["every mark changed"] = queries(lambda: event_compute_results(event=event, by=None))
    counts["nothing changed"] = queries(lambda: event_compute_results(event=event, by=None))
    Result.objects.filter(entry__event=event).update(rank=None, tied=False, prize="none")
    counts["re-rank only"] = queries(lambda: event_rank_results(event=event, by=None))
    return counts


def test_computing_an_individual_event_takes_the_same_queries_for_n_and_2n_entries(contest):
    small, large = build_event(contest["competition"], N), build_event(contest["competition"], 2 * N)
    assert steps(small) == steps(large)
    assert Result.objects.filter(entry__event=large).count() == 2 * N


def test_computing_a_team_event_takes_the_same_queries_for_n_and_2n_entries(contest):
    small, large = (
        build_event(contest["competition"], N, team=True),
        build_event(contest["competition"], 2 * N, team=True),
    )
    assert steps(small) == steps(large)


def test_computing_an_event_from_scratch_stays_a_small_fixed_number_of_queries(contest):
    # Savepoint, lock, components (twice: weights, cascade), the totals-and-ranking statement (with
    # its history and the counts on PostgreSQL), the counts and the history (SQLite), the event and
    # its history: no batches.
    event = build_event(contest["competition"], 2 * N)
    assert queries(lambda: event_compute_results(event=event, by=None)) <= 12
