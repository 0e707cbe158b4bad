"""Pure registration rules: age limits, bib numbers, team sizes and places per delegation.

Defined once here and used by the model (check constraint), the forms (field bounds), the
services (checks on every write) and the importer. No Django: callers pass plain values or any
object with the attributes named below.

Bib numbers (参赛号): ``<prefix><sequence>``, the sequence zero-padded to ``BIB_WIDTH`` digits (it
simply grows to 4 digits after 999) and counted per event from 1. The prefix is the event's
``bib_prefix``; older events with an empty prefix use their id as two digits, as the seed data
does ("01001"). A bib is given once, at registration, and never changes or gets reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from core.idcard import mask_id_number, mask_phone
from core.text import clean_text, match_key

__all__ = [
    "BIB_WIDTH",
    "ENTERED_FIELDS",
    "MAX_AGE",
    "MIN_AGE",
    "PLACES_MAX",
    "PLACES_MIN",
    "TEAM_SIZE_MAX",
    "TEAM_SIZE_MIN",
    "RuleError",
    "age_problem",
    "age_reference_date",
    "effective_bib_prefix",
    "entered_details",
    "format_bib",
    "next_bib_sequence",
    "parse_components",
    "places_exceeded",
    "places_problem",
    "shown_identity",
    "team_full",
    "team_size_problem",
]

MIN_AGE = 16
MAX_AGE = 70
BIB_WIDTH = 3
# Members of one team (团体赛项): at least 2 (the model's check constraint), at most 50.
TEAM_SIZE_MIN = 2
TEAM_SIZE_MAX = 50
# Places of one delegation in one event (people, or teams in a team event); None = no limit.
PLACES_MIN = 1
PLACES_MAX = 10000


class RuleError(ValueError):
    """A value a rule refuses; the message (Chinese) is shown to the user."""


# --- age ------------------------------------------------------------------------------------------


def age_reference_date(competition) -> date:
    """Ages are counted in full years (周岁) on ``competition.start_date``, or on 1 January of its year."""
    return competition.start_date or date(competition.year, 1, 1)


def age_problem(birth_date: date | None, competition) -> str | None:
    if birth_date is None:
        return None
    day = age_reference_date(competition)
    if birth_date > day:
        return f"出生日期 {birth_date:%Y-%m-%d} 晚于比赛日期"
    age = day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    if age < MIN_AGE or age > MAX_AGE:
        return f"年龄应在 {MIN_AGE}–{MAX_AGE} 周岁之间（按 {day:%Y-%m-%d} 计为 {age} 周岁）"
    return None


# --- bib numbers ----------------------------------------------------------------------------------


def effective_bib_prefix(event) -> str:
    """``event.bib_prefix``, or the event's id as two digits when it has none."""
    return event.bib_prefix or f"{event.pk:02d}"


def format_bib(prefix: str, seq: int) -> str:
    return f"{prefix}{seq:0{BIB_WIDTH}d}"


def next_bib_sequence(prefix: str, bibs: Iterable[str]) -> int:
    """1 + the largest sequence among ``bibs`` that carry ``prefix`` (1 when there are none)."""
    best = 0
    n = len(prefix)
    for bib in bibs:
        if bib and bib.startswith(prefix):
            tail = bib[n:]
            if tail.isdigit() and tail.isascii():
                best = max(best, int(tail))
    return best + 1


# --- teams and places -----------------------------------------------------------------------------


def team_size_problem(team_size: int | None) -> str | None:
    """Why ``team_size`` is not a valid size for a team event, or None."""
    if not team_size or team_size < TEAM_SIZE_MIN:
        return f"团体赛项的每队人数至少为 {TEAM_SIZE_MIN}"
    if team_size > TEAM_SIZE_MAX:
        return f"每队人数最多为 {TEAM_SIZE_MAX}"
    return None


def places_problem(places: int | None) -> str | None:
    """Why ``places`` is not a valid places-per-delegation setting (None = no limit), or None."""
    if places is None:
        return None
    if places < PLACES_MIN:
        return f"每个代表队名额至少为 {PLACES_MIN}（不限名额请留空）"
    if places > PLACES_MAX:
        return f"每个代表队名额最多为 {PLACES_MAX}"
    return None


def places_exceeded(*, limit: int | None, used: int, adding: int = 1) -> bool:
    """True when ``adding`` more places on top of ``used`` would pass ``limit`` (None = no limit)."""
    return limit is not None and used + adding > limit


def team_full(*, team_size: int | None, members: int) -> bool:
    """True when a team with ``members`` registered members takes nobody else."""
    return bool(team_size) and members >= team_size


# --- score components -----------------------------------------------------------------------------


def parse_components(components: Sequence[tuple[str, Any]]) -> list[tuple[str, Decimal]]:
    """[(name, weight)] cleaned and checked: at least one, names unique, weights add up to 100.

    Raises ``RuleError`` with the message to show.
    """
    parsed: list[tuple[str, Decimal]] = []
    seen: set[str] = set()
    for name, weight in components:
        name = clean_text(name)
        if not name:
            raise RuleError("成绩构成的名称不能为空")
        if match_key(name) in seen:
            raise RuleError(f"成绩构成“{name}”重复")
        seen.add(match_key(name))
        try:
            w = Decimal(str(weight))
        except (InvalidOperation, ValueError):
            raise RuleError(f"“{name}”的权重应为数字") from None
        if not w.is_finite() or w < 0 or w > 100:
            raise RuleError(f"“{name}”的权重应在 0–100 之间")
        parsed.append((name, w))
    if not parsed:
        raise RuleError("至少需要一项成绩构成（如 理论 30、实操 70）")
    total = sum(w for _n, w in parsed)
    if total != 100:
        raise RuleError(f"各项权重之和应为 100，当前为 {total.normalize():f}")
    return parsed


# --- the details a registration keeps, and what of a person it shows -------------------------------

ENTERED_FIELDS = ("phone", "job_title", "skill_level", "ethnicity")


def entered_details(values: dict[str, Any], unit_name: str = "") -> dict[str, str]:
    """What the registering organisation typed for a person (form or 报名表 row), as the entry keeps
    it (``Entry.entered_details``): the non-empty fields of ``ENTERED_FIELDS`` and the unit's name."""
    details = {key: str(values[key]) for key in ENTERED_FIELDS if values.get(key)}
    if unit_name:
        details["unit"] = unit_name
    return details


def shown_identity(*, id_number: str | None, phone: str, entered: dict | None, manager: bool, owner: bool
                   ) -> tuple[str, str]:
    """(ID number, phone) as a registration list shows them (README “谁的数据”).

    In full only to a manager of the competition who also owns the person's record; a manager who does
    not own it sees the masked ID number and the phone their own organisation entered (else the mask);
    everyone else sees both masked.
    """
    if manager and owner:
        return id_number or "", phone or ""
    typed = (entered or {}).get("phone", "") if manager else ""
    return mask_id_number(id_number), typed or mask_phone(phone)
