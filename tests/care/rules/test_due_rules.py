"""The due-list rules are pure functions over dates: across year boundaries, 29 February, death in
mid-year and revocation."""

from datetime import date
from decimal import Decimal

import pytest

from care.rules import (
    DEFAULT_RULES,
    RuleData,
    age_on,
    birthday_in,
    birthdays_due,
    carries_treatment,
    due_every,
    entitled_on,
    greeting_for,
    months_window,
    resolve_rule,
)


def test_a_yearly_check_is_due_every_year_until_done_that_year():
    assert due_every(2026, 1, [2024, 2025])
    assert not due_every(2026, 1, [2025, 2026])


def test_every_two_years_counts_the_year_before_and_this_year():
    assert not due_every(2026, 2, [2025])
    assert due_every(2026, 2, [2024])
    assert due_every(2026, 2, [])


def test_a_check_recorded_after_the_year_does_not_count_for_it():
    assert due_every(2025, 1, [2026])


def test_without_a_period_nothing_is_due():
    assert not due_every(2026, None, [])


def test_born_on_29_february_has_the_birthday_on_28_february_in_a_common_year():
    born = date(1948, 2, 29)
    assert birthday_in(born, 2028) == date(2028, 2, 29)
    assert birthday_in(born, 2027) == date(2027, 2, 28)
    assert age_on(born, date(2028, 2, 28)) == 79
    assert age_on(born, date(2028, 2, 29)) == 80
    assert age_on(born, date(2027, 2, 28)) == 79


def test_turning_80_this_month_or_next_across_the_new_year():
    born = date(1947, 1, 15)
    assert birthdays_due(born, date(2026, 12, 3), 80) == [(date(2027, 1, 15), 80)]
    assert birthdays_due(born, date(2026, 11, 30), 80) == []


def test_the_window_is_this_month_and_the_next():
    assert months_window(date(2026, 12, 31)) == (date(2026, 12, 1), date(2027, 1, 31))
    assert months_window(date(2028, 1, 5)) == (date(2028, 1, 1), date(2028, 2, 29))


def test_29_february_birthday_in_a_common_year_falls_in_february_window():
    assert birthdays_due(date(1944, 2, 29), date(2025, 1, 10), 80) == [(date(2025, 2, 28), 81)]
    assert birthdays_due(date(1944, 2, 29), date(2024, 2, 1), 80) == [(date(2024, 2, 29), 80)]


def test_older_people_are_greeted_on_every_birthday_from_the_age():
    assert birthdays_due(date(1940, 6, 2), date(2026, 6, 1), 80) == [(date(2026, 6, 2), 86)]
    assert birthdays_due(date(1960, 6, 2), date(2026, 6, 1), 80) == []


def test_death_in_mid_year_stops_entitlements_from_that_day():
    died = date(2026, 6, 15)
    assert entitled_on(date(2026, 6, 14), died_on=died)
    assert not entitled_on(date(2026, 6, 15), died_on=died)
    assert birthdays_due(date(1946, 7, 1), date(2026, 6, 10), 80, died_on=died) == []


def test_revocation_stops_entitlements_from_its_date():
    assert not entitled_on(date(2026, 1, 1), revoked_on=date(2025, 12, 31))
    assert entitled_on(date(2025, 12, 30), revoked_on=date(2025, 12, 31))
    assert birthdays_due(date(1946, 1, 20), date(2026, 1, 2), 80, revoked_on=date(2025, 12, 31)) == []


@pytest.mark.parametrize(
    ("series", "level", "carries"),
    [
        ("劳动模范", "city", True),
        ("先进工作者", "national", True),
        ("五一劳动奖章", "provincial", True),
        ("五一劳动奖章", "city", False),
        ("技术能手", "national", False),
    ],
)
def test_which_honours_carry_the_treatment_by_default(series, level, carries):
    assert carries_treatment(series, level) is carries


def test_a_setting_overrides_the_default_and_collectives_never_carry_it():
    assert carries_treatment("五一劳动奖章", "city", override=True)
    assert not carries_treatment("劳动模范", "national", override=False)
    assert not carries_treatment("劳动模范", "national", "collective")


def test_every_default_states_its_source():
    assert all(rule.source for rule in DEFAULT_RULES)
    checks = {r.life_status: r.every_years for r in DEFAULT_RULES if r.kind == "health_check"}
    assert checks == {"serving": 1, "retired": 2}


def test_the_deepest_union_then_the_most_specific_rule_wins():
    union = RuleData("health_check", every_years=3, depth=1)
    district = RuleData("health_check", life_status="retired", every_years=1, depth=2)
    rules = [*DEFAULT_RULES, union, district]
    assert resolve_rule(rules, "health_check", "provincial", "retired").every_years == 1
    assert resolve_rule(rules, "health_check", "provincial", "serving").every_years == 3
    off = RuleData("allowance", enabled=False, amount=Decimal(1), depth=2)
    assert resolve_rule([*DEFAULT_RULES, off], "allowance", "city", "serving") is None
    assert resolve_rule(DEFAULT_RULES, "recuperation", "city", "retired") is None


def test_a_greeting_in_december_counts_for_a_january_birthday():
    """The due list shows this month's and next month's birthdays: a visit paid on 1 December for a
    birthday on 12 January belongs to that birthday, though it falls in the year before."""
    birthday = date(2027, 1, 12)
    assert greeting_for(birthday, [date(2026, 12, 1)]) == date(2026, 12, 1)
    # last year's greeting, a year earlier, is not this birthday's
    assert greeting_for(birthday, [date(2026, 1, 12)]) is None
    assert greeting_for(birthday, [date(2026, 1, 12), date(2027, 1, 10)]) == date(2027, 1, 10)
    assert greeting_for(birthday, []) is None
