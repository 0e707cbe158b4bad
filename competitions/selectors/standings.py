"""Team and delegation standings (团体成绩, 团体奖/优秀组织奖), with the competition's prize points."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from directory.models import Organization

from ..models import (
    Competition,
    Entry,
    EntryStatus,
    Event,
    EventKind,
    Prize,
    Result,
    Team,
)
from ..rules import (
    DEFAULT_PRIZE_POINTS,
    competition_ranks,
    delegation_standings,
    team_scores,
)
from ..rules import Prize as PurePrize


@dataclass
class TeamStanding:
    key: Any
    name: str
    delegation_name: str
    members: list[tuple[str, Decimal | None, bool]]  # (name, total, counted)
    score: Decimal | None
    rank: int | None
    tied: bool


def event_team_standings(event: Event) -> list[TeamStanding]:
    """Team scores of one event: its teams (团体赛项) or, in an individual event, each delegation's
    contestants (代表队团体成绩). Score = sum of the members' totals, or of the best
    ``Event.team_best_n``; ranked by score, equal scores share a place."""
    return events_team_standings([event])[event.pk]


def events_team_standings(events: list[Event]) -> dict[int, list[TeamStanding]]:
    """``event_team_standings`` of each event, by event id: two queries whatever their number."""
    entries: dict[int, list[Entry]] = defaultdict(list)
    for entry in (
        Entry.objects.filter(event__in=events, status=EntryStatus.REGISTERED)
        .select_related("person", "delegation", "team__delegation", "result")
        .order_by("pk")
    ):
        entries[entry.event_id].append(entry)
    teams: dict[int, list[Team]] = defaultdict(list)
    team_events = [e for e in events if e.kind == EventKind.TEAM]
    if team_events:
        for team in Team.objects.filter(event__in=team_events).select_related("delegation"):
            teams[team.event_id].append(team)
    return {e.pk: _team_standings(e, entries[e.pk], teams[e.pk]) for e in events}


def _team_standings(event: Event, entries: list[Entry], teams: list[Team]) -> list[TeamStanding]:
    groups: dict[Any, list[Entry]] = defaultdict(list)
    names: dict[Any, tuple[str, str]] = {}
    if event.kind == EventKind.TEAM:
        for team in teams:
            groups[team.pk] = []
            names[team.pk] = (team.name, team.delegation.name)
        for entry in entries:
            if entry.team_id is not None:
                groups[entry.team_id].append(entry)
    else:
        for entry in entries:
            groups[entry.delegation_id].append(entry)
            names[entry.delegation_id] = (entry.delegation.name, entry.delegation.name)

    def total(entry: Entry) -> Decimal | None:
        result = getattr(entry, "result", None)
        return result.total if result is not None else None

    scores = team_scores({k: [total(e) for e in members] for k, members in groups.items()}, event.team_best_n)
    ranked = competition_ranks(
        [k for k in groups if scores[k] is not None], key=lambda k: -scores[k], item_id=lambda k: k
    )
    standings = []
    for key, rank, tied in ranked:
        standings.append(_team_standing(key, names[key], groups[key], scores[key], rank, tied, event.team_best_n))
    for key in groups:
        if scores[key] is None:
            standings.append(_team_standing(key, names[key], groups[key], None, None, False, event.team_best_n))
    return standings


def _team_standing(key, names, members, score, rank, tied, best_n) -> TeamStanding:
    totals = sorted(
        ((e.person.name, getattr(e, "result", None) and e.result.total) for e in members),
        key=lambda m: (m[1] is None, -(m[1] or 0)),
    )
    scored = [m for m in totals if m[1] is not None]
    counted = len(scored) if best_n is None else min(best_n, len(scored))
    listed = [(name, value, i < counted and value is not None) for i, (name, value) in enumerate(totals)]
    return TeamStanding(key, names[0], names[1], listed, score, rank, tied)


def competition_prize_points(competition: Competition) -> Mapping[Any, int | Decimal]:
    """Competition.prize_points over the defaults (一等奖 8, 二等奖 4, 三等奖 2, 其他完赛 1).

    Keys "first", "second", "third", "finished"; an unknown key or a value that is not a
    non-negative number is ignored (the defaults stay), so a typo in the admin cannot break the page.
    """
    points: dict[Any, int | Decimal] = dict(DEFAULT_PRIZE_POINTS)
    raw = competition.prize_points if isinstance(competition.prize_points, Mapping) else {}
    targets = {"first": PurePrize.FIRST, "second": PurePrize.SECOND, "third": PurePrize.THIRD, "finished": "finished"}
    for key, value in raw.items():
        if key not in targets or isinstance(value, bool):
            continue
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            continue
        if number.is_finite() and number >= 0:
            points[targets[key]] = int(number) if number == number.to_integral_value() else number
    return points


def prize_points_labels(competition: Competition) -> list[tuple[str, int | Decimal]]:
    points = competition_prize_points(competition)
    return [
        (_("一等奖"), points[PurePrize.FIRST]),
        (_("二等奖"), points[PurePrize.SECOND]),
        (_("三等奖"), points[PurePrize.THIRD]),
        (_("其他完赛"), points["finished"]),
    ]


@dataclass
class DelegationLine:
    delegation_id: int
    name: str
    points: int | Decimal
    firsts: int
    seconds: int
    thirds: int
    finished: int
    rank: int


def delegation_standings_for(competition: Competition, *, published_only: bool = False) -> list[DelegationLine]:
    """Medal table of the competition's delegations (for 团体奖 and 优秀组织奖).

    One line per delegation with an entry in an event whose results are computed. An individual
    event counts each ranked entry; a team event counts each team once (its members share the
    team's prize). Points: ``competition_prize_points``.
    """
    results = Result.objects.filter(
        entry__event__competition=competition, entry__event__results_computed_at__isnull=False
    )
    if published_only:
        results = results.filter(entry__event__results_published=True)
    rows = results.values_list(
        "entry__delegation_id",
        "entry__team_id",
        "entry__team__delegation_id",
        "entry__event__kind",
        "entry__status",
        "rank",
        "prize",
    )
    items: list[tuple[int, PurePrize | None, bool]] = []
    teams: dict[int, tuple[int, PurePrize | None, bool]] = {}
    for delegation_id, team_id, team_delegation_id, kind, status, rank, prize in rows:
        finished = status == EntryStatus.REGISTERED and rank is not None
        if kind != EventKind.TEAM:
            items.append((delegation_id, PurePrize(prize) if finished else None, finished))
            continue
        if team_id is None:
            continue
        # A team counts once, for the team's delegation; its members share the team's rank and prize.
        item = (team_delegation_id, PurePrize(prize) if finished else None, finished)
        current = teams.get(team_id)
        if current is None or (finished and not current[2]):
            teams[team_id] = item
    items.extend(teams.values())
    standings = delegation_standings(items, competition_prize_points(competition))
    names = dict(Organization.objects.filter(pk__in={s.delegation_id for s in standings}).values_list("pk", "name"))
    return [
        DelegationLine(
            s.delegation_id, names.get(s.delegation_id, ""), s.points, s.firsts, s.seconds, s.thirds, s.finished, s.rank
        )
        for s in standings
    ]


def public_team_rows(event: Event) -> list[dict]:
    """Public rows of a team event: rank, team, delegation, member names, team score, prize."""
    prizes = dict(
        Result.objects.filter(
            entry__event=event, entry__status=EntryStatus.REGISTERED, entry__team__isnull=False, rank__isnull=False
        ).values_list("entry__team_id", "prize")
    )
    return [
        {
            "rank": s.rank,
            "tied": s.tied,
            "name": s.name,
            "delegation": s.delegation_name,
            "members": "、".join(name for name, _total, _counted in s.members),
            "total": s.score,
            "prize": Prize(prizes[s.key]).label if prizes.get(s.key, Prize.NONE) != Prize.NONE else "",
        }
        for s in event_team_standings(event)
        if s.rank is not None
    ]
