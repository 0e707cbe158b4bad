"""一/二/三等奖 by ratio of the event's ranked entries (§4: 10 % / 20 % / 30 %, 人社部 2012).

Rounding rule: with N ranked entries and tier ratios r1, r2, r3, the cumulative boundary of tier k
is c_k = round_half_up(N × (r1 + … + rk)) (0.5 rounds up), except that c_1 is at least 1 when
N ≥ 1 and r1 > 0, and no boundary is below the one before it. An entry with rank R gets the best
tier k with R ≤ c_k. Tied entries share the rank of the first of them, so a tie straddling a
boundary all take the better prize: that tier grows past its quota and the next tier, whose
boundary does not move, has fewer places ("the tie eats the next tier's places"). A prize is
never split across a tie.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .aggregate import as_decimal
from .ranking import Placing

__all__ = ["PRIZE_LABELS", "Prize", "PrizeRules", "allocate_prizes", "prize_boundaries", "prize_limits"]


class Prize(StrEnum):
    FIRST = "first"
    SECOND = "second"
    THIRD = "third"
    MERIT = "merit"  # 优胜奖
    NONE = "none"


PRIZE_LABELS: dict[Prize, str] = {
    Prize.FIRST: "一等奖",
    Prize.SECOND: "二等奖",
    Prize.THIRD: "三等奖",
    Prize.MERIT: "优胜奖",
    Prize.NONE: "",
}

_TIERS = (Prize.FIRST, Prize.SECOND, Prize.THIRD)


@dataclass(frozen=True)
class PrizeRules:
    """How prizes are given in one event.

    ``ratios``: share of the ranked entries for 一/二/三等奖, each in [0, 1], summing to at most 1.
    ``merit_to_half``: unprized entries ranked in the top half (rank ≤ ceil(N/2)) get 优胜奖.
    ``min_field``: with fewer than this many ranked entries no prizes at all are given (every
    entry gets ``Prize.NONE``); 0 disables the check.
    """

    ratios: tuple[Decimal, Decimal, Decimal] = (Decimal("0.10"), Decimal("0.20"), Decimal("0.30"))
    merit_to_half: bool = False
    min_field: int = 0

    def __post_init__(self) -> None:
        if len(self.ratios) != len(_TIERS):
            raise ValueError(f"ratios needs {len(_TIERS)} values, got {len(self.ratios)}")
        ratios = tuple(as_decimal(r, "prize ratio") for r in self.ratios)
        if any(r < 0 or r > 1 for r in ratios) or sum(ratios) > 1:
            raise ValueError(f"prize ratios must be in [0, 1] and sum to at most 1: {ratios}")
        if self.min_field < 0:
            raise ValueError(f"min_field must not be negative: {self.min_field}")
        object.__setattr__(self, "ratios", ratios)


def prize_boundaries(n: int, rules: PrizeRules = PrizeRules()) -> tuple[int, ...]:
    """Cumulative boundaries (c_1, c_2, c_3) for a field of ``n`` ranked entries (see module doc)."""
    boundaries: list[int] = []
    cumulative = Decimal(0)
    for k, ratio in enumerate(rules.ratios):
        cumulative += ratio
        c = int((n * cumulative).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if k == 0 and n >= 1 and ratio > 0:
            # A field of any size has a winner: 10 % of 3 would otherwise round to no 一等奖.
            c = max(c, 1)
        boundaries.append(max(c, boundaries[-1] if boundaries else 0))
    return tuple(boundaries)


def prize_limits(n: int, rules: PrizeRules = PrizeRules()) -> tuple[tuple[Prize, int], ...]:
    """``(prize, last rank that gets it)``, best prize first, for a field of ``n`` ranked entries:
    an entry ranked R gets the first prize whose last rank is ≥ R, else ``Prize.NONE``.

    The whole prize rule as data, so that the database can apply it in the same statement that
    ranks (``services.results``) and ``allocate_prizes`` in Python, from one definition.
    """
    if n < rules.min_field:
        return ()
    limits = list(zip(_TIERS, prize_boundaries(n, rules), strict=True))
    if rules.merit_to_half:
        limits.append((Prize.MERIT, (n + 1) // 2))
    return tuple(limits)


def allocate_prizes(
    placings: Sequence[Placing],
    rules: PrizeRules = PrizeRules(),
) -> dict[Hashable, Prize]:
    """Give each ranked entry its prize: ``{placing.id: Prize}``.

    N is the number of placings (ranked entries only). Boundaries follow the module rule:
    c_k = round_half_up(N × (r1 + … + rk)), c_1 ≥ 1; an entry gets the best tier k with
    rank ≤ c_k, so a tie across a boundary all get the better prize. With ``merit_to_half``,
    unprized entries with rank ≤ ceil(N/2) get 优胜奖. With N < ``min_field`` everyone gets NONE.
    Entries absent from ``placings`` (withdrawn, disqualified, no total) are absent from the
    result; the caller shows them as such.
    """
    n = len(placings)
    if len({p.id for p in placings}) != n:
        raise ValueError("duplicate ids in placings")
    for p in placings:
        if not 1 <= p.rank <= n:
            raise ValueError(f"rank {p.rank} of {p.id!r} is outside 1..{n}")
    limits = prize_limits(n, rules)
    return {p.id: next((prize for prize, last in limits if p.rank <= last), Prize.NONE) for p in placings}
