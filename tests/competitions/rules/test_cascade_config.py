"""Event.tie_break JSON ↔ the cascade the ranking uses."""

import pytest

from competitions.rules.ranking import DEFAULT_CASCADE, TieBreak, cascade_to_json, parse_cascade


@pytest.mark.parametrize("raw", [None, [], ()])
def test_empty_setting_means_the_documented_default(raw):
    assert parse_cascade(raw) == DEFAULT_CASCADE


def test_round_trip_through_json():
    cascade = (TieBreak("total", True), TieBreak("component:theory", True), TieBreak("time", False))
    assert parse_cascade(cascade_to_json(cascade)) == cascade
    assert cascade_to_json(DEFAULT_CASCADE) == [
        ["total", True],
        ["time", False],
        ["component:practical", True],
        ["component:theory", True],
    ]


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("total", "must be a list"),
        ([["total"]], "pair"),
        ([["total", "true"]], "[str, bool]"),
        ([["score", True]], "unknown tie-break field"),
        ([["component:", True]], "unknown tie-break field"),
        ([["total", True], ["total", False]], "repeats"),
    ],
)
def test_malformed_settings_are_refused_with_the_position(raw, fragment):
    with pytest.raises(ValueError, match=r"tie_break|tie-break") as info:
        parse_cascade(raw)
    assert fragment in str(info.value)


def test_component_keys_are_checked_when_known():
    assert parse_cascade([["component:review", True]], component_keys=["review"]) == (
        TieBreak("component:review", True),
    )
    with pytest.raises(ValueError, match="unknown component"):
        parse_cascade([["component:practical", True]], component_keys=["review"])
