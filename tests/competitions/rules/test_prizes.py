from collections import Counter
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from competitions.rules.prizes import PRIZE_LABELS, Prize, PrizeRules, allocate_prizes, prize_boundaries
from competitions.rules.ranking import Competitor, Placing, rank_competitors

F, S, T, M, N = Prize.FIRST, Prize.SECOND, Prize.THIRD, Prize.MERIT, Prize.NONE


def placings_for(ranks):
    """Placings with ids 0..n-1 for the given ranks (tied = rank shared)."""
    counts = Counter(ranks)
    return [Placing(i, r, counts[r] > 1) for i, r in enumerate(ranks)]


def prizes_in_order(ranks, rules=PrizeRules()):
    result = allocate_prizes(placings_for(ranks), rules)
    return [result[i] for i in range(len(ranks))]


def test_labels():
    assert PRIZE_LABELS == {F: "一等奖", S: "二等奖", T: "三等奖", M: "优胜奖", N: ""}
    assert Prize("first") is F
    assert F == "first"


@pytest.mark.parametrize(
    ("n", "counts"),
    [
        # (一等, 二等, 三等, none) for n distinct ranks, default 10/20/30 %
        (1, (1, 0, 0, 0)),  # c = (1, 1, 1): 10 % of 1 rounds to 0, but a field has a winner
        (2, (1, 0, 0, 1)),  # c = (1, round(0.6)=1, round(1.2)=1)
        (3, (1, 0, 1, 1)),  # c = (1, round(0.9)=1, round(1.8)=2)
        (7, (1, 1, 2, 3)),  # c = (round(0.7)=1, round(2.1)=2, round(4.2)=4)
        (10, (1, 2, 3, 4)),
        (11, (1, 2, 4, 4)),  # c = (round(1.1)=1, round(3.3)=3, round(6.6)=7)
        (100, (10, 20, 30, 40)),
    ],
)
def test_default_ratios(n, counts):
    result = prizes_in_order(list(range(1, n + 1)))
    got = Counter(result)
    assert (got[F], got[S], got[T], got[N]) == counts
    # Better ranks never get worse prizes.
    order = [F, S, T, N]
    assert [order.index(p) for p in result] == sorted(order.index(p) for p in result)


@pytest.mark.parametrize(
    ("n", "boundaries"),
    [(0, (0, 0, 0)), (5, (1, 2, 3)), (15, (2, 5, 9)), (25, (3, 8, 15)), (100, (10, 30, 60))],
)
def test_boundaries_round_half_up(n, boundaries):
    # 25 × 0.1 = 2.5 → 3 (ROUND_HALF_EVEN would give 2); 25 × 0.3 = 7.5 → 8.
    assert prize_boundaries(n) == boundaries


class TestTiesAtBoundaries:
    # N = 10: boundaries (1, 3, 6).

    def test_tie_across_first_second_all_first(self):
        result = prizes_in_order([1, 1, 3, 4, 5, 6, 7, 8, 9, 10])
        # The tie took two of the three first+second places: one 二等奖 left.
        assert result == [F, F, S, T, T, T, N, N, N, N]

    def test_tie_across_second_third_all_second(self):
        result = prizes_in_order([1, 2, 3, 3, 5, 6, 7, 8, 9, 10])
        assert result == [F, S, S, S, T, T, N, N, N, N]

    def test_tie_across_third_none_all_third(self):
        result = prizes_in_order([1, 2, 3, 4, 5, 6, 6, 8, 9, 10])
        assert result == [F, S, S, T, T, T, T, N, N, N]

    def test_large_tie_eats_the_next_tier(self):
        # Five tied at 2 reach past the 三等奖 boundary (6): the next rank, 7, gets nothing.
        result = prizes_in_order([1, 2, 2, 2, 2, 2, 7, 8, 9, 10])
        assert result == [F, S, S, S, S, S, N, N, N, N]

    def test_everyone_tied_all_first(self):
        assert prizes_in_order([1] * 10) == [F] * 10
        assert prizes_in_order([1] * 3) == [F] * 3


