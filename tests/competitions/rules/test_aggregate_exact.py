"""The fast Decimal path of aggregate_marks/weighted_total gives exactly what exact fractions give."""

from decimal import Decimal as D
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from competitions.rules.aggregate import aggregate_marks, round_half_up, weighted_total

# Up to 4 decimals and very large values, so both the exact Decimal path and the fraction
# fallback (non-terminating means, more than 60 digits) are exercised.
decimals = st.decimals(min_value=0, max_value=D("1e40"), places=4, allow_nan=False, allow_infinity=False)
small = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


def reference_mean(values, trim_from):
    values = sorted(values)
    if not values:
        return None
    if trim_from and len(values) >= trim_from:
        values = values[1:-1]
    return round_half_up(sum(map(Fraction, values), Fraction(0)) / len(values))


@given(st.lists(decimals | small, max_size=9), st.sampled_from([None, 0, 3, 5]))
def test_aggregate_marks_equals_the_fraction_reference(values, trim_from):
    got = aggregate_marks(values, trim_from=trim_from)
    expected = reference_mean(values, trim_from)
    assert got == expected
    if got is not None:
        assert got.as_tuple().exponent == -2 and not got.is_signed()


@given(small, small, st.sampled_from([(30, 70), (D("33.33"), D("66.67")), (D("12.5"), D("87.5")), (100, 0)]))
def test_weighted_total_equals_the_fraction_reference(theory, practical, weights):
    wt, wp = weights
    got = weighted_total({"theory": theory, "practical": practical}, {"theory": wt, "practical": wp})
    expected = round_half_up((Fraction(wt) * Fraction(theory) + Fraction(wp) * Fraction(practical)) / 100)
    assert got == expected and got.as_tuple().exponent == -2


def test_non_terminating_means_fall_back_to_exact_fractions():
    assert aggregate_marks([D("1"), D("1"), D("2.125")]) == D("1.38")  # 4.125 / 3 = 1.375 → 1.38
    assert aggregate_marks([D("0.005"), D("0"), D("0.01")]) == D("0.01")  # 0.015 / 3 = 0.005 → 0.01
