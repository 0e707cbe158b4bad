"""Pure rules of innovation contests (群众性创新): voting limits, the combined result, prizes by
count, suspicious voting patterns, recusal by unit and attachment checks. No Django here.

Combined result (综合成绩), stated on the results page:

    vote score  = 100 × votes / the most votes any ranked project received (0 when nobody has a vote)
    combined    = review × w + vote score × (1 − w), rounded once to 2 decimals, half up

with w the contest's review weight (default 0.8). Only projects with a review score are ranked;
equal combined scores share a place (1, 2, 2, 4) and a prize is never split across a tie.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from .aggregate import as_decimal, round_half_up
from .prizes import Prize
from .ranking import Placing, competition_ranks

__all__ = [
    "CombinedRow",
    "SuspiciousGroup",
    "VoteRules",
    "attachment_problem",
    "combine",
    "prizes_by_count",
    "rank_combined",
    "recusal_conflict",
    "suspicious_groups",
    "vote_refusal",
]

_TIERS = (Prize.FIRST, Prize.SECOND, Prize.THIRD)


@dataclass(frozen=True)
class VoteRules:
    votes_per_day: int
    opens: datetime | None = None
    closes: datetime | None = None


def vote_refusal(rules: VoteRules, *, now: datetime, used_today: int, voted_project_today: bool) -> str | None:
    """Why this vote may not be cast (a Chinese message), or None when it may."""
    if rules.opens is None or rules.closes is None:
        return "投票尚未安排"
    if now < rules.opens:
        return "投票尚未开始"
    if now >= rules.closes:
        return "投票已结束"
    if voted_project_today:
        return "今天已为该成果投过票"
    if used_today >= rules.votes_per_day:
        return f"每人每天最多投 {rules.votes_per_day} 票，今天的票已投完"
    return None


@dataclass(frozen=True)
class CombinedRow:
    id: Hashable
    review: Decimal | None
    votes: int
    vote_score: Decimal | None
    combined: Decimal | None


def combine(items: Sequence[tuple[Hashable, Decimal | None, int]], review_weight: Decimal) -> list[CombinedRow]:
    """``items`` are (id, review score or None, valid votes); see the module doc for the formula."""
    w = as_decimal(review_weight, "review weight")
    if not 0 <= w <= 1:
        raise ValueError(f"review weight must be in [0, 1]: {w}")
    ranked = [(i, as_decimal(r, "review"), v) for i, r, v in items if r is not None]
    most = max((v for _, _, v in ranked), default=0)
    rows = []
    for item_id, review, votes in items:
        if votes < 0:
            raise ValueError(f"negative votes for {item_id!r}")
        if review is None:
            rows.append(CombinedRow(item_id, None, votes, None, None))
            continue
        vote_exact = Fraction(100 * votes, most) if most else Fraction(0)
        exact = Fraction(as_decimal(review)) * Fraction(w) + vote_exact * (1 - Fraction(w))
        rows.append(CombinedRow(item_id, as_decimal(review), votes, round_half_up(vote_exact), round_half_up(exact)))
    return rows


def rank_combined(rows: Sequence[CombinedRow]) -> list[Placing]:
    """Rank by combined score, higher first; ties share a place; unscored rows are left out."""
    scored = [r for r in rows if r.combined is not None]
    ranked = competition_ranks(scored, key=lambda r: -r.combined, item_id=lambda r: r.id)
    return [Placing(r.id, rank, tied) for r, rank, tied in ranked]


def prizes_by_count(placings: Sequence[Placing], counts: tuple[int, int, int]) -> dict[Hashable, Prize]:
    """一/二/三等奖 by number of places: the first c1 places, the next c2, the next c3.

    Cumulative boundaries b_k = c1 + … + ck; a placing of rank R gets the best tier with R ≤ b_k,
    so a tie across a boundary all take the better prize (never split).
    """
    if any(c < 0 for c in counts) or len(counts) != 3:
        raise ValueError(f"three non-negative counts needed: {counts}")
    bounds, total = [], 0
    for c in counts:
        total += c
        bounds.append(total)
    return {
        p.id: next((t for t, b, c in zip(_TIERS, bounds, counts, strict=True) if c and p.rank <= b), Prize.NONE)
        for p in placings
    }


@dataclass(frozen=True)
class SuspiciousGroup:
    kind: str  # "burst" (many votes from one origin) or "rapid" (votes on one project seconds apart)
    label: str
    vote_ids: tuple
    first: datetime
    last: datetime


def _windows(votes: list[tuple[Hashable, datetime]], window: timedelta, minimum: int) -> list[list]:
    """Maximal runs of at least ``minimum`` votes whose neighbours are within ``window`` of each other
    … counted on a sliding window: a run is flagged when ``minimum`` votes fall inside one window."""
    votes = sorted(votes, key=lambda v: (v[1], str(v[0])))
    flagged: set[int] = set()
    start = 0
    for end in range(len(votes)):
        while votes[end][1] - votes[start][1] > window:
            start += 1
        if end - start + 1 >= minimum:
            flagged.update(range(start, end + 1))
    groups, current = [], []
    for i in sorted(flagged):
        if current and i != current[-1] + 1:
            groups.append(current)
            current = []
        current.append(i)
    if current:
        groups.append(current)
    return [[votes[i] for i in g] for g in groups]


def suspicious_groups(
    votes: Sequence[tuple[Hashable, str, Hashable, datetime]],
    *,
    burst_window: timedelta = timedelta(minutes=10),
    burst_min: int = 10,
    rapid_window: timedelta = timedelta(seconds=10),
    rapid_min: int = 5,
) -> list[SuspiciousGroup]:
    """Votes ``(id, origin hash, project id, time)`` → groups worth a look by the organiser:

    - burst: ``burst_min`` or more votes from one origin within ``burst_window``;
    - rapid: ``rapid_min`` or more votes for one project within ``rapid_window``, whatever the origin.
    """
    by_origin: dict[str, list] = defaultdict(list)
    by_project: dict[Hashable, list] = defaultdict(list)
    for vote_id, origin, project, at in votes:
        by_origin[origin].append((vote_id, at))
        by_project[project].append((vote_id, at))
    groups = []
    for origin, items in by_origin.items():
        for run in _windows(items, burst_window, burst_min):
            groups.append(
                SuspiciousGroup(
                    "burst",
                    f"同一来源 {origin[:8]}… 短时间内 {len(run)} 票",
                    tuple(v for v, _ in run),
                    run[0][1],
                    run[-1][1],
                )
            )
    for items in by_project.values():
        for run in _windows(items, rapid_window, rapid_min):
            seconds = int((run[-1][1] - run[0][1]).total_seconds())
            groups.append(
                SuspiciousGroup(
                    "rapid", f"同一成果 {seconds} 秒内 {len(run)} 票", tuple(v for v, _ in run), run[0][1], run[-1][1]
                )
            )
    groups.sort(key=lambda g: (g.first, g.kind))
    return groups


def _within(path: str | None, root: str | None) -> bool:
    return bool(path and root and path.startswith(root))


def recusal_conflict(
    judge_unit_paths: Sequence[str], delegation: tuple[str, str], employer: tuple[str, str] | None
) -> str | None:
    """Why a judge must recuse from an entry by unit, or None.

    ``judge_unit_paths``: materialised paths of the judge's own unit(s); ``delegation`` and
    ``employer``: (path, name) of the entry's delegation and the contestant's employer. A judge of
    the delegation or of a unit inside it, or of the contestant's employer, is in conflict."""
    for path in judge_unit_paths:
        if _within(path, delegation[0]):
            return f"裁判所在单位属于代表队“{delegation[1]}”"
        if employer and _within(path, employer[0]):
            return f"裁判与选手同属“{employer[1]}”"
    return None