def test_input_order_does_not_matter():
    placings = placings_for([1, 2, 3, 3, 5, 6, 7, 8, 9, 10])
    assert allocate_prizes(list(reversed(placings))) == allocate_prizes(placings)


def test_merit_to_half():
    rules = PrizeRules(ratios=(D("0.1"), D("0.1"), D("0.1")), merit_to_half=True)
    # N = 11: boundaries (1, 2, 3), half = ceil(11 / 2) = 6.
    assert prizes_in_order(list(range(1, 12)), rules) == [F, S, T, M, M, M, N, N, N, N, N]
    # A tie straddling the half boundary all get 优胜奖 too.
    assert prizes_in_order([1, 2, 3, 4, 5, 6, 6, 8, 9, 10, 11], rules) == [F, S, T, M, M, M, M, N, N, N, N]


def test_merit_with_default_ratios_is_empty():
    # 10 + 20 + 30 % already covers more than half the field.
    rules = PrizeRules(merit_to_half=True)
    assert M not in prizes_in_order(list(range(1, 21)), rules)


def test_min_field():
    rules = PrizeRules(min_field=6)
    assert prizes_in_order([1, 2, 3, 4, 5], rules) == [N] * 5
    assert prizes_in_order([1, 2, 3, 4, 5, 6], rules)[0] == F


def test_empty_field():
    assert allocate_prizes([]) == {}


def test_absent_entries_are_absent():
    competitors = [Competitor("a", D("90")), Competitor("dq", None), Competitor("b", D("80"))]
    result = allocate_prizes(rank_competitors(competitors))
    assert result == {"a": F, "b": N}  # N = 2: the disqualified entry does not count


@pytest.mark.parametrize(
    "ratios",
    [
        (D("0.5"), D("0.4"), D("0.2")),  # sum > 1
        (D("-0.1"), D("0.2"), D("0.3")),
        (D("0.1"), D("0.2")),
    ],
)
def test_invalid_ratios(ratios):
    with pytest.raises(ValueError):
        PrizeRules(ratios=ratios)


def test_float_ratios_rejected():
    with pytest.raises(TypeError):
        PrizeRules(ratios=(0.1, 0.2, 0.3))


def test_zero_first_ratio_gives_no_first_prize():
    rules = PrizeRules(ratios=(D("0"), D("0.5"), D("0")))
    assert prizes_in_order([1, 2, 3, 4], rules) == [S, S, N, N]


@pytest.mark.parametrize("ranks", [[0, 1], [1, 3], [1, 1, 4]])
def test_impossible_ranks_rejected(ranks):
    with pytest.raises(ValueError):
        allocate_prizes(placings_for(ranks))


def test_duplicate_ids_rejected():
    with pytest.raises(ValueError):
        allocate_prizes([Placing("a", 1, False), Placing("a", 2, False)])


# Property tests over real rankings.
totals = st.lists(st.sampled_from([D("60"), D("70"), D("80"), D("90"), D("100")]), max_size=40)
ORDER = [F, S, T, M, N]


@given(totals, st.booleans())
def test_ties_never_split_and_prizes_follow_rank(values, merit):
    placings = rank_competitors(Competitor(i, v) for i, v in enumerate(values))
    result = allocate_prizes(placings, PrizeRules(merit_to_half=merit))
    assert set(result) == {p.id for p in placings}
    by_rank = {}
    for p in placings:
        by_rank.setdefault(p.rank, set()).add(result[p.id])
    assert all(len(prizes) == 1 for prizes in by_rank.values())
    levels = [ORDER.index(next(iter(by_rank[r]))) for r in sorted(by_rank)]
    assert levels == sorted(levels)
    if placings:
        assert result[placings[0].id] is F


@given(st.integers(min_value=1, max_value=500))
def test_distinct_ranks_fill_each_tier_to_its_boundary(n):
    result = prizes_in_order(list(range(1, n + 1)))
    counts = Counter(result)
    c1, c2, c3 = prize_boundaries(n)
    assert (counts[F], counts[F] + counts[S], counts[F] + counts[S] + counts[T]) == (c1, c2, c3)
    # Never more than half a place off the exact ratio (except the guaranteed first prize).
    assert abs(c3 - D(n) * D("0.6")) <= D("0.5")
