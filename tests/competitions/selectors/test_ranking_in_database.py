"""The database ranks exactly as the pure function does: one window query, ties and NULLs included.

Runs on SQLite and, in the PostgreSQL round, on PostgreSQL (same tests, no marker).
"""

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from competitions.models import Entry, EntryStatus, Result
from competitions.rules import Competitor, TieBreak, rank_competitors
from competitions.rules.ranking import DEFAULT_CASCADE
from competitions.selectors.results import event_placings_db
from directory.models import Person
from tests.factories import EventFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def make_field(event, rows, delegation):
    """rows: (total, time, practical, theory, status) → Result pks in order."""
    people = Person.objects.bulk_create(
        [Person(name=f"选手{i}", employer=delegation, is_demo=True) for i in range(len(rows))]
    )
    entries = Entry.objects.bulk_create(
        [
            Entry(event=event, person=p, delegation=delegation, bib=f"{i:04d}", status=row[4])
            for i, (p, row) in enumerate(zip(people, rows, strict=True))
        ]
    )
    results = Result.objects.bulk_create(
        [
            Result(
                entry=e,
                total=total,
                time_minutes=time,
                components={"practical": None if p is None else str(p), "theory": None if t is None else str(t)},
            )
            for e, (total, time, p, t, _status) in zip(entries, rows, strict=True)
        ]
    )
    return [r.pk for r in results]


def pure(rows, pks, cascade=DEFAULT_CASCADE):
    competitors = [
        Competitor(pk, total, time, {"practical": p, "theory": t})
        for pk, (total, time, p, t, status) in zip(pks, rows, strict=True)
        if status == EntryStatus.REGISTERED
    ]
    return {(p.id, p.rank, p.tied) for p in rank_competitors(competitors, cascade)}


def db(event, cascade=DEFAULT_CASCADE):
    return {(p.id, p.rank, p.tied) for p in event_placings_db(event, cascade)}


R = EntryStatus.REGISTERED


@pytest.fixture
def event(db):
    return EventFactory()


@pytest.fixture
def delegation(db):
    return OrganizationFactory()


def test_cascade_ties_and_nulls_match_the_pure_ranking(event, delegation):
    rows = [
        (D("90.00"), D("30"), D("90"), D("90"), R),  # 5: same practical as the two below, less theory
        (D("90.00"), D("25"), D("80"), D("80"), R),  # 1: same total, fastest
        (D("90.00"), None, D("99"), D("99"), R),  # 6: no time sorts after every time
        (D("90.00"), D("30"), D("95"), D("70"), R),  # 2: same total and time, best practical
        (D("90.00"), D("30"), D("90"), D("95"), R),  # 3: same practical, better theory
        (D("90.00"), D("30"), D("90"), D("95"), R),  # 3: tie on every key
        (D("85.00"), None, None, D("99"), R),  # 8: no practical sorts after a 0
        (D("85.00"), None, D("0"), D("0"), R),  # 7: a 0 is a score, better than none
        (D("85.00"), None, None, None, R),  # 9
        (D("85.00"), None, None, None, R),  # 9: tie with NULLs everywhere
        (None, None, D("99"), D("99"), R),  # no total: not ranked
        (D("99.00"), D("10"), D("99"), D("99"), EntryStatus.WITHDRAWN),
        (D("99.00"), D("10"), D("99"), D("99"), EntryStatus.DISQUALIFIED),
    ]
    pks = make_field(event, rows, delegation)
    ranked = db(event)
    assert ranked == pure(rows, pks)
    ranks = {pk: rank for pk, rank, _tied in ranked}
    assert [ranks.get(pk) for pk in pks] == [5, 1, 6, 2, 3, 3, 8, 7, 9, 9, None, None, None]


def test_one_query_ranks_the_event(event, delegation, django_assert_num_queries):
    make_field(event, [(D(80 + i % 7), None, D(90), D(80), R) for i in range(50)], delegation)
    with django_assert_num_queries(1):
        placings = event_placings_db(event, DEFAULT_CASCADE)
    assert len(placings) == 50


def test_an_event_with_one_entry(event, delegation):
    (pk,) = make_field(event, [(D("60"), None, D("60"), D("60"), R)], delegation)
    assert db(event) == {(pk, 1, False)}


def test_an_event_where_everyone_ties(event, delegation):
    pks = make_field(event, [(D("88.88"), D("40"), D("90"), D("80"), R)] * 7, delegation)
    assert db(event) == {(pk, 1, True) for pk in pks}


def test_an_event_without_results_has_no_placings(event):
    assert event_placings_db(event, DEFAULT_CASCADE) == []


@pytest.mark.parametrize(
    "cascade",
    [
        (TieBreak("total", True),),
        (TieBreak("total", True), TieBreak("component:theory", True), TieBreak("component:practical", True)),
        (TieBreak("total", True), TieBreak("time", True)),  # longer time first, if an event wanted it
        (TieBreak("total", False),),  # lowest first (a penalty-points event)
    ],
)
def test_configured_cascades_match_the_pure_ranking(event, delegation, cascade):
    rows = [
        (D("90"), D("30"), D("90"), D("80"), R),
        (D("90"), D("25"), D("80"), D("90"), R),
        (D("90"), None, D("85"), D("85"), R),
        (D("80"), D("25"), None, D("90"), R),
        (D("80"), D("25"), D("70"), None, R),
    ]
    pks = make_field(event, rows, delegation)
    assert db(event, cascade) == pure(rows, pks, cascade)


values = st.sampled_from([D("80"), D("85.5"), D("85.50"), D("90"), D("99.99"), D("0")])
maybe = st.none() | values
rows_strategy = st.lists(
    st.tuples(
        maybe,
        st.none() | st.sampled_from([D("20"), D("25.5"), D("30")]),
        maybe,
        maybe,
        st.sampled_from([R, R, R, EntryStatus.WITHDRAWN]),
    ),
    max_size=12,
)
cascades = st.sampled_from(
    [
        DEFAULT_CASCADE,
        (TieBreak("total", True), TieBreak("component:theory", True)),
        (TieBreak("total", True), TieBreak("time", False), TieBreak("component:theory", False)),
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_strategy, cascade=cascades)
def test_property_database_and_pure_ranking_agree(event, delegation, rows, cascade):
    Result.objects.filter(entry__event=event).delete()
    Entry.objects.filter(event=event).delete()
    pks = make_field(event, rows, delegation)
    assert db(event, cascade) == pure(rows, pks, cascade)