# Attachments: extension → (content types accepted, leading bytes of such a file).
ATTACHMENT_TYPES = {
    "pdf": (("application/pdf",), (b"%PDF-",)),
    "jpg": (("image/jpeg",), (b"\xff\xd8\xff",)),
    "jpeg": (("image/jpeg",), (b"\xff\xd8\xff",)),
    "png": (("image/png",), (b"\x89PNG\r\n\x1a\n",)),
}


def attachment_problem(name: str, content_type: str, size: int, head: bytes, *, max_bytes: int) -> str | None:
    """Why an uploaded attachment is refused (Chinese), or None: only PDF, JPEG and PNG whose
    first bytes say so, not empty, at most ``max_bytes``."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ATTACHMENT_TYPES:
        return f"“{name}”：只接受 PDF、JPG、PNG 文件"
    if size <= 0:
        return f"“{name}”：文件是空的"
    if size > max_bytes:
        return f"“{name}”：文件超过 {max_bytes // (1024 * 1024)} MB"
    types, magics = ATTACHMENT_TYPES[ext]
    if not any(head.startswith(m) for m in magics):
        return f"“{name}”：文件内容与扩展名不符"
    if content_type and content_type not in types and content_type != "application/octet-stream":
        return f"“{name}”：文件类型 {content_type} 与扩展名不符"
    return None
