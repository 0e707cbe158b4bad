from decimal import Decimal as D

import pytest

from competitions.rules.ranking import (
    DEFAULT_CASCADE,
    Competitor,
    Placing,
    TieBreak,
    rank_competitors,
)


def c(id, total, time=None, **components):
    return Competitor(
        id,
        None if total is None else D(total),
        None if time is None else D(time),
        {k: None if v is None else D(v) for k, v in components.items()},
    )


def as_tuples(placings):
    return [(p.id, p.rank, p.tied) for p in placings]


def test_default_cascade():
    fields = [tb.field for tb in DEFAULT_CASCADE]
    assert fields == ["total", "time", "component:practical", "component:theory"]
    assert [tb.descending for tb in DEFAULT_CASCADE] == [True, False, True, True]


def test_cascade_order_total_then_time_then_practical_then_theory():
    competitors = [
        c("slow-but-best", "95", "60", practical="50", theory="50"),
        c("d", "90", "30", practical="80", theory="90"),
        c("c", "90", "30", practical="80", theory="95"),
        c("b", "90", "30", practical="85", theory="70"),
        c("a", "90", "25", practical="70", theory="60"),
    ]
    assert as_tuples(rank_competitors(competitors)) == [
        ("slow-but-best", 1, False),  # total outranks time
        ("a", 2, False),  # shortest time outranks practical
        ("b", 3, False),  # better practical outranks theory
        ("c", 4, False),  # better theory
        ("d", 5, False),
    ]


def test_standard_competition_ranking_1224():
    competitors = [c("w", "99"), c("x", "90"), c("y", "90"), c("z", "80")]
    assert as_tuples(rank_competitors(competitors)) == [
        ("w", 1, False),
        ("x", 2, True),
        ("y", 2, True),
        ("z", 4, False),
    ]


def test_equal_decimals_with_different_exponents_tie():
    placings = rank_competitors([c("a", "90.0"), c("b", "90.00"), c("c", "90")])
    assert {p.rank for p in placings} == {1}
    assert all(p.tied for p in placings)


def test_all_tied():
    placings = rank_competitors([c(i, "75", "30", practical="70", theory="80") for i in range(5)])
    assert as_tuples(placings) == [(i, 1, True) for i in range(5)]


def test_one_entry():
    assert rank_competitors([c("only", "60")]) == [Placing("only", 1, False)]


def test_no_entries():
    assert rank_competitors([]) == []


def test_none_totals_are_excluded():
    placings = rank_competitors([c("a", None), c("b", "70"), c("c", None), c("d", "80")])
    assert as_tuples(placings) == [("d", 1, False), ("b", 2, False)]


def test_none_time_is_worse_than_any_time():
    placings = rank_competitors([c("no-time", "90"), c("very-slow", "90", "9999")])
    assert as_tuples(placings) == [("very-slow", 1, False), ("no-time", 2, False)]


def test_both_times_missing_falls_through_to_practical():
    placings = rank_competitors([c("a", "90", practical="70"), c("b", "90", practical="75")])
    assert [p.id for p in placings] == ["b", "a"]


def test_missing_component_sorts_last_in_both_directions():
    competitors = [c("missing", "90"), c("high", "90", x="99"), c("low", "90", x="1")]
    desc = rank_competitors(competitors, cascade=[TieBreak("total", True), TieBreak("component:x", True)])
    asc = rank_competitors(competitors, cascade=[TieBreak("total", True), TieBreak("component:x", False)])
    assert [p.id for p in desc] == ["high", "low", "missing"]
    assert [p.id for p in asc] == ["low", "high", "missing"]


def test_custom_cascade_without_time():
    competitors = [c("fast", "90", "10", practical="70"), c("strong", "90", "50", practical="80")]
    cascade = [TieBreak("total", True), TieBreak("component:practical", True)]
    assert [p.id for p in rank_competitors(competitors, cascade)] == ["strong", "fast"]


def test_tied_entries_listed_by_str_id_whatever_the_input_order():
    forward = rank_competitors([c("b", "80"), c("c", "80"), c("a", "80")])
    backward = rank_competitors([c("a", "80"), c("c", "80"), c("b", "80")])
    assert [p.id for p in forward] == [p.id for p in backward] == ["a", "b", "c"]


@pytest.mark.parametrize("field", ["score", "component:", "Total", "components:practical"])
def test_unknown_cascade_field_rejected(field):
    with pytest.raises(ValueError):
        rank_competitors([], cascade=[TieBreak(field, True)])


def test_duplicate_ids_rejected():
    with pytest.raises(ValueError):
        rank_competitors([c("a", "80"), c("a", "70")])


def test_competitor_rejects_floats():
    with pytest.raises(TypeError):
        Competitor("a", 90.5)
    with pytest.raises(TypeError):
        Competitor("a", D("90"), time=12.5)
    with pytest.raises(TypeError):
        Competitor("a", D("90"), components={"practical": 80.5})


def test_competitor_is_hashable_and_components_read_only():
    a = c("a", "90", "30", practical="80")
    b = c("a", "90", "30", practical="80")
    assert a == b
    assert hash(a) == hash(b)
    assert a.components["practical"] == D("80")
    assert dict(a.components) == {"practical": D("80")}
    with pytest.raises(TypeError):
        a.components["practical"] = D("100")
    assert Competitor("x", D("1")).components == {}
