import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.rules.workdays import CalendarUnknownYear, WorkdayCalendar

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return WorkdayCalendar.from_library()


def test_library_data_matches_what_the_tests_assume():
    # 国庆节 2024: Oct 1–7 off, Sun Sep 29 and Sat Oct 12 are 补班.
    assert all(D(2024, 10, d) in chinese_calendar.holidays for d in range(1, 8))
    assert D(2024, 9, 29) in chinese_calendar.workdays
    assert D(2024, 10, 12) in chinese_calendar.workdays
    # 春节 2025: Jan 28–Feb 4 off, Sun Jan 26 and Sat Feb 8 are 补班.
    spring = [D(2025, 1, 28) + dt.timedelta(i) for i in range(8)]
    assert all(d in chinese_calendar.holidays for d in spring)
    assert D(2025, 1, 26) in chinese_calendar.workdays
    assert D(2025, 2, 8) in chinese_calendar.workdays


def test_known_years(cal):
    assert cal.known_years == frozenset(range(2004, 2027))


def test_is_workday(cal):
    assert cal.is_workday(D(2024, 9, 27))  # Friday
    assert not cal.is_workday(D(2024, 9, 28))  # Saturday
    assert cal.is_workday(D(2024, 9, 29))  # Sunday, 补班
    assert not cal.is_workday(D(2024, 10, 7))  # Monday, holiday
    assert cal.is_workday(dt.datetime(2024, 10, 12, 9, 30))  # datetimes are read as their date


def test_national_day_2024(cal):
    # Fri 27 (1), Sat 28 off, Sun 29 补班 (2), Mon 30 (3), Oct 1–7 off, Tue 8 (4), Wed 9 (5).
    assert cal.add_working_days(D(2024, 9, 27), 5) == D(2024, 10, 9)
    assert cal.working_days_between(D(2024, 9, 27), D(2024, 10, 9)) == 5
    # Start not counted: Sun 29 (1), Mon 30 (2), Oct 8 (3), 9 (4), 10 (5).
    assert cal.add_working_days(D(2024, 9, 27), 5, include_start=False) == D(2024, 10, 10)


def test_spring_festival_2025(cal):
    # Fri Jan 24 (1), Sat 25 off, Sun 26 补班 (2), Mon 27 (3), Jan 28–Feb 4 off,
    # Wed Feb 5 (4), Thu Feb 6 (5).
    assert cal.add_working_days(D(2025, 1, 24), 5) == D(2025, 2, 6)
    # Starting on the first holiday: Feb 5, 6, 7, Sat 8 补班, Mon 10.
    assert cal.add_working_days(D(2025, 1, 28), 5) == D(2025, 2, 10)
    assert cal.working_days_between(D(2025, 1, 28), D(2025, 2, 4)) == 0


def test_start_on_a_saturday(cal):
    # Sat 2024-06-08: not counted; Sun 9 off; Mon 10 端午; day 1 is Tue 11, day 5 is Mon 17.
    assert cal.add_working_days(D(2024, 6, 8), 5) == D(2024, 6, 17)
    assert cal.add_working_days(D(2024, 6, 8), 1) == D(2024, 6, 11)


def test_start_on_a_makeup_saturday_counts_as_day_one(cal):
    assert cal.add_working_days(D(2024, 10, 12), 1) == D(2024, 10, 12)
    assert cal.add_working_days(D(2024, 10, 12), 2) == D(2024, 10, 14)


def test_n_must_be_positive(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(D(2024, 9, 27), 0)


def test_between_rejects_reversed_span(cal):
    with pytest.raises(ValueError):
        cal.working_days_between(D(2024, 10, 9), D(2024, 9, 27))


def test_unknown_year_raises(cal):
    with pytest.raises(CalendarUnknownYear) as exc:
        cal.is_workday(D(2027, 3, 1))
    assert exc.value.year == 2027
    assert "2027年" in str(exc.value)
    assert "节假日安排" in str(exc.value)
    with pytest.raises(CalendarUnknownYear):
        cal.add_working_days(D(2027, 3, 1), 5)
    with pytest.raises(CalendarUnknownYear):
        cal.add_working_days(D(2003, 12, 31), 1, include_start=False)


def test_span_from_2026_into_unknown_2027_raises(cal):
    # Mon 2026-12-28..Thu 31 gives only 4 working days; the fifth lies in 2027.
    assert cal.add_working_days(D(2026, 12, 28), 4) == D(2026, 12, 31)
    with pytest.raises(CalendarUnknownYear) as exc:
        cal.add_working_days(D(2026, 12, 28), 5)
    assert exc.value.year == 2027
    with pytest.raises(CalendarUnknownYear):
        cal.working_days_between(D(2026, 12, 1), D(2027, 1, 5))


def test_entered_2027_counts():
    # Made-up arrangement: Jan 1–3 off, Sat Jan 9 补班.
    cal = WorkdayCalendar.from_library(
        extra_holidays={D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)},
        extra_workdays={D(2027, 1, 9)},
        extra_years={2027},
    )
    assert 2027 in cal.known_years
    # Dec 28, 29, 30, 31 (1–4), Jan 1–3 off, Mon Jan 4 (5).
    assert cal.add_working_days(D(2026, 12, 28), 5) == D(2027, 1, 4)
    assert cal.is_workday(D(2027, 1, 9))
    assert cal.working_days_between(D(2027, 1, 1), D(2027, 1, 10)) == 6  # Jan 4–8 and Sat 9
    with pytest.raises(CalendarUnknownYear):
        cal.is_workday(D(2028, 1, 3))


def test_entered_year_replaces_library_data():
    cal = WorkdayCalendar.from_library(extra_years={2024})
    assert cal.is_workday(D(2024, 10, 1))  # no holidays entered for 2024 any more
    assert not cal.is_workday(D(2024, 9, 29))


def test_extra_data_is_validated():
    with pytest.raises(ValueError, match="既是节假日又是调休上班日"):
        WorkdayCalendar.from_library(
            extra_holidays={D(2027, 1, 1)}, extra_workdays={D(2027, 1, 1)}, extra_years={2027}
        )
    with pytest.raises(ValueError, match="未标记为已录入"):
        WorkdayCalendar.from_library(extra_holidays={D(2027, 1, 1)})


def test_bare_constructor_knows_only_entered_years():
    cal = WorkdayCalendar(extra_years={2030})
    assert cal.known_years == frozenset({2030})
    with pytest.raises(CalendarUnknownYear):
        cal.is_workday(D(2024, 1, 2))


LIBRARY = WorkdayCalendar.from_library()


@given(
    start=st.dates(min_value=D(2004, 1, 1), max_value=D(2025, 12, 31)),
    n=st.integers(min_value=1, max_value=40),
)
def test_add_and_between_agree(start, n):
    end = LIBRARY.add_working_days(start, n)
    assert LIBRARY.is_workday(end)
    assert LIBRARY.working_days_between(start, end) == n
    after = LIBRARY.add_working_days(start, n, include_start=False)
    assert LIBRARY.working_days_between(start + dt.timedelta(days=1), after) == n


@given(day=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 12, 31)))
def test_agrees_with_library_function(day):
    assert LIBRARY.is_workday(day) == chinese_calendar.is_workday(day)
