from decimal import Decimal as D

import pytest

from competitions.rules.aggregate import aggregate_marks, round_half_up, weighted_total


def marks(*values):
    return [D(v) for v in values]


class TestAggregateMarks:
    def test_no_marks_is_none(self):
        assert aggregate_marks([]) is None

    def test_three_marks_plain_mean(self):
        # Below the default trim threshold of 5: nothing is dropped.
        assert aggregate_marks(marks("90", "85", "70")) == D("81.67")

    def test_four_marks_plain_mean(self):
        assert aggregate_marks(marks("90", "80", "70", "60")) == D("75.00")

    def test_five_marks_drop_highest_and_lowest(self):
        # 95 and 60 dropped: (88 + 87 + 86.5) / 3 = 87.1666… → 87.17
        assert aggregate_marks(marks("88", "87", "86.5", "95", "60")) == D("87.17")

    def test_seven_marks_drop_only_one_each_side(self):
        # 70 and 100 dropped: 420 / 5 = 84; dropping two each side would give 83.33.
        assert aggregate_marks(marks("70", "71", "80", "80", "90", "99", "100")) == D("84.00")

    def test_repeated_extremes_drop_one_copy_only(self):
        assert aggregate_marks(marks("90", "90", "80", "80", "85")) == D("85.00")

    def test_rounds_half_up_not_half_even(self):
        # mean 88.125: ROUND_HALF_EVEN would give 88.12.
        assert aggregate_marks(marks("88.12", "88.13")) == D("88.13")
        assert aggregate_marks(marks("88.125")) == D("88.13")
        assert aggregate_marks(marks("0.005")) == D("0.01")

    def test_result_has_two_decimals(self):
        assert str(aggregate_marks(marks("90"))) == "90.00"

    @pytest.mark.parametrize("trim_from", [None, 0])
    def test_trimming_can_be_disabled(self, trim_from):
        assert aggregate_marks(marks("100", "80", "80", "80", "60"), trim_from=trim_from) == D("80.00")
        assert aggregate_marks(marks("100", "90", "90", "90", "90"), trim_from=trim_from) == D("92.00")

    def test_custom_trim_threshold(self):
        assert aggregate_marks(marks("100", "80", "70"), trim_from=3) == D("80.00")
        assert aggregate_marks(marks("100", "80", "70", "60", "50"), trim_from=7) == D("72.00")

    @pytest.mark.parametrize("trim_from", [1, 2, -1])
    def test_trim_threshold_below_three_rejected(self, trim_from):
        with pytest.raises(ValueError):
            aggregate_marks(marks("1", "2"), trim_from=trim_from)

    def test_floats_rejected(self):
        with pytest.raises(TypeError):
            aggregate_marks([90.5, D("80")])

    def test_non_finite_rejected(self):
        with pytest.raises(ValueError):
            aggregate_marks([D("NaN")])

    def test_ints_accepted(self):
        assert aggregate_marks([90, 85]) == D("87.50")


class TestRoundHalfUp:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (D("90.425"), D("90.43")),
            (D("90.424999"), D("90.42")),
            (D("2.675"), D("2.68")),
            (D("-0.005"), D("-0.01")),  # away from zero, like Decimal's ROUND_HALF_UP
            (D("0"), D("0.00")),
            (7, D("7.00")),
        ],
    )
    def test_values(self, value, expected):
        result = round_half_up(value)
        assert result == expected
        assert result.as_tuple().exponent == -2


class TestWeightedTotal:
    def test_documented_example(self):
        # 26.55 + 63.875 = 90.425 → 90.43
        components = {"theory": D("88.5"), "practical": D("91.25")}
        total = weighted_total(components, {"theory": 30, "practical": 70})
        assert total == D("90.43")
        assert str(total) == "90.43"

    def test_decimal_weights(self):
        total = weighted_total({"a": D("80"), "b": D("90")}, {"a": D("33.3"), "b": D("66.7")})
        # 26.64 + 60.03 = 86.67
        assert total == D("86.67")

    @pytest.mark.parametrize(
        "weights",
        [
            {"theory": 30, "practical": 60},
            {"theory": D("0.3"), "practical": D("0.7")},  # fractions are not accepted
            {"theory": 30, "practical": 71},
            {},
        ],
    )
    def test_weights_must_sum_to_100(self, weights):
        with pytest.raises(ValueError):
            weighted_total({"theory": D("80"), "practical": D("80")}, weights)

    def test_negative_weight_rejected(self):
        with pytest.raises(ValueError):
            weighted_total({"a": D("1"), "b": D("1")}, {"a": -10, "b": 110})

    def test_float_weight_rejected(self):
        with pytest.raises(TypeError):
            weighted_total({"a": D("1")}, {"a": 100.0})

    def test_missing_component_gives_none(self):
        weights = {"theory": 30, "practical": 70}
        assert weighted_total({"theory": D("80")}, weights) is None
        assert weighted_total({"theory": D("80"), "practical": None}, weights) is None

    def test_zero_weight_component_not_required(self):
        assert weighted_total({"practical": D("80")}, {"theory": 0, "practical": 100}) == D("80.00")

    def test_unweighted_components_ignored(self):
        components = {"theory": D("80"), "practical": D("90"), "notes": None}
        assert weighted_total(components, {"theory": 30, "practical": 70}) == D("87.00")
