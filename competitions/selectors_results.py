"""Reads for scoring: who may do what, marks, results, ranks, standings and eligibility.

Access (DESIGN.md §1, issue 4):

- organisers (管理员/组织者) of the competition's organiser organisation, or of one above it, manage
  every event: import scores, compute, reopen, publish, download the results book;
- users with the 查看 role there read the internal results;
- judges (JudgeAssignment) enter marks for the events they are assigned to, and see only their own
  marks; the chief judge (裁判长) also sees every mark and the results of his event, and locks them;
- anyone else gets 404, and the public sees published events only (``published_event_get``).

The ranking of an individual event runs in the database as one window query
(``event_placings_db``) and gives exactly what the pure ``competitions.scoring.rank_competitors``
gives for the same rows (tests/scoring_db/test_db_ranking.py checks both on SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Func, Max, Prefetch, Q, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import Rank
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from directory.models import Organization, Role
from directory.selectors import user_has_role, user_is_organizer_of

from .models import (
    Competition,
    Entry,
    EntryStatus,
    Event,
    EventKind,
    JudgeAssignment,
    Mark,
    Prize,
    Result,
    ScoreComponent,
    Team,
)
from .scoring import (
    DEFAULT_PRIZE_POINTS,
    EligibilityRule,
    Placing,
    PrizeRules,
    ResultFacts,
    TieBreak,
    aggregate_marks,
    competition_ranks,
    delegation_standings,
    eligible_for,
    parse_cascade,
    prize_boundaries,
    team_scores,
)
from .scoring import Prize as PurePrize

__all__ = [
    "ScoringAccess",
    "competition_eligibility_rules",
    "competition_get_for_scoring",
    "competition_prize_points",
    "delegation_standings_for",
    "eligible_results",
    "entry_component_breakdown",
    "entry_score_changes",
    "event_cascade",
    "event_get_for_scoring",
    "event_placings_db",
    "event_prize_rules",
    "event_result_rows",
    "event_team_standings",
    "judge_tasks",
    "prize_rule_lines",
    "published_competition_get",
    "published_event_get",
    "results_are_stale",
    "scoring_access",
]

# --- access --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoringAccess:
    """What one user may do with one event's scores."""

    is_manager: bool = False
    is_viewer: bool = False
    assignment: JudgeAssignment | None = None
    # Component ids this judge marks; empty = all of the event's components.
    component_ids: frozenset[int] = frozenset()

    @property
    def is_judge(self) -> bool:
        return self.assignment is not None

    @property
    def is_chief(self) -> bool:
        return self.assignment is not None and self.assignment.is_chief

    @property
    def can_open(self) -> bool:
        return self.is_manager or self.is_viewer or self.is_judge

    @property
    def can_see_results(self) -> bool:
        """Internal results and every judge's marks: not for ordinary judges (they mark blind)."""
        return self.is_manager or self.is_viewer or self.is_chief

    def marks_component(self, component: ScoreComponent) -> bool:
        return self.is_judge and (not self.component_ids or component.pk in self.component_ids)


def _is_manager(user, competition: Competition) -> bool:
    return user.is_authenticated and user_is_organizer_of(user, competition.organizer)


def is_manager(user, competition: Competition) -> bool:
    """Organiser (管理员/组织者) of the competition's organiser organisation or one above it."""
    return _is_manager(user, competition)


def _is_viewer(user, competition: Competition) -> bool:
    return user.is_authenticated and user_has_role(user, competition.organizer, [Role.VIEWER])


def scoring_access(user, event: Event) -> ScoringAccess:
    if not user.is_authenticated:
        return ScoringAccess()
    manager = _is_manager(user, event.competition)
    viewer = not manager and _is_viewer(user, event.competition)
    assignment = JudgeAssignment.objects.filter(event=event, user=user).prefetch_related("components").first()
    components = frozenset(c.pk for c in assignment.components.all()) if assignment else frozenset()
    return ScoringAccess(manager, viewer, assignment, components)


