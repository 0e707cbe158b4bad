"""Two connections saving the same mark at once: exactly one wins, the other gets the conflict.

PostgreSQL only (SQLite serialises writers, so there is no race to test there).
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from competitions.models import Entry, JudgeAssignment, Mark, ScoreChange
from competitions.services.common import ScoreConflict
from competitions.services.entries import entry_time_save
from competitions.services.marks import mark_save
from tests.factories import CompetitionFactory, EntryFactory, EventFactory, UserFactory
from tests.scenarios.contests import D

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup():
    event = EventFactory(competition=CompetitionFactory(slug="race"), uses_time=True)
    practical = event.components.get(key="practical")
    judge, other = UserFactory(username="race-judge"), UserFactory(username="race-other")
    for user in (judge, other):
        JudgeAssignment.objects.create(event=event, user=user)
    entry = EntryFactory(event=event, bib="001")
    mark_save(entry=entry, component=practical, by=judge, value=D("80"), expected_version=None)
    return {"entry": entry, "practical": practical, "judge": judge, "other": other}


def run_in_threads(*functions):
    """Start the functions together, each in its own thread (own database connection)."""
    barrier = threading.Barrier(len(functions))
    outcomes = [None] * len(functions)

    def worker(i, fn):
        try:
            barrier.wait()
            outcomes[i] = ("ok", fn())
        except Exception as exc:
            outcomes[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, fn)) for i, fn in enumerate(functions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_saves_of_the_same_mark_at_once_one_wins_one_conflicts(setup):
    def save(value):
        return lambda: mark_save(
            entry=setup["entry"], component=setup["practical"], by=setup["judge"], value=D(value), expected_version=1
        )

    for attempt in range(5):
        outcomes = run_in_threads(save(f"8{attempt}.5"), save(f"9{attempt}.5"))
        kinds = sorted(kind for kind, _ in outcomes)
        assert kinds == ["error", "ok"], outcomes
        (error,) = [value for kind, value in outcomes if kind == "error"]
        (winner,) = [value for kind, value in outcomes if kind == "ok"]
        assert isinstance(error, ScoreConflict) and str(error) == "已被他人修改，请刷新"
        mark = Mark.objects.get(judge=setup["judge"])
        assert mark.value == winner.value and mark.version == 2
        # exactly one change recorded for the race: the winner's
        assert ScoreChange.objects.filter(old_value="80.00").count() == 1
        # reset for the next round
        Mark.objects.filter(pk=mark.pk).update(value=D("80"), version=1)
        ScoreChange.objects.filter(old_value="80.00").delete()


def test_a_save_that_read_the_old_version_loses_to_a_commit_in_between(setup):
    """Deterministic interleaving: B reads version 1, A's uncommitted update holds the row, B's
    UPDATE … WHERE version = 1 waits, A commits, B's update matches no row → conflict."""
    entry, practical, judge = setup["entry"], setup["practical"], setup["judge"]
    a_has_row = threading.Event()
    a_may_commit = threading.Event()

    def a():
        with transaction.atomic():
            Mark.objects.filter(entry=entry, judge=judge).update(value=D("70"), version=2)
            a_has_row.set()
            a_may_commit.wait(30)
        return "committed"

    def b():
        a_has_row.wait(30)
        return mark_save(entry=entry, component=practical, by=judge, value=D("99"), expected_version=1)

    def release_when_b_waits():
        a_has_row.wait(30)
        for _ in range(600):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0]:
                    break
            time.sleep(0.05)
        a_may_commit.set()
        return "released"

    outcomes = run_in_threads(a, b, release_when_b_waits)
    assert outcomes[0] == ("ok", "committed")
    assert outcomes[1][0] == "error" and isinstance(outcomes[1][1], ScoreConflict), outcomes
    assert outcomes[1][1].current_value == D("70")
    assert Mark.objects.get(judge=judge).value == D("70")


def test_two_judges_saving_one_time_at_once_one_wins(setup):
    def save(user, value):
        return lambda: entry_time_save(entry=setup["entry"], by=user, value=D(value), expected_version=0)

    outcomes = run_in_threads(save(setup["judge"], "30"), save(setup["other"], "31"))
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
    entry = Entry.objects.get(pk=setup["entry"].pk)
    assert entry.time_version == 1 and entry.time_minutes in (D("30"), D("31"))
