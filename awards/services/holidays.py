"""Holiday arrangements (节假日安排) that extend or replace chinese-calendar's years."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from core.errors import NotAllowed
from core.history import audited

from ..models import HolidayDate, HolidayKind, HolidayYear

HOLIDAY_PERMISSION = "awards.change_holidayyear"


@audited
def holiday_year_save(
    *,
    by,
    year: int,
    notice: str,
    holidays: Sequence[tuple[dt.date, str]],
    workdays: Sequence[tuple[dt.date, str]],
) -> HolidayYear:
    """Replace the arrangement of ``year`` with these holidays and working days ((date, name) pairs)."""
    if by is not None and not by.has_perm(HOLIDAY_PERMISSION):
        raise NotAllowed("只有有权维护节假日安排的用户可以修改")
    with transaction.atomic():
        arrangement, _ = HolidayYear.objects.update_or_create(year=year, defaults={"notice": notice})
        arrangement.dates.all().delete()
        HolidayDate.objects.bulk_create(
            [HolidayDate(arrangement=arrangement, date=d, kind=HolidayKind.HOLIDAY, name=n) for d, n in holidays]
            + [HolidayDate(arrangement=arrangement, date=d, kind=HolidayKind.WORKDAY, name=n) for d, n in workdays]
        )
    return arrangement