def competition_get_for_scoring(user, *, slug: str) -> tuple[Competition, bool, set[int]]:
    """(competition, may manage or read everything, ids of the events the user judges); 404 otherwise."""
    competition = get_object_or_404(Competition.objects.select_related("organizer"), slug=slug)
    full = _is_manager(user, competition) or _is_viewer(user, competition)
    judged = (
        set(
            JudgeAssignment.objects.filter(user=user, event__competition=competition).values_list("event_id", flat=True)
        )
        if user.is_authenticated
        else set()
    )
    if not full and not judged:
        raise Http404
    return competition, full, judged


def competition_scoring_links(user, competition: Competition) -> dict[str, bool]:
    """Which scoring links the competition page shows this user."""
    manager = _is_manager(user, competition)
    full = manager or _is_viewer(user, competition)
    judge = user.is_authenticated and JudgeAssignment.objects.filter(user=user, event__competition=competition).exists()
    return {
        "manager": manager,
        "full": full,
        "open": full or judge,
        "published": competition.events.filter(results_published=True).exists(),
    }


def event_get_for_scoring(user, *, slug: str, event_pk: int) -> tuple[Event, ScoringAccess]:
    event = get_object_or_404(
        Event.objects.select_related("competition__organizer", "scores_locked_by").prefetch_related(
            Prefetch("components", queryset=ScoreComponent.objects.order_by("order", "id"))
        ),
        pk=event_pk,
        competition__slug=slug,
    )
    access = scoring_access(user, event)
    if not access.can_open:
        raise Http404
    return event, access


def judge_tasks(user) -> QuerySet:
    """The user's judge assignments, newest competition first (the 评分任务 page)."""
    return (
        JudgeAssignment.objects.filter(user=user)
        .select_related("event__competition")
        .prefetch_related("components")
        .order_by("-event__competition__year", "event__competition__name", "event__id")
    )


@dataclass
class EventOverview:
    event: Event
    entries: int
    ranked: int
    judges: int
    chief: str
    marks: int


def competition_event_overview(competition: Competition, only_ids: set[int] | None = None) -> list[EventOverview]:
    """One line per event for the scoring overview (``only_ids``: the events a judge may see)."""
    events = competition.events.order_by("pk").annotate(
        n_entries=Count("entries", filter=Q(entries__status=EntryStatus.REGISTERED), distinct=True),
        n_ranked=Count("entries", filter=Q(entries__result__rank__isnull=False), distinct=True),
        n_judges=Count("judges", distinct=True),
    )
    if only_ids is not None:
        events = events.filter(pk__in=only_ids)
    events = list(events)
    chiefs = {
        a.event_id: a.user.get_full_name() or a.user.username
        for a in JudgeAssignment.objects.filter(event__in=events, is_chief=True).select_related("user")
    }
    marks = dict(
        Mark.objects.filter(entry__event__in=events)
        .values("entry__event_id")
        .annotate(n=Count("pk"))
        .values_list("entry__event_id", "n")
    )
    return [
        EventOverview(e, e.n_entries, e.n_ranked, e.n_judges, chiefs.get(e.pk, ""), marks.get(e.pk, 0)) for e in events
    ]


# --- marks ---------------------------------------------------------------------------------------


def entries_for_marking(event: Event) -> list[Entry]:
    """The entries a judge marks: registered ones, by bib."""
    return list(
        Entry.objects.filter(event=event, status=EntryStatus.REGISTERED)
        .select_related("person", "delegation", "team")
        .order_by("bib", "pk")
    )


def marks_of_judge(event: Event, judge) -> dict[tuple[int, int], Mark]:
    return {(m.entry_id, m.component_id): m for m in Mark.objects.filter(entry__event=event, judge=judge)}


def mark_counts_by_judge(event: Event) -> dict[int, int]:
    return dict(
        Mark.objects.filter(entry__event=event, judge__isnull=False)
        .values("judge_id")
        .annotate(n=Count("pk"))
        .values_list("judge_id", "n")
    )


def event_components(event: Event) -> list[ScoreComponent]:
    return sorted(event.components.all(), key=lambda c: (c.order, c.pk))


