"""Concurrent voters on PostgreSQL: no vote over the daily limit is counted, and none is lost.

PostgreSQL only (SQLite serialises writers, so there is no race to test there). Each thread has its
own database connection; they start together at a barrier.
"""

import threading

import pytest
from django.core.cache import cache
from django.db import connections

from competitions.models import InnovationSettings, Vote
from competitions.selectors.innovation import project_vote_counts
from competitions.services.votes import VoteRefused, vote_cast
from tests.scenarios.innovation import innovation_contest, passed_projects

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def run_in_threads(functions):
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


@pytest.fixture
def world():
    cache.clear()
    contest = innovation_contest(votes_per_day=3)
    return contest, passed_projects(contest, n=8)


def test_one_voter_voting_from_eight_places_at_once_gets_exactly_the_daily_limit(world):
    _contest, projects = world
    for attempt in range(3):
        key = f"same-voter-{attempt}"
        outcomes = run_in_threads(
            [
                (lambda p=p, i=i: vote_cast(project=p, voter_key=key, voter_kind="code", origin=f"o{attempt}-{i}"))
                for i, p in enumerate(projects)
            ]
        )
        ok = [v for kind, v in outcomes if kind == "ok"]
        errors = [v for kind, v in outcomes if kind == "error"]
        assert len(ok) == 3, outcomes
        assert all(isinstance(e, VoteRefused) and "最多投 3 票" in e.message for e in errors), errors
        assert Vote.objects.filter(voter__key=key).count() == 3


def test_one_voter_clicking_the_same_project_at_once_counts_once(world):
    _contest, projects = world
    outcomes = run_in_threads(
        [
            (lambda i=i: vote_cast(project=projects[0], voter_key="double", voter_kind="code", origin=f"d{i}"))
            for i in range(6)
        ]
    )
    assert sorted(kind for kind, _ in outcomes).count("ok") == 1
    assert Vote.objects.filter(voter__key="double").count() == 1


def test_many_voters_at_once_none_is_lost(world):
    contest, projects = world
    InnovationSettings.objects.filter(competition=contest["competition"]).update(votes_per_day=1)
    outcomes = run_in_threads(
        [
            (lambda i=i: vote_cast(project=projects[i % 2], voter_key=f"crowd{i}", voter_kind="phone", origin=f"c{i}"))
            for i in range(16)
        ]
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 16, outcomes
    counts = project_vote_counts(contest["competition"])
    assert (counts[projects[0].pk], counts[projects[1].pk]) == (8, 8)
