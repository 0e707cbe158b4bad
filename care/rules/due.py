"""Who is due what on a given day: pure functions over dates.

- ``entitled_on``: entitlements run from the honour until death or revocation (exclusive).
- ``due_every``: a check-up or 疗休养 every N years is due in ``year`` unless one was done in the last N
  years up to and including ``year``.
- ``birthday_in`` / ``birthdays_due``: birthdays at or above an age falling in a window of months (this
  month and next, across the year's end). Someone born on 29 February has their birthday on 28 February
  in a common year.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable


def entitled_on(day: dt.date, *, died_on: dt.date | None = None, revoked_on: dt.date | None = None) -> bool:
    """True while entitlements run on ``day``: before the death and before the revocation."""
    return all(end is None or day < end for end in (died_on, revoked_on))


def due_every(year: int, every_years: int | None, done_years: Iterable[int]) -> bool:
    """True when something given every ``every_years`` years is due in ``year``: none was given in
    ``year - every_years + 1`` … ``year`` (given later than ``year`` does not count)."""
    if not every_years:
        return False
    first = year - every_years + 1
    return not any(first <= y <= year for y in done_years)


def birthday_in(born: dt.date, year: int) -> dt.date:
    """The birthday in ``year`` (29 February → 28 February in a common year)."""
    if born.month == 2 and born.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return born.replace(year=year)


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years on ``day``."""
    return day.year - born.year - (1 if day < birthday_in(born, day.year) else 0)


def months_window(today: dt.date, months: int = 2) -> tuple[dt.date, dt.date]:
    """First and last day of the ``months`` calendar months starting with ``today``'s (this month and next)."""
    start = today.replace(day=1)
    month_index = start.year * 12 + start.month - 1 + months - 1
    last_year, last_month = divmod(month_index, 12)
    last_month += 1
    end = dt.date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    return start, end


def birthdays_due(
    born: dt.date | None,
    today: dt.date,
    from_age: int,
    *,
    months: int = 2,
    died_on: dt.date | None = None,
    revoked_on: dt.date | None = None,
) -> list[tuple[dt.date, int]]:
    """The birthdays (date, age turned) at ``from_age`` or more in this month and the next ``months - 1``,
    while still entitled on the birthday."""
    if born is None:
        return []
    start, end = months_window(today, months)
    found = []
    for year in range(start.year, end.year + 1):
        day = birthday_in(born, year)
        age = year - born.year
        if start <= day <= end and age >= from_age and entitled_on(day, died_on=died_on, revoked_on=revoked_on):
            found.append((day, age))
    return found


# A greeting given up to this many days before the birthday (or after it) is that birthday's: the due
# list shows birthdays of this month and the next, so a visit paid in December for a birthday in
# January counts, across the year's end.
GREETING_WINDOW_DAYS = 62


def greeting_for(birthday: dt.date, given: Iterable[dt.date]) -> dt.date | None:
    """The latest greeting of ``given`` that belongs to ``birthday`` (within GREETING_WINDOW_DAYS of
    it, either side), or None."""
    window = dt.timedelta(days=GREETING_WINDOW_DAYS)
    matching = [d for d in given if birthday - window <= d <= birthday + window]
    return max(matching) if matching else None