@dataclass
class ComponentBreakdown:
    """How one component score of one entry comes about, for the entry page."""

    component: ScoreComponent
    marks: list[Mark]  # the judges' marks (without the imported one), lowest first
    imported: Mark | None
    dropped: set[int]  # mark ids left out by the trimmed mean
    score: Decimal | None
    rule: str


def entry_component_breakdown(entry: Entry, components: list[ScoreComponent]) -> list[ComponentBreakdown]:
    """Per component: the marks, which of them the trimmed mean drops, and the resulting score.

    Uses the same pure ``aggregate_marks`` as ``event_compute_results``; an imported mark (no
    judge) is the component score and the judges' marks are then shown but not used.
    """
    event = entry.event
    trim_from = event.judge_trim_from or None
    by_component: dict[int, list[Mark]] = defaultdict(list)
    for mark in entry.marks.select_related("judge").order_by("value", "id"):
        by_component[mark.component_id].append(mark)
    out = []
    for component in components:
        marks = by_component.get(component.pk, [])
        imported = next((m for m in marks if m.judge_id is None), None)
        judged = [m for m in marks if m.judge_id is not None]
        dropped: set[int] = set()
        if imported is not None:
            score = imported.value
            rule = _("以导入成绩为准") + (_("（裁判评分不计）") if judged else "")
        else:
            score = aggregate_marks([m.value for m in judged], trim_from=trim_from) if judged else None
            if trim_from and len(judged) >= trim_from:
                dropped = {judged[0].pk, judged[-1].pk}
                rule = _("%(n)d 位裁判，去掉一个最高分和一个最低分后取平均") % {"n": len(judged)}
            elif judged:
                rule = _("%(n)d 位裁判，取平均") % {"n": len(judged)}
            else:
                rule = _("尚未评分")
        out.append(ComponentBreakdown(component, judged, imported, dropped, score, rule))
    return out


def entry_score_changes(entry: Entry, *, only_by=None) -> QuerySet:
    qs = entry.score_changes.select_related("component", "changed_by").order_by("-changed_at", "-id")
    if only_by is not None:
        qs = qs.filter(changed_by=only_by)
    return qs


def results_are_stale(event: Event) -> bool:
    """True when a score, a time or an entry's status changed after the results were computed."""
    if event.results_computed_at is None:
        return Entry.objects.filter(event=event).exists()
    last_change = event.score_changes.filter(field__in=["mark", "import", "time"]).aggregate(m=Max("changed_at"))["m"]
    last_entry = Entry.objects.filter(event=event).aggregate(m=Max("updated_at"))["m"]
    return any(t is not None and t > event.results_computed_at for t in (last_change, last_entry))


# --- ranking -------------------------------------------------------------------------------------


def event_cascade(event: Event) -> tuple[TieBreak, ...]:
    """The event's tie-break cascade (Event.tie_break, default: total → time → practical → theory)."""
    return parse_cascade(event.tie_break or None, [c.key for c in event.components.all()])


def event_prize_rules(event: Event) -> PrizeRules:
    return PrizeRules(
        ratios=(event.first_prize_ratio, event.second_prize_ratio, event.third_prize_ratio),
        merit_to_half=event.merit_to_half,
        min_field=event.min_field,
    )


# Component scores live in Result.components as strings ("91.25"); wide enough for any max_score.
_SCORE = DecimalField(max_digits=9, decimal_places=2)


class JSONScore(Func):
    """The number stored under ``key`` in a JSON column (as a string or a number), as a column.

    NULL when the key is absent or JSON null. (Django's KeyTextTransform gives the text 'null'
    for a JSON null on SQLite, which CAST would turn into 0.)
    """

    output_field = _SCORE

    def __init__(self, column: str, key: str):
        if not key.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"component key must be a slug: {key!r}")
        self.key = key
        super().__init__(F(column))

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(({sql} ->> %s) AS numeric)", (*params, self.key)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(JSON_EXTRACT({sql}, %s) AS NUMERIC)", (*params, f'$."{self.key}"')


