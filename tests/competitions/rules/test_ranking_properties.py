"""Property tests: the ranking is a function of the competitors' keys only."""

from collections import Counter
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from competitions.rules.ranking import DEFAULT_CASCADE, Competitor, TieBreak, rank_competitors

# Few distinct values, so ties (and ties on several keys) are common.
scores = st.sampled_from([D("80"), D("85.5"), D("85.50"), D("90"), D("99.99")])
maybe_scores = st.none() | scores
times = st.none() | st.sampled_from([D("20"), D("25.5"), D("30")])


@st.composite
def fields(draw):
    n = draw(st.integers(min_value=0, max_value=14))
    return [
        Competitor(
            id=i,
            total=draw(st.none() | scores) if draw(st.booleans()) else draw(scores),
            time=draw(times),
            components={"practical": draw(maybe_scores), "theory": draw(maybe_scores)},
        )
        for i in range(n)
    ]


def compare(a, b, cascade=DEFAULT_CASCADE):
    """Reference comparison written independently: -1 if a is better, 1 if b is, 0 if equal."""
    for tb in cascade:
        if tb.field == "total":
            va, vb = a.total, b.total
        elif tb.field == "time":
            va, vb = a.time, b.time
        else:
            key = tb.field.split(":", 1)[1]
            va, vb = a.components.get(key), b.components.get(key)
        if va is None and vb is None:
            continue
        if va is None:
            return 1
        if vb is None:
            return -1
        if va != vb:
            a_better = va > vb if tb.descending else va < vb
            return -1 if a_better else 1
    return 0


def triples(placings):
    return [(p.id, p.rank, p.tied) for p in placings]


@given(fields(), st.randoms(use_true_random=False))
def test_permutation_invariance(competitors, rnd):
    shuffled = list(competitors)
    rnd.shuffle(shuffled)
    # Identical, not just the same set: even the display order inside ties is fixed.
    assert triples(rank_competitors(shuffled)) == triples(rank_competitors(competitors))


@given(fields())
def test_rank_is_one_plus_number_strictly_better(competitors):
    scored = {c.id: c for c in competitors if c.total is not None}
    placings = rank_competitors(competitors)
    assert {p.id for p in placings} == set(scored)
    for p in placings:
        better = sum(1 for other in scored.values() if compare(other, scored[p.id]) < 0)
        assert p.rank == 1 + better


@given(fields())
def test_equal_keys_iff_equal_ranks(competitors):
    placings = rank_competitors(competitors)
    by_id = {c.id: c for c in competitors}
    for p in placings:
        for q in placings:
            same_keys = compare(by_id[p.id], by_id[q.id]) == 0
            assert same_keys == (p.rank == q.rank)


@given(fields())
def test_tied_flag_and_rank_gaps(competitors):
    placings = rank_competitors(competitors)
    counts = Counter(p.rank for p in placings)
    for p in placings:
        assert p.tied == (counts[p.rank] > 1)
    # 1-based, best first, and after a tie of k the next rank skips k - 1 places.
    expected_rank = 1
    for rank in sorted(counts):
        assert rank == expected_rank
        expected_rank += counts[rank]
    assert [p.rank for p in placings] == sorted(p.rank for p in placings)


@given(fields(), st.booleans(), st.booleans())
def test_properties_hold_for_other_cascades(competitors, time_desc, theory_desc):
    cascade = (TieBreak("component:theory", theory_desc), TieBreak("time", time_desc))
    scored = {c.id: c for c in competitors if c.total is not None}
    for p in rank_competitors(competitors, cascade):
        better = sum(1 for o in scored.values() if compare(o, scored[p.id], cascade) < 0)
        assert p.rank == 1 + better
