"""Team scores and delegation (代表队) standings."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from .aggregate import as_decimal
from .prizes import Prize
from .ranking import competition_ranks

__all__ = ["DEFAULT_PRIZE_POINTS", "DelegationStanding", "delegation_standings", "team_scores"]


def team_scores(
    members: Mapping[Hashable, Sequence[Decimal | None]], best_n: int | None = None
) -> dict[Hashable, Decimal | None]:
    """Team score = sum of its members' totals (§4).

    Members without a total (None) are ignored. With ``best_n`` only the best N scored members
    count; a team with fewer scored members sums the ones it has. A team with no scored member
    gets None, not 0, so it is not ranked as if it had scored nothing.
    """
    if best_n is not None and best_n < 1:
        raise ValueError(f"best_n must be at least 1, not {best_n}")
    result: dict[Hashable, Decimal | None] = {}
    for team, totals in members.items():
        scored = sorted((as_decimal(t, "member total") for t in totals if t is not None), reverse=True)
        if best_n is not None:
            scored = scored[:best_n]
        result[team] = sum(scored, Decimal(0)) if scored else None
    return result


# "finished": ranked without a 一/二/三等奖 (优胜奖 included). Read-only: it is a shared default.
DEFAULT_PRIZE_POINTS: Mapping[Prize | str, int] = MappingProxyType(
    {Prize.FIRST: 8, Prize.SECOND: 4, Prize.THIRD: 2, "finished": 1}
)

_MEDALS = (Prize.FIRST, Prize.SECOND, Prize.THIRD)


@dataclass(frozen=True)
class DelegationStanding:
    """One delegation's line in the medal table.

    ``finished`` counts entries that were ranked without a 一/二/三等奖 (the ones that earn the
    "finished" points); prizewinners are counted in firsts/seconds/thirds instead.
    """

    delegation_id: Hashable
    points: int | Decimal
    firsts: int
    seconds: int
    thirds: int
    finished: int
    rank: int


def delegation_standings(
    results: Iterable[tuple[Hashable, Prize | None, bool]],
    points: Mapping[Prize | str, int | Decimal] = DEFAULT_PRIZE_POINTS,
) -> list[DelegationStanding]:
    """Aggregate entries' results per delegation and rank the delegations.

    Each result is ``(delegation_id, prize, finished)`` for one entry; ``finished`` is True when
    the entry was ranked. A 一/二/三等奖 scores ``points[prize]``; any other ranked entry scores
    ``points["finished"]``; an unranked entry scores nothing but still lists its delegation.
    Keys missing from ``points`` score 0.

    Order: points, then number of firsts, seconds, thirds (Olympic-style), all descending.
    Delegations equal on all four share a rank (1, 2, 2, 4); within a tie they are listed by
    ``str(delegation_id)`` so the output does not depend on the input order.
    """
    tallies: dict[Hashable, list] = {}
    for delegation, prize, finished in results:
        prize = Prize(prize) if prize is not None else None
        if prize not in (None, Prize.NONE) and not finished:
            raise ValueError(f"an entry of {delegation!r} has prize {prize} but is not marked finished")
        tally = tallies.setdefault(delegation, [0, 0, 0, 0, 0])  # points, 1st, 2nd, 3rd, finished
        if prize in _MEDALS:
            tally[0] += points.get(prize, 0)
            tally[1 + _MEDALS.index(prize)] += 1
        elif finished:
            tally[0] += points.get("finished", 0)
            tally[4] += 1
    ranked = competition_ranks(
        tallies.items(),
        key=lambda item: (-item[1][0], -item[1][1], -item[1][2], -item[1][3]),
        item_id=lambda item: item[0],
    )
    return [
        DelegationStanding(delegation, t[0], t[1], t[2], t[3], t[4], rank)
        for (delegation, t), rank, _tied in ranked
    ]