def _order_expression(tie_break: TieBreak):
    if tie_break.field == "total":
        expression = F("total")
    elif tie_break.field == "time":
        expression = F("time_minutes")
    else:
        key = tie_break.field.removeprefix("component:")
        expression = JSONScore("components", key)
    # A missing value sorts last in either direction, as in the pure ranking.
    return expression.desc(nulls_last=True) if tie_break.descending else expression.asc(nulls_last=True)


def ranked_results(event: Event, cascade: tuple[TieBreak, ...] | None = None) -> QuerySet:
    """Results of the event's ranked entries, annotated with ``computed_rank`` (RANK() OVER …).

    Ranked = status 已报名 and a total. Standard competition ranks (1, 2, 2, 4): equal on every key
    of the cascade, including both missing, is a tie.
    """
    cascade = event_cascade(event) if cascade is None else cascade
    order = [_order_expression(tb) for tb in cascade]
    return (
        Result.objects.filter(entry__event=event, entry__status=EntryStatus.REGISTERED, total__isnull=False)
        .annotate(computed_rank=Window(expression=Rank(), order_by=order))
        .order_by("computed_rank", "pk")
    )


def event_placings_db(event: Event, cascade: tuple[TieBreak, ...] | None = None) -> list[Placing]:
    """Placings (id = Result pk) of an individual event, ranked by the database in one query."""
    rows = list(ranked_results(event, cascade).values_list("pk", "computed_rank"))
    counts = Counter(rank for _pk, rank in rows)
    return [Placing(pk, rank, counts[rank] > 1) for pk, rank in rows]


def prize_rule_lines(event: Event, n: int) -> list[str]:
    """The rounding rule in words, with this event's numbers (shown on the results page)."""
    rules = event_prize_rules(event)
    lines = [
        _(
            "设奖规则：按参加排名的人数 N 计算，一等奖取前 N×%(r1)s，一、二等奖合计取前 N×%(r12)s，"
            "一、二、三等奖合计取前 N×%(r123)s；名额四舍五入到整数（0.5 进位），有人参加排名时一等奖至少 1 名。"
            "并列名次的选手获同一奖项，不拆分：并列跨过分界时都获较高奖项，并占用下一奖项的名额。"
        )
        % {
            "r1": _percent(rules.ratios[0]),
            "r12": _percent(rules.ratios[0] + rules.ratios[1]),
            "r123": _percent(sum(rules.ratios)),
        }
    ]
    if rules.merit_to_half:
        lines.append(_("前 50%%（名次不超过 N 的一半，向上取整）中其余选手获优胜奖。"))
    if rules.min_field:
        lines.append(_("参加排名人数少于 %(m)d 时不设奖。") % {"m": rules.min_field})
    lines.append(_("退赛、取消资格和未完成评分的选手不参加排名，也不计入 N。"))
    if n:
        c1, c2, c3 = prize_boundaries(n, rules)
        if n < rules.min_field:
            lines.append(_("本赛项 N = %(n)d，少于 %(m)d，不设奖。") % {"n": n, "m": rules.min_field})
        else:
            lines.append(
                _("本赛项 N = %(n)d：一等奖名次 ≤ %(c1)d，二等奖名次 ≤ %(c2)d，三等奖名次 ≤ %(c3)d。")
                % {"n": n, "c1": c1, "c2": c2, "c3": c3}
            )
    return lines


def _percent(ratio: Decimal) -> str:
    value = (ratio * 100).normalize()
    return f"{value:f}%"


def cascade_labels(event: Event, cascade: tuple[TieBreak, ...] | None = None) -> list[str]:
    names = {f"component:{c.key}": c.name for c in event.components.all()}
    labels = []
    for tb in event_cascade(event) if cascade is None else cascade:
        if tb.field == "total":
            labels.append(_("总成绩高者在前") if tb.descending else _("总成绩低者在前"))
        elif tb.field == "time":
            if not event.uses_time:
                continue
            labels.append(_("用时短者在前") if not tb.descending else _("用时长者在前"))
        elif tb.field in names:
            name = names[tb.field]
            labels.append((_("%s成绩高者在前") if tb.descending else _("%s成绩低者在前")) % name)
    labels.append(_("仍相同则名次并列（如 1、2、2、4）"))
    return labels


