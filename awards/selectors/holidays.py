"""The working-day calendar that counts a 公示's days."""

from __future__ import annotations

from ..models import HolidayDate, HolidayKind, HolidayYear
from ..rules.workdays import WorkdayCalendar


def workday_calendar() -> WorkdayCalendar:
    """chinese-calendar's years plus those an administrator entered (which replace the library's)."""
    years = set(HolidayYear.objects.values_list("year", flat=True))
    holidays, workdays = set(), set()
    for day, kind in HolidayDate.objects.values_list("date", "kind"):
        (holidays if kind == HolidayKind.HOLIDAY else workdays).add(day)
    return WorkdayCalendar.from_library(extra_holidays=holidays, extra_workdays=workdays, extra_years=years)
