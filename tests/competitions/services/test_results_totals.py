"""The totals the database computes (services.results._totals_sql) are exactly the pure rules'
(rules.aggregate_marks, rules.weighted_total), and so are the ranks, ties and prizes the same
statement sets (rules.rank_competitors, rules.allocate_prizes / prize_limits): many entries with
random marks — several judges, trimming, imported scores, missing marks, means that end in a
half — on SQLite and, in the PostgreSQL round, on PostgreSQL."""

import random
from decimal import Decimal as D

import pytest
from django.db import connection

from competitions.models import EntryStatus, Mark, Prize, Result, ScoreComponent
from competitions.rules import (
    Competitor,
    PrizeRules,
    aggregate_marks,
    allocate_prizes,
    prize_limits,
    rank_competitors,
    weighted_total,
)
from competitions.selectors.events import event_cascade, event_prize_rules
from competitions.services.common import fmt
from competitions.services.results import _prize_sql, event_compute_results, event_rank_results
from directory.models import Person
from tests.factories import EventFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

JUDGES = 7


def random_event(competition, judges, rng, *, weights, trim_from, uses_time=False, n=150):
    """An event of ``n`` entries whose components have ``weights``, and random marks: each
    component of an entry has 0 to 7 judges' marks (two decimals; often a common value, so that
    trimmed means and ties occur) and sometimes an imported score."""
    event = EventFactory(
        competition=competition, name=f"赛项{rng.random()}", judge_trim_from=trim_from, uses_time=uses_time
    )
    event.components.all().delete()
    components = [
        ScoreComponent.objects.create(event=event, key=f"k{i}", name=f"分项{i}", weight=w, order=i)
        for i, w in enumerate(weights)
    ]
    unit = OrganizationFactory(name=f"代表队{rng.random()}")
    people = Person.objects.bulk_create([Person(name=f"选手{i}", employer=unit) for i in range(n)])
    entries = event.entries.model.objects.bulk_create(
        [
            event.entries.model(
                event=event,
                person=p,
                delegation=unit,
                bib=f"{i:04d}",
                time_minutes=D(rng.randrange(100, 200)) / 2 if uses_time and i % 4 else None,
                status=EntryStatus.WITHDRAWN if i % 17 == 16 else EntryStatus.REGISTERED,
            )
            for i, p in enumerate(people)
        ]
    )
    marks = []
    for entry in entries:
        for component in components:
            for judge in rng.sample(judges, rng.choice([0, 1, 2, 3, 4, 5, 5, 6, 7])):
                value = rng.choice([D(rng.randrange(0, 10001)) / 100, D(rng.randrange(150, 200)) / 2, D("88.88")])
                marks.append(Mark(entry=entry, component=component, judge=judge, value=value))
            if rng.random() < 0.15:
                marks.append(Mark(entry=entry, component=component, value=D(rng.randrange(0, 10001)) / 100))
    Mark.objects.bulk_create(marks)
    return event, components, entries


def expected_results(event, components, entries):
    """entry id → (components as stored, total, time) by the pure rules."""
    judged, imported = {}, {}
    for entry_id, component_id, judge_id, value in Mark.objects.filter(entry__event=event).values_list(
        "entry_id", "component_id", "judge_id", "value"
    ):
        if judge_id is None:
            imported[(entry_id, component_id)] = value
        else:
            judged.setdefault((entry_id, component_id), []).append(value)
    weights = {c.key: c.weight for c in components}
    trim_from = event.judge_trim_from or None
    expected = {}
    for entry in entries:
        scores = {}
        for c in components:
            marks = judged.get((entry.pk, c.pk), [])
            scores[c.key] = imported.get((entry.pk, c.pk), aggregate_marks(marks, trim_from=trim_from))
        stored = {key: None if v is None else fmt(v) for key, v in scores.items()}
        expected[entry.pk] = (stored, weighted_total(scores, weights), entry.time_minutes if event.uses_time else None)
    return expected


def stored_results(event):
    return {
        entry_id: (components, total, time)
        for entry_id, components, total, time in Result.objects.filter(event=event).values_list(
            "entry_id", "components", "total", "time_minutes"
        )
    }