# --- result rows (results page, results book) -----------------------------------------------------


@dataclass
class ResultRow:
    entry: Entry
    result: Result | None
    scores: list[Decimal | None]  # in component order
    note: str  # 并列 / 已退赛 / 取消资格：原因 / 未完成评分
    ranked: bool
    eligibility: list[EligibilityRule] = field(default_factory=list)

    @property
    def rank(self) -> int | None:
        return self.result.rank if self.ranked and self.result else None

    @property
    def total(self) -> Decimal | None:
        return self.result.total if self.result else None

    @property
    def prize(self) -> str:
        if not self.ranked or self.result is None or self.result.prize == Prize.NONE:
            return ""
        return self.result.get_prize_display()

    @property
    def time(self) -> Decimal | None:
        return self.result.time_minutes if self.result and self.result.time_minutes is not None else None


def _decimal_or_none(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value))


def event_result_rows(event: Event, *, with_eligibility: bool = False) -> list[ResultRow]:
    """Every entry of the event, ranked first (by rank, then bib), then the unranked ones:
    registered without a complete score, then withdrawn, then disqualified."""
    components = event_components(event)
    entries = (
        Entry.objects.filter(event=event)
        .select_related("person__employer", "delegation", "team", "result")
        .order_by("bib", "pk")
    )
    rules: list[EligibilityRule] = []
    if with_eligibility:
        rules, _errors = competition_eligibility_rules(event.competition)
    rows = []
    for entry in entries:
        result = getattr(entry, "result", None)
        ranked = entry.status == EntryStatus.REGISTERED and result is not None and result.rank is not None
        scores = [_decimal_or_none((result.components or {}).get(c.key)) if result else None for c in components]
        if entry.status == EntryStatus.WITHDRAWN:
            note = _("已退赛")
        elif entry.status == EntryStatus.DISQUALIFIED:
            note = _("取消资格") + (f"：{entry.status_reason}" if entry.status_reason else "")
        elif not ranked:
            note = _("未完成评分")
        elif result.tied:
            note = _("并列")
        else:
            note = ""
        row = ResultRow(entry, result, scores, note, ranked)
        if with_eligibility and ranked and rules:
            row.eligibility = eligible_for(result_facts(result, entry=entry, event=event), rules)
        rows.append(row)
    status_order = {EntryStatus.REGISTERED: 0, EntryStatus.WITHDRAWN: 1, EntryStatus.DISQUALIFIED: 2}
    big = 1 << 62
    rows.sort(key=lambda r: (not r.ranked, status_order.get(r.entry.status, 3), r.rank or big))
    return rows


# --- team and delegation standings ----------------------------------------------------------------


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
    entries = list(
        Entry.objects.filter(event=event, status=EntryStatus.REGISTERED)
        .select_related("person", "delegation", "team__delegation", "result")
        .order_by("pk")
    )
    groups: dict[Any, list[Entry]] = defaultdict(list)
    names: dict[Any, tuple[str, str]] = {}
    if event.kind == EventKind.TEAM:
        for team in Team.objects.filter(event=event).select_related("delegation"):
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


# --- eligibility ---------------------------------------------------------------------------------


def competition_eligibility_rules(competition: Competition) -> tuple[list[EligibilityRule], list[str]]:
    """(rules, problems): the competition's configured rules; a malformed one is reported, not fatal."""
    rules, problems = [], []
    raw = competition.eligibility_rules or []
    if not isinstance(raw, list):
        return [], [_("资格规则应为列表")]
    for position, item in enumerate(raw, start=1):
        try:
            if not isinstance(item, Mapping):
                raise TypeError(_("应为对象"))
            rules.append(EligibilityRule.from_dict(item))
        except (TypeError, ValueError) as exc:
            problems.append(_("第 %(n)d 条资格规则有误：%(error)s") % {"n": position, "error": exc})
    return rules, problems


