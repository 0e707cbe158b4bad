import random
from decimal import Decimal as D

import pytest

from competitions.rules.prizes import Prize
from competitions.rules.standings import (
    DEFAULT_PRIZE_POINTS,
    DelegationStanding,
    delegation_standings,
    team_scores,
)

F, S, T, M, N = Prize.FIRST, Prize.SECOND, Prize.THIRD, Prize.MERIT, Prize.NONE


class TestTeamScores:
    def test_sum_of_members(self):
        assert team_scores({"t": [D("80.5"), D("90.25"), D("70")]}) == {"t": D("240.75")}

    def test_best_n(self):
        members = {"t": [D("70"), D("95"), D("80"), D("60")]}
        assert team_scores(members, best_n=2) == {"t": D("175")}

    def test_none_members_ignored(self):
        assert team_scores({"t": [None, D("80"), None]}) == {"t": D("80")}
        assert team_scores({"t": [None, D("80"), D("90")]}, best_n=3) == {"t": D("170")}

    def test_team_without_scored_member_is_none(self):
        assert team_scores({"a": [None, None], "b": []}) == {"a": None, "b": None}

    def test_invalid_best_n(self):
        with pytest.raises(ValueError):
            team_scores({"t": [D("1")]}, best_n=0)

    def test_floats_rejected(self):
        with pytest.raises(TypeError):
            team_scores({"t": [80.5]})


def test_default_points():
    assert DEFAULT_PRIZE_POINTS == {F: 8, S: 4, T: 2, "finished": 1}
    with pytest.raises(TypeError):
        DEFAULT_PRIZE_POINTS[F] = 100


class TestDelegationStandings:
    def test_points_and_counts(self):
        results = [
            ("滨海", F, True),
            ("滨海", M, True),
            ("滨海", None, False),  # withdrawn: listed, no points
            ("南开", S, True),
            ("南开", T, True),
            ("南开", N, True),
        ]
        assert delegation_standings(results) == [
            DelegationStanding("滨海", 9, 1, 0, 0, 1, 1),
            DelegationStanding("南开", 7, 0, 1, 1, 1, 2),
        ]

    def test_olympic_tie_break_on_equal_points(self):
        results = [
            ("two-seconds", S, True),
            ("two-seconds", S, True),
            ("one-first", F, True),
            ("second-and-thirds", S, True),
            ("second-and-thirds", T, True),
            ("second-and-thirds", T, True),
        ]
        standings = delegation_standings(results)
        assert [s.points for s in standings] == [8, 8, 8]
        assert [(s.delegation_id, s.rank) for s in standings] == [
            ("one-first", 1),
            ("two-seconds", 2),
            ("second-and-thirds", 3),
        ]

    def test_shared_rank_and_deterministic_order(self):
        results = [("c", F, True), ("a", F, True), ("b", F, True), ("d", None, True), ("e", None, False)]
        expected = [("a", 1), ("b", 1), ("c", 1), ("d", 4), ("e", 5)]
        for seed in range(5):
            shuffled = list(results)
            random.Random(seed).shuffle(shuffled)
            assert [(s.delegation_id, s.rank) for s in delegation_standings(shuffled)] == expected

    def test_custom_points(self):
        points = {F: D("7"), S: D("5"), T: D("3")}
        standings = delegation_standings([("a", T, True), ("a", N, True)], points=points)
        assert standings[0].points == D("3")  # no "finished" key: finishing scores 0

    def test_prize_strings_accepted(self):
        assert delegation_standings([("a", "first", True)])[0].firsts == 1

    def test_prize_without_finishing_rejected(self):
        with pytest.raises(ValueError):
            delegation_standings([("a", F, False)])

    def test_empty(self):
        assert delegation_standings([]) == []