@pytest.mark.parametrize(
    ("weights", "trim_from"),
    [
        ((30, 70), 5),
        ((D("33.33"), D("66.67")), 3),
        ((D("12.5"), D("37.5"), 50), 0),
        ((D("33.33"), D("33.33"), D("33.34"), 0), 5),
        ((100, 0), 4),
    ],
)
def test_database_totals_equal_the_pure_rules(contest, weights, trim_from):
    rng = random.Random(f"{weights}{trim_from}")
    judges = [UserFactory(username=f"judge-t{i}") for i in range(JUDGES)]
    event, components, entries = random_event(contest["competition"], judges, rng, weights=weights, trim_from=trim_from)
    summary = event_compute_results(event=event, by=None)
    expected = expected_results(event, components, entries)
    assert stored_results(event) == expected
    unscored = sum(1 for e in entries if e.status == EntryStatus.REGISTERED and expected[e.pk][1] is None)
    assert (summary.entries, summary.unscored) == (len(entries), unscored)
    assert summary.results_written == len(entries)


def test_times_are_copied_only_when_the_event_uses_them(contest):
    rng = random.Random(1)
    judges = [UserFactory(username=f"judge-t{i}") for i in range(JUDGES)]
    event, components, entries = random_event(
        contest["competition"], judges, rng, weights=(30, 70), trim_from=5, uses_time=True, n=40
    )
    event_compute_results(event=event, by=None)
    assert stored_results(event) == expected_results(event, components, entries)
    event.uses_time = False
    event.save()
    event_compute_results(event=event, by=None)
    assert {time for _c, _t, time in stored_results(event).values()} == {None}


def test_changed_marks_rewrite_exactly_the_changed_results(contest):
    rng = random.Random(2)
    judges = [UserFactory(username=f"judge-t{i}") for i in range(JUDGES)]
    event, components, entries = random_event(contest["competition"], judges, rng, weights=(30, 70), trim_from=5)
    event_compute_results(event=event, by=None)
    changed = Mark.objects.filter(entry__event=event, judge__isnull=True).order_by("pk")[:5]
    Mark.objects.filter(pk__in=[m.pk for m in changed]).update(value=D("0.01"))
    Mark.objects.filter(entry=entries[0]).delete()  # no mark left: the result loses its scores
    summary = event_compute_results(event=event, by=None)
    assert stored_results(event) == expected_results(event, components, entries)
    assert summary.results_written >= len({m.entry_id for m in changed})
    assert event_compute_results(event=event, by=None).results_written == 0


def test_results_stored_by_the_orm_are_not_rewritten_when_unchanged(contest):
    # The ORM writes JSON with spaces and decimals as text; the database's comparison must not
    # take that for a change.
    rng = random.Random(3)
    judges = [UserFactory(username=f"judge-t{i}") for i in range(JUDGES)]
    event, _components, _entries = random_event(contest["competition"], judges, rng, weights=(30, 70), trim_from=5)
    event_compute_results(event=event, by=None)
    for result in Result.objects.filter(event=event)[:20]:
        result.save()
    assert event_compute_results(event=event, by=None).results_written == 0


def expected_placings(event):
    """result's entry id → (rank, tied, prize) by the pure rules over the stored totals."""
    results = list(Result.objects.filter(event=event).select_related("entry"))
    competitors = [
        Competitor(
            r.entry_id,
            r.total,
            r.time_minutes,
            {key: None if v is None else D(v) for key, v in (r.components or {}).items()},
        )
        for r in results
        if r.entry.status == EntryStatus.REGISTERED and r.total is not None
    ]
    placings = rank_competitors(competitors, event_cascade(event))
    prizes = allocate_prizes(placings, event_prize_rules(event))
    expected = {r.entry_id: (None, False, Prize.NONE.value) for r in results}
    expected.update({p.id: (p.rank, p.tied, prizes[p.id].value) for p in placings})
    return expected


def stored_placings(event):
    rows = Result.objects.filter(event=event).values_list("entry_id", "rank", "tied", "prize")
    return {entry_id: (rank, tied, prize) for entry_id, rank, tied, prize in rows}