def eligible_for_result(result: Result, rules: list[EligibilityRule]) -> list[EligibilityRule]:
    return eligible_for(result_facts(result), rules) if rules else []


def result_facts(result: Result, *, entry: Entry | None = None, event: Event | None = None) -> ResultFacts:
    entry = entry or result.entry
    event = event or entry.event
    competition = event.competition
    ranked = entry.status == EntryStatus.REGISTERED and result.rank is not None
    return ResultFacts(
        rank=result.rank if ranked else None,
        prize=PurePrize(result.prize) if ranked else None,
        competition_level=competition.level,
        competition_class=competition.competition_class,
        gender=entry.person.gender,
        event_kind=event.kind,
    )


def eligible_results(
    competition: Competition, *, published_only: bool = True
) -> list[tuple[Result, list[EligibilityRule]]]:
    """What each result of ``competition`` makes its person eligible for.

    Stable API (the honours app creates draft nominations from it):

    - returns ``[(result, rules), …]`` with only results that satisfy at least one rule, ordered by
      event then rank; ``rules`` are ``competitions.scoring.EligibilityRule`` in the order the
      competition configures them (``rule.key``, ``rule.label``, ``rule.honor_name``,
      ``rule.source``);
    - ``result.entry``, ``result.entry.person`` (with ``employer``), ``result.entry.delegation`` and
      ``result.entry.event`` are loaded, so reading them costs no query;
    - with ``published_only`` (the default) only events whose results are published count: a
      nomination must not rest on provisional results;
    - withdrawn or disqualified entries and entries without a rank never match;
    - malformed rules in ``Competition.eligibility_rules`` are skipped (see
      ``competition_eligibility_rules`` for the messages).
    """
    rules, _problems = competition_eligibility_rules(competition)
    if not rules:
        return []
    results = (
        Result.objects.filter(
            entry__event__competition=competition,
            entry__status=EntryStatus.REGISTERED,
            rank__isnull=False,
        )
        .select_related("entry__person__employer", "entry__delegation", "entry__event__competition", "entry__team")
        .order_by("entry__event_id", "rank", "entry__bib", "pk")
    )
    if published_only:
        results = results.filter(entry__event__results_published=True)
    out = []
    for result in results:
        matched = eligible_for(result_facts(result), rules)
        if matched:
            out.append((result, matched))
    return out


# --- public --------------------------------------------------------------------------------------


def published_competition_get(slug: str) -> tuple[Competition, list[Event]]:
    """A competition and its published events; 404 when none is published."""
    competition = get_object_or_404(Competition.objects.select_related("organizer"), slug=slug)
    events = list(competition.events.filter(results_published=True).order_by("pk"))
    if not events:
        raise Http404
    return competition, events


def published_event_get(slug: str, event_pk: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("competition"),
        pk=event_pk,
        competition__slug=slug,
        results_published=True,
    )


def public_result_rows(event: Event) -> tuple[list[dict], int]:
    """(rows, number not ranked) for the public page: only what may be published — rank, name,
    delegation (and team), total, prize. No ID number, phone, birth date or employer detail."""
    results = (
        Result.objects.filter(entry__event=event, entry__status=EntryStatus.REGISTERED, rank__isnull=False)
        .select_related("entry__person", "entry__delegation", "entry__team")
        .order_by("rank", "entry__bib", "pk")
    )
    rows = [
        {
            "rank": r.rank,
            "tied": r.tied,
            "name": r.entry.person.name,
            "delegation": r.entry.delegation.name,
            "team": r.entry.team.name if r.entry.team_id else "",
            "total": r.total,
            "prize": r.get_prize_display() if r.prize != Prize.NONE else "",
        }
        for r in results
    ]
    unranked = (
        Entry.objects.filter(event=event)
        .exclude(Q(status=EntryStatus.REGISTERED) & Q(result__rank__isnull=False))
        .count()
    )
    return rows, unranked


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


def event_is_demo(event: Event) -> bool:
    """True when the event's entries are fictitious demo records (shown as such on every page)."""
    return Entry.objects.filter(event=event, is_demo=True).exists()
