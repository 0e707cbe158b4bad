"""Chinese working-day arithmetic for 公示 periods.

Counting rule (used for "公示期不少于5个工作日"):

* A working day is a 调休 make-up working day (补班, usually a Saturday or Sunday); otherwise a
  date that is not a statutory holiday and falls Monday–Friday.
* ``add_working_days(start, n)`` returns the date of the n-th working day counted from ``start``:
  if ``start`` is a working day it is day 1; if not (weekend or holiday), day 1 is the next
  working day.  With ``include_start=False`` ``start`` itself is never counted and day 1 is the
  first working day after it.
* ``working_days_between(a, b)`` counts working days from ``a`` to ``b``, both inclusive, so
  ``working_days_between(start, add_working_days(start, n)) == n``.

Holiday data comes from ``chinese_calendar`` (which covers 2004–2026 in 1.11.0) plus years an
administrator entered.  A date in a year neither source knows raises ``CalendarUnknownYear``:
we never fall back to plain Monday–Friday, because a missed 春节 would shorten a 公示 by a week.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import chinese_calendar

ONE_DAY = dt.timedelta(days=1)


class CalendarUnknownYear(Exception):
    """The holiday arrangement (放假和调休安排) for ``year`` is not known."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"尚未录入{year}年的法定节假日和调休安排，无法计算工作日；请管理员在“节假日安排”中录入该年安排"
        )


@dataclass(frozen=True)
class _LibraryData:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    years: frozenset[int]


@cache
def _library_data() -> _LibraryData:
    # Read the constant dicts rather than calling chinese_calendar.is_workday(), which raises
    # NotImplementedError outside its range and costs a validation per call.
    holidays = frozenset(chinese_calendar.holidays)
    workdays = frozenset(chinese_calendar.workdays)
    # Same range the library itself accepts: first to last year present in ``holidays``.
    first = min(d.year for d in holidays)
    last = max(d.year for d in holidays)
    return _LibraryData(holidays, workdays, frozenset(range(first, last + 1)))


def _as_date(value: dt.date) -> dt.date:
    # datetime is a date subclass but never equals a date, so set lookups would silently miss.
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, dt.date):
        raise TypeError(f"需要日期（datetime.date），收到 {type(value).__name__}")
    return value


@dataclass
class WorkdayCalendar:
    """Working-day calendar: library data plus years entered by administrators.

    A year listed in ``extra_years`` is taken entirely from ``extra_holidays``/``extra_workdays``
    and replaces the library's data for that year (so an admin can correct or extend it); an
    entered year with no extra dates means "no holidays, no 调休, plain Monday–Friday".
    Build it with :meth:`from_library`; the bare constructor knows only the extra years.
    """

    extra_holidays: set[dt.date] = field(default_factory=set)
    extra_workdays: set[dt.date] = field(default_factory=set)
    extra_years: set[int] = field(default_factory=set)
    library_holidays: frozenset[dt.date] = field(default=frozenset(), repr=False)
    library_workdays: frozenset[dt.date] = field(default=frozenset(), repr=False)
    library_years: frozenset[int] = field(default=frozenset())

    def __post_init__(self) -> None:
        self.extra_holidays = {_as_date(d) for d in self.extra_holidays}
        self.extra_workdays = {_as_date(d) for d in self.extra_workdays}
        self.extra_years = {int(y) for y in self.extra_years}
        clash = self.extra_holidays & self.extra_workdays
        if clash:
            days = "、".join(d.isoformat() for d in sorted(clash))
            raise ValueError(f"同一天不能既是节假日又是调休上班日：{days}")
        # A date for a year not marked as entered would be ignored; refuse instead of guessing
        # whether the rest of that year's arrangement is complete.
        stray = {d for d in self.extra_holidays | self.extra_workdays if d.year not in self.extra_years}
        if stray:
            years = "、".join(str(y) for y in sorted({d.year for d in stray}))
            raise ValueError(f"录入了{years}年的节假日或调休日期，但该年未标记为已录入安排")

    @classmethod
    def from_library(
        cls,
        extra_holidays: Iterable[dt.date] = (),
        extra_workdays: Iterable[dt.date] = (),
        extra_years: Iterable[int] = (),
    ) -> "WorkdayCalendar":
        lib = _library_data()
        return cls(
            extra_holidays=set(extra_holidays),
            extra_workdays=set(extra_workdays),
            extra_years=set(extra_years),
            library_holidays=lib.holidays,
            library_workdays=lib.workdays,
            library_years=lib.years,
        )

    @property
    def known_years(self) -> frozenset[int]:
        return frozenset(self.library_years) | frozenset(self.extra_years)

    def require_year(self, year: int) -> None:
        if year not in self.extra_years and year not in self.library_years:
            raise CalendarUnknownYear(year)

    def is_workday(self, day: dt.date) -> bool:
        day = _as_date(day)
        self.require_year(day.year)
        if day.year in self.extra_years:
            holidays, workdays = self.extra_holidays, self.extra_workdays
        else:
            holidays, workdays = self.library_holidays, self.library_workdays
        # Make-up days win over the weekend; holidays win over Monday–Friday.
        if day in workdays:
            return True
        if day in holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: dt.date, n: int, *, include_start: bool = True) -> dt.date:
        """Date of the n-th working day counted from ``start`` (n ≥ 1); see the module docstring."""
        start = _as_date(start)
        if n < 1:
            raise ValueError("工作日数必须至少为1")
        # Check start's year even when it is skipped, so a span beginning in an unknown year fails.
        self.require_year(start.year)
        day = start if include_start else start + ONE_DAY
        counted = 0
        while True:
            # is_workday raises as soon as the walk enters an unknown year.
            if self.is_workday(day):
                counted += 1
                if counted == n:
                    return day
            day += ONE_DAY

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Number of working days from ``a`` to ``b``, both inclusive."""
        a, b = _as_date(a), _as_date(b)
        if b < a:
            raise ValueError("结束日期早于开始日期")
        # Fail before counting anything: a partial count would look like a plausible answer.
        for year in range(a.year, b.year + 1):
            self.require_year(year)
        count = 0
        day = a
        while day <= b:
            count += self.is_workday(day)
            day += ONE_DAY
        return count