@pytest.mark.parametrize(
    ("tie_break", "prizes"),
    [
        ([], {}),  # the default cascade names components this event does not have
        ([["total", True], ["time", False], ["component:k1", True], ["component:k0", True]], {}),
        ([["total", True], ["component:k0", False]], {"merit_to_half": True}),
        ([["total", False], ["time", True]], {"min_field": 200}),
        (
            [["total", True], ["time", False]],
            {"first_prize_ratio": D("0.333"), "second_prize_ratio": D("0.333"), "third_prize_ratio": D("0.334")},
        ),
        ([["time", False], ["total", True]], {"first_prize_ratio": D("0"), "merit_to_half": True}),
    ],
)
def test_database_ranks_ties_and_prizes_equal_the_pure_functions(contest, tie_break, prizes):
    # The computation ranks in the totals statement, over the columns it has just computed.
    rng = random.Random(f"{tie_break}{prizes}")
    judges = [UserFactory(username=f"judge-t{i}") for i in range(JUDGES)]
    event, _components, entries = random_event(
        contest["competition"], judges, rng, weights=(30, 70), trim_from=0, uses_time=True, n=120
    )
    # Few distinct totals, so that ties straddle the prize boundaries.
    Mark.objects.filter(entry__event=event).update(value=D("80.5"))
    for i, mark in enumerate(Mark.objects.filter(entry__event=event).order_by("pk")[:60]):
        Mark.objects.filter(pk=mark.pk).update(value=D(70 + i % 4))
    for name, value in {"tie_break": tie_break, **prizes}.items():
        setattr(event, name, value)
    event.save()
    event_compute_results(event=event, by=None)
    assert stored_placings(event) == expected_placings(event)
    # Recomputed after changes: the rows already there get their new ranks.
    Mark.objects.filter(entry__in=entries[:30]).update(value=D("99"))
    EntryModel = type(entries[0])
    EntryModel.objects.filter(pk__in=[e.pk for e in entries[30:35]]).update(status=EntryStatus.DISQUALIFIED)
    summary = event_compute_results(event=event, by=None)
    assert stored_placings(event) == expected_placings(event)
    assert summary.results_written >= 30
    # Re-ranked alone (services.results._rank_and_award_db) after the prize settings changed.
    event.merit_to_half, event.min_field = not event.merit_to_half, 0
    event.save()
    EntryModel.objects.filter(pk__in=[e.pk for e in entries[40:45]]).update(status=EntryStatus.WITHDRAWN)
    assert event_rank_results(event=event, by=None) > 0
    assert stored_placings(event) == expected_placings(event)


@pytest.mark.parametrize(
    "rules",
    [
        PrizeRules(),
        PrizeRules(merit_to_half=True, min_field=7),
        PrizeRules(ratios=(D("0.333"), D("0.333"), D("0.334"))),
        PrizeRules(ratios=(D("0.05"), D("0.125"), D("0.125")), merit_to_half=True),
        PrizeRules(ratios=(D("0"), D("0.5"), D("0"))),
        PrizeRules(ratios=(D("0.001"), D("0"), D("0.999"))),
        PrizeRules(ratios=(D("1"), D("0"), D("0"))),
    ],
)
def test_the_prize_rule_in_sql_gives_prize_limits_for_every_field_size(rules):
    # services.results renders rules.prize_limits as SQL (whole-number arithmetic, both databases).
    largest = 240
    prize, params = _prize_sql(rules, "n", "r")
    sql = f"""
        WITH RECURSIVE nn(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM nn WHERE n < {largest}),
        rr(r) AS (SELECT 1 UNION ALL SELECT r + 1 FROM rr WHERE r < {largest})
        SELECT n, r, {prize} FROM nn, rr WHERE r <= n
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        got = {(n, r): prize for n, r, prize in cursor.fetchall()}
    expected = {}
    for n in range(1, largest + 1):
        limits = prize_limits(n, rules)
        for r in range(1, n + 1):
            expected[(n, r)] = next((p.value for p, last in limits if r <= last), Prize.NONE.value)
    assert got == expected
