"""Ranking with the tie-break cascade (§4): total → shorter time → practical → theory → shared place.

Ranks are standard competition ranks ("1224"): an entry's rank is 1 + the number of entries
strictly better than it, so entries equal on every cascade key share a rank and the next rank
skips. The rank never depends on the order of the input.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import TypeVar

from .aggregate import as_decimal

__all__ = [
    "DEFAULT_CASCADE",
    "Competitor",
    "FrozenScores",
    "Placing",
    "TieBreak",
    "cascade_to_json",
    "competition_ranks",
    "parse_cascade",
    "rank_competitors",
]

T = TypeVar("T")


class FrozenScores(Mapping[str, Decimal | None]):
    """A read-only, hashable mapping of component key → score, so Competitor can stay frozen."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Decimal | None] | Iterable[tuple[str, Decimal | None]] = ()):
        data = dict(items)
        for key, score in data.items():
            if score is not None:
                data[key] = as_decimal(score, f"component {key!r}")
        self._items = data

    def __getitem__(self, key: str) -> Decimal | None:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenScores({self._items!r})"


@dataclass(frozen=True)
class Competitor:
    """One ranked unit (a person's or team's entry in one event).

    ``time`` is the completion time in minutes: shorter is better; None means not used or unknown
    and sorts after every known time. Component scores default to none.
    """

    id: Hashable
    total: Decimal | None
    time: Decimal | None = None
    components: Mapping[str, Decimal | None] = field(default_factory=FrozenScores)

    def __post_init__(self) -> None:
        # Validate here so a float never sneaks into a comparison with Decimals.
        if self.total is not None:
            object.__setattr__(self, "total", as_decimal(self.total, "total"))
        if self.time is not None:
            object.__setattr__(self, "time", as_decimal(self.time, "time"))
        if not isinstance(self.components, FrozenScores):
            object.__setattr__(self, "components", FrozenScores(self.components))


@dataclass(frozen=True)
class TieBreak:
    """One key of the cascade: ``"total"``, ``"time"`` or ``"component:<key>"``."""

    field: str
    descending: bool


DEFAULT_CASCADE: tuple[TieBreak, ...] = (
    TieBreak("total", True),
    TieBreak("time", False),
    TieBreak("component:practical", True),
    TieBreak("component:theory", True),
)


def parse_cascade(raw: object, component_keys: Iterable[str] | None = None) -> tuple[TieBreak, ...]:
    """The cascade stored in ``Event.tie_break``: a list of ``[field, descending]`` pairs.

    Empty (or None) means ``DEFAULT_CASCADE``. Each field is ``"total"``, ``"time"`` or
    ``"component:<key>"``; with ``component_keys`` given, the key must be one of them. A field may
    appear once. ``descending`` must be a real bool (``"false"`` as a string would be truthy).
    Raises ValueError naming the bad item.
    """
    if raw is None or raw == [] or raw == ():
        return DEFAULT_CASCADE
    if not isinstance(raw, list | tuple):
        raise ValueError(f"tie_break must be a list of [field, descending] pairs, not {type(raw).__name__}")
    known = None if component_keys is None else set(component_keys)
    result: list[TieBreak] = []
    seen: set[str] = set()
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise ValueError(f"tie_break item {position} must be a [field, descending] pair: {item!r}")
        name, descending = item
        if not isinstance(name, str) or not isinstance(descending, bool):
            raise ValueError(f"tie_break item {position} must be [str, bool]: {item!r}")
        _getter(TieBreak(name, descending))  # raises for an unknown field
        if known is not None and name.startswith("component:") and name.removeprefix("component:") not in known:
            raise ValueError(f"tie_break item {position} names an unknown component: {name!r}")
        if name in seen:
            raise ValueError(f"tie_break item {position} repeats {name!r}")
        seen.add(name)
        result.append(TieBreak(name, descending))
    return tuple(result)


def cascade_to_json(cascade: Sequence[TieBreak]) -> list[list]:
    """Inverse of ``parse_cascade`` (for storing in ``Event.tie_break``)."""
    return [[tb.field, tb.descending] for tb in cascade]


@dataclass(frozen=True)
class Placing:
    id: Hashable
    rank: int
    tied: bool


def _getter(tie_break: TieBreak) -> Callable[[Competitor], Decimal | None]:
    name = tie_break.field
    if name == "total":
        return lambda c: c.total
    if name == "time":
        return lambda c: c.time
    if name.startswith("component:") and name != "component:":
        key = name.removeprefix("component:")
        return lambda c: c.components.get(key)
    raise ValueError(f"unknown tie-break field {name!r}: use 'total', 'time' or 'component:<key>'")


def _sort_key(getters: Sequence[tuple[Callable[[Competitor], Decimal | None], bool]], c: Competitor) -> tuple:
    parts = []
    for get, descending in getters:
        value = get(c)
        if value is None:
            # Missing sorts last whatever the direction: no time recorded is never a better time.
            parts.append((1, Decimal(0)))
        else:
            parts.append((0, -value if descending else value))
    return tuple(parts)


def _display_key(item_id: object) -> tuple[str, str]:
    return (str(item_id), repr(item_id))


def competition_ranks(
    items: Iterable[T], key: Callable[[T], object], item_id: Callable[[T], Hashable]
) -> list[tuple[T, int, bool]]:
    """Rank items by ``key`` ascending (smaller is better) with standard competition ranking.

    Returns ``(item, rank, tied)`` best first; within a tie, ordered by ``str(id)`` only for a
    stable display. Raises ValueError for duplicate ids.
    """
    listed = list(items)
    ids = [item_id(i) for i in listed]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate ids in ranking input")
    # Sorting by the display key first makes the order inside a tie deterministic; the stable
    # sort on the real key then never lets the input order matter.
    listed.sort(key=lambda i: _display_key(item_id(i)))
    listed.sort(key=key)
    ranked: list[tuple[T, int, bool]] = []
    for _, group in groupby(listed, key=key):
        members = list(group)
        rank = len(ranked) + 1
        ranked.extend((m, rank, len(members) > 1) for m in members)
    return ranked


def rank_competitors(
    competitors: Iterable[Competitor], cascade: Sequence[TieBreak] = DEFAULT_CASCADE
) -> list[Placing]:
    """Rank competitors by the cascade, best first.

    Competitors whose ``total`` is None (not scored, withdrawn, disqualified) are excluded: they
    get no placing and do not count towards anyone's rank or the field size N used for prizes.
    For every cascade key a missing value (None) sorts after all present ones, in either
    direction. Competitors equal on every key share a rank (1, 2, 2, 4) and are marked ``tied``.
    Raises ValueError for an unknown cascade field or duplicate ids.
    """
    getters = [(_getter(tb), tb.descending) for tb in cascade]
    listed = list(competitors)
    if len({c.id for c in listed}) != len(listed):
        raise ValueError("duplicate competitor ids")
    scored = [c for c in listed if c.total is not None]
    ranked = competition_ranks(scored, key=lambda c: _sort_key(getters, c), item_id=lambda c: c.id)
    return [Placing(c.id, rank, tied) for c, rank, tied in ranked]
