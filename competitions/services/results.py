"""Results: totals, ranks and prizes computed from the marks; lock, reopen, publish, unpublish.

Every change of state leaves a ScoreChange (who, when, why). The arithmetic is the pure
``competitions.rules`` package; this module only feeds it values from the database and stores
what it returns, in bulk (``core.bulk``). How marks make a component score: ``services.marks``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.bulk import bulk_update_rows, insert_many
from core.errors import NotAllowed
from core.history import audited, record_pks
from core.text import clean_text
from directory.selectors import user_is_organizer_of

from ..models import (
    Entry,
    EntryStatus,
    Event,
    EventKind,
    JudgeAssignment,
    Mark,
    Prize,
    Result,
    ScoreChange,
    ScoreChangeField,
    ScoreComponent,
    Team,
)
from ..rules import (
    Competitor,
    TieBreak,
    aggregate_marks,
    allocate_prizes,
    prize_limits,
    rank_competitors,
    team_scores,
    weighted_total,
)
from ..selectors.events import event_cascade, event_prize_rules
from ..selectors.results import event_placings_db, rankable_results, ranked_results_sql
from .common import ScoringError, actor, fmt, lock_event, require_manager, require_reason
from .competitions import competition_follow_events

# entry_id → [result pk, components, time, total, rank, tied, prize]: the results of one event as
# plain lists (a 100 000-entry event is 100 000 rows; model instances would cost too much).
ResultRows = dict[int, list]


@dataclass
class ComputeSummary:
    entries: int = 0
    ranked: int = 0
    unscored: int = 0  # registered entries without a complete score
    excluded: int = 0  # withdrawn or disqualified
    results_written: int = 0  # rows inserted or changed
    queries_note: str = ""


def _weights(event: Event, components: list[ScoreComponent]) -> dict[str, Decimal]:
    weights = {c.key: c.weight for c in components}
    if not components or sum(weights.values(), Decimal(0)) != 100:
        raise ScoringError(
            _("赛项“%(event)s”的成绩构成权重之和应为 100%%（现为 %(sum)s%%）")
            % {"event": event.name, "sum": fmt(sum(weights.values(), Decimal(0)))}
        )
    return weights


def _trim_from(event: Event) -> int | None:
    trim = event.judge_trim_from
    if trim in (1, 2):
        raise ScoringError(_("“去掉最高最低分的裁判人数下限”应为 0（不去掉）或不少于 3"))
    return trim or None


def _cascade(event: Event) -> tuple[TieBreak, ...]:
    try:
        return event_cascade(event)
    except ValueError as exc:
        raise ScoringError(_("“并列处理顺序”设置有误：%(error)s") % {"error": exc}) from exc


@audited
def event_compute_results(*, event: Event, by) -> ComputeSummary:
    """Totals, ranks and prizes of every entry of ``event``, written back in bulk.

    For organisers of the competition and the event's chief judge (``by`` None: the command line).
    The steps are in ``_compute``.
    """
    with transaction.atomic():
        event = lock_event(event.pk)
        if by is not None:
            _require_manager_or_chief(by, event)
        return _compute(event)


def _compute(event: Event) -> ComputeSummary:
    """The computation, on an event locked by the caller:

    1. component scores (see ``services.marks``) and total = Σ weight × score (pure functions);
    2. individual event: ranks, ties and prizes set in the database by one statement (the window
       query of ``selectors.results`` and the prize limits of ``rules.prize_limits``);
       team event: teams ranked by team score (sum of members' totals, best N), members share
       their team's rank and prize (pure functions);
    3. only rows that changed are written, each kind of write in one statement whatever the number
       of entries (``insert_many``, ``bulk_update_rows``, the ranking UPDATE), so the number of
       queries does not grow with the event (tests/competitions/services/test_results_queries.py).
    """
    components = list(event.components.order_by("order", "id"))
    weights = _weights(event, components)
    trim_from = _trim_from(event)
    cascade = _cascade(event)
    judged, imported = _load_marks(event)
    results = _load_results(event)
    existing = {row[0] for row in results.values()}
    now = timezone.now()
    summary = ComputeSummary()
    creates, total_rows, status_of, team_of = _compute_totals(
        event, components, weights, trim_from, judged, imported, results, now, summary
    )
    _store_totals(creates, total_rows)
    if _ranks_in_database(event):
        ranked, rank_changed = _rank_and_award_db(event, cascade, now)
    else:
        if creates:  # the new rows' keys (insert_many returns none)
            results = _load_results(event)
        ranked, rank_changed = _rank_and_award(event, results, status_of, team_of, now, cascade)
    summary.ranked = ranked
    summary.results_written = len(creates) + len({r[0] for r in total_rows} | (set(rank_changed) & existing))
    Event.objects.filter(pk=event.pk).update(results_computed_at=now)
    record_pks(Event, [event.pk])
    return summary


def _load_marks(event: Event) -> tuple[dict[tuple[int, int], list[Decimal]], dict[tuple[int, int], Decimal]]:
    """(judges' marks, imported scores) by (entry id, component id)."""
    judged: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    imported: dict[tuple[int, int], Decimal] = {}
    marks = Mark.objects.filter(entry__event=event).values_list("entry_id", "component_id", "judge_id", "value")
    for entry_id, component_id, judge_id, value in marks.iterator(chunk_size=10000):
        if judge_id is None:
            imported[(entry_id, component_id)] = value
        else:
            judged[(entry_id, component_id)].append(value)
    return judged, imported


def _load_results(event: Event) -> ResultRows:
    stored_rows = Result.objects.filter(entry__event=event).values_list(
        "entry_id", "pk", "components", "time_minutes", "total", "rank", "tied", "prize"
    )
    return {row[0]: list(row[1:]) for row in stored_rows.iterator(chunk_size=10000)}


def _compute_totals(event, components, weights, trim_from, judged, imported, results: ResultRows, now, summary):
    """Component scores and totals of every entry: (new Results, changed rows, status and team by entry)."""
    entries = Entry.objects.filter(event=event).values_list("pk", "status", "time_minutes", "team_id")
    creates: list[dict] = []
    total_rows: list[tuple] = []
    status_of: dict[int, str] = {}
    team_of: dict[int, int | None] = {}
    for entry_id, status, time_minutes, team_id in entries.iterator(chunk_size=10000):
        summary.entries += 1
        status_of[entry_id] = status
        team_of[entry_id] = team_id
        scores: dict[str, Decimal | None] = {}
        for component in components:
            key = (entry_id, component.pk)
            if key in imported:
                scores[component.key] = imported[key]
            else:
                scores[component.key] = aggregate_marks(judged.get(key, ()), trim_from=trim_from)
        total = weighted_total(scores, weights)
        stored = {k: (None if v is None else fmt(v)) for k, v in scores.items()}
        time = time_minutes if event.uses_time else None
        current = results.get(entry_id)
        if current is None:
            creates.append(
                {"entry_id": entry_id, "event_id": event.pk, "components": stored, "time_minutes": time, "total": total}
            )
        elif current[1] != stored or current[2] != time or current[3] != total:
            current[1:4] = stored, time, total
            total_rows.append((current[0], stored, time, total, now))
        if status != EntryStatus.REGISTERED:
            summary.excluded += 1
        elif total is None:
            summary.unscored += 1
    return creates, total_rows, status_of, team_of


def _store_totals(creates: list[dict], total_rows: list[tuple]) -> None:
    insert_many(Result, creates)  # records the new rows' history ("+") itself
    bulk_update_rows(Result, ["components", "time_minutes", "total", "updated_at"], total_rows)


@audited
def event_rank_results(*, event: Event, by) -> int:
    """Ranks and prizes from the totals already stored (step 2 of ``_compute``), for when only
    entries' statuses or the prize settings changed. Returns the rows written."""
    with transaction.atomic():
        event = lock_event(event.pk)
        if by is not None:
            _require_manager_or_chief(by, event)
        now, cascade = timezone.now(), event_cascade(event)
        if _ranks_in_database(event):
            _ranked, changed = _rank_and_award_db(event, cascade, now)
            return len(changed)
        # Only what ranking needs (components and time stay in the database for the window query).
        rows = Result.objects.filter(entry__event=event).values_list("entry_id", "pk", "total", "rank", "tied", "prize")
        results = {
            entry_id: [pk, None, None, total, rank, tied, prize]
            for entry_id, pk, total, rank, tied, prize in rows.iterator(chunk_size=10000)
        }
        status_of, team_of = {}, {}
        for entry_id, status, team_id in Entry.objects.filter(event=event).values_list("pk", "status", "team_id"):
            status_of[entry_id], team_of[entry_id] = status, team_id
        _ranked, changed = _rank_and_award(event, results, status_of, team_of, now, cascade)
    return len(changed)


def _ranks_in_database(event: Event) -> bool:
    """Individual events are ranked by one UPDATE … FROM … RETURNING: SQLite has it from 3.35."""
    if event.kind == EventKind.TEAM:
        return False
    return connection.vendor == "postgresql" or (
        connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 35, 0)
    )


def _rank_and_award_db(event: Event, cascade, now) -> tuple[int, list[int]]:
    """Individual event: set rank, tied and prize of every result of the event in one statement,
    only where they change; (ranked entries, keys of the rows written).

    The ranks are the window query of ``selectors.results`` (compiled, not copied); ties are the
    ranks held by more than one result; the prize rule comes in as ``rules.prize_limits`` for N
    ranked entries. Results outside the ranking (withdrawn, disqualified, no total) get no rank,
    no tie, no prize. With the count of N and the change history of the rows written: three
    statements, whatever the number of entries — where the Python allocation over model rows cost
    2.4–3.8× a hand-written UPDATE at 100 000 entries (bench/ranking.py).
    """
    n = rankable_results(event).count()
    limits = prize_limits(n, event_prize_rules(event))
    window_sql, window_params = ranked_results_sql(event, cascade, connection)
    qn = connection.ops.quote_name
    table, entries = qn(Result._meta.db_table), qn(Entry._meta.db_table)
    rank, tied, prize, updated = (qn(Result._meta.get_field(f).column) for f in ("rank", "tied", "prize", "updated_at"))
    prize_case = " ".join(["CASE", *("WHEN rnk <= %s THEN %s" for _ in limits), "ELSE %s END"]) if limits else "%s"
    prize_params = [value for tier, last in limits for value in (last, tier.value)]
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    # The unranked rows come as a second branch, not as a LEFT JOIN of the results to the ranks:
    # SQLite joins a window subquery by scanning it for every row (quadratic: 240 s at 20 000).
    # Only quoted table and column names and the compiled window query are formatted in.
    sql = f"""
        WITH w (id, rnk) AS ({window_sql}),
        new AS (
            SELECT id, rnk, COUNT(*) OVER (PARTITION BY rnk) > 1 AS tied, {prize_case} AS prize FROM w
            UNION ALL
            SELECT r.id, NULL, FALSE, %s
            FROM {table} r JOIN {entries} e ON e.id = r.entry_id
            WHERE e.event_id = %s AND r.id NOT IN (SELECT id FROM w)
        )
        UPDATE {table} SET {rank} = new.rnk, {tied} = new.tied, {prize} = new.prize, {updated} = %s
        FROM new
        WHERE {table}.id = new.id
          AND ({table}.{rank} {distinct} new.rnk OR {table}.{tied} <> new.tied OR {table}.{prize} <> new.prize)
        RETURNING {table}.id
    """  # noqa: S608
    updated_at = Result._meta.get_field("updated_at").get_db_prep_save(now, connection)
    none = Prize.NONE.value
    params = [*window_params, *prize_params, none, none, event.pk, updated_at]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        changed = [row[0] for row in cursor.fetchall()]
    record_pks(Result, changed)
    return n, changed


def _rank_and_award(event: Event, results: dict[int, list], status_of, team_of, now, cascade):
    """Rank in Python (teams; individual events on a SQLite older than 3.35), allocate prizes,
    write the changed rows; (ranked entries, keys of the rows written).

    ``results``: entry_id → [result pk, components, time, total, rank, tied, prize].
    """
    rules = event_prize_rules(event)
    if event.kind == EventKind.TEAM:
        by_result = _team_placings(event, results, status_of, team_of, rules)
    else:
        placings = event_placings_db(event, cascade)
        prizes = allocate_prizes(placings, rules)
        by_result = {p.id: (p.rank, p.tied, Prize(prizes[p.id].value)) for p in placings}
    rows, ranked = [], 0
    unranked = (None, False, Prize.NONE)
    for entry_id, current in results.items():
        rank, tied, prize = by_result.get(current[0], unranked)
        if (current[4], current[5], current[6]) != (rank, tied, prize):
            current[4:7] = rank, tied, prize
            rows.append((current[0], rank, tied, prize, now))
        if rank is not None and status_of[entry_id] == EntryStatus.REGISTERED:
            ranked += 1
    bulk_update_rows(Result, ["rank", "tied", "prize", "updated_at"], rows)
    return ranked, [row[0] for row in rows]


def _team_placings(event: Event, results: dict[int, list], status_of, team_of, rules):
    """Team event: rank teams by team score; every registered member gets the team's place."""
    members: dict[int, list[Decimal | None]] = {
        t: [] for t in Team.objects.filter(event=event).values_list("pk", flat=True)
    }
    for entry_id, current in results.items():
        team_id = team_of.get(entry_id)
        if team_id is not None and status_of[entry_id] == EntryStatus.REGISTERED:
            members.setdefault(team_id, []).append(current[3])
    totals = team_scores(members, event.team_best_n)
    placings = rank_competitors(
        [Competitor(team_id, total) for team_id, total in totals.items()], cascade=(TieBreak("total", True),)
    )
    prizes = allocate_prizes(placings, rules)
    team_place = {p.id: (p.rank, p.tied, Prize(prizes[p.id].value)) for p in placings}
    by_result = {}
    for entry_id, current in results.items():
        team_id = team_of.get(entry_id)
        if team_id in team_place and status_of[entry_id] == EntryStatus.REGISTERED:
            by_result[current[0]] = team_place[team_id]
    return by_result


def _require_manager_or_chief(by, event: Event) -> None:
    if user_is_organizer_of(by, event.competition.organizer):
        return
    if JudgeAssignment.objects.filter(event=event, user=by, is_chief=True).exists():
        return
    raise NotAllowed(_("只有组织者或裁判长可以计算成绩"))


# --- lock, reopen, publish -----------------------------------------------------------------------


@audited
def event_lock_scores(*, event: Event, by, reason: str = "") -> ComputeSummary:
    """The chief judge (裁判长) signs the scores off: results are computed and no mark, time or
    import can change until an organiser reopens them. ``by`` None: the command line."""
    with transaction.atomic():
        event = lock_event(event.pk)
        if by is not None and not JudgeAssignment.objects.filter(event=event, user=by, is_chief=True).exists():
            raise NotAllowed(_("只有该赛项的裁判长可以锁定成绩"))
        if event.scores_locked:
            raise ScoringError(_("成绩已经锁定"))
        summary = _compute(event)
        now = timezone.now()
        Event.objects.filter(pk=event.pk).update(scores_locked=True, scores_locked_at=now, scores_locked_by=actor(by))
        record_pks(Event, [event.pk])
        ScoreChange.objects.create(
            event=event,
            field=ScoreChangeField.LOCK,
            old_value=_("未锁定"),
            new_value=_("已锁定"),
            changed_by=by,
            reason=clean_text(reason)[:500],
        )
    return summary


@audited
def event_reopen_scores(*, event: Event, by, reason: str) -> None:
    """An organiser reopens locked scores for correction, with a recorded reason. Published
    results are withdrawn at the same time: the public must not read figures that may change."""
    reason = require_reason(reason)
    with transaction.atomic():
        event = lock_event(event.pk)
        require_manager(by, event)
        if not event.scores_locked:
            raise ScoringError(_("成绩未锁定，无需重新开放"))
        if event.results_published:
            _withdraw_publication(event, by=by, reason=_("重新开放评分：%(reason)s") % {"reason": reason})
        Event.objects.filter(pk=event.pk).update(scores_locked=False, scores_locked_at=None, scores_locked_by=None)
        record_pks(Event, [event.pk])
        ScoreChange.objects.create(
            event=event,
            field=ScoreChangeField.REOPEN,
            old_value=_("已锁定"),
            new_value=_("未锁定"),
            changed_by=by,
            reason=reason,
        )


@audited
def event_publish_results(*, event: Event, by) -> ComputeSummary:
    """Publish the event's results (public page, results book marked 已公布). Scores must be
    locked; the results are computed once more in the same transaction, so what is published is
    exactly what the locked scores give."""
    with transaction.atomic():
        event = lock_event(event.pk)
        require_manager(by, event)
        if not event.scores_locked:
            raise ScoringError(_("成绩锁定后才能公布：请裁判长先锁定成绩"))
        if event.results_published:
            raise ScoringError(_("成绩已经公布"))
        summary = _compute(event)
        Event.objects.filter(pk=event.pk).update(results_published=True, results_published_at=timezone.now())
        record_pks(Event, [event.pk])
        ScoreChange.objects.create(
            event=event, field=ScoreChangeField.PUBLISH, old_value=_("未公布"), new_value=_("已公布"), changed_by=by
        )
        competition_follow_events(
            competition_id=event.competition_id, by=by, cause=_("赛项“%(name)s”成绩公布") % {"name": event.name}
        )
    return summary


@audited
def event_unpublish_results(*, event: Event, by, reason: str) -> None:
    reason = require_reason(reason)
    with transaction.atomic():
        event = lock_event(event.pk)
        require_manager(by, event)
        if not event.results_published:
            raise ScoringError(_("成绩尚未公布"))
        _withdraw_publication(event, by=by, reason=reason)


def _withdraw_publication(event: Event, *, by, reason: str) -> None:
    """Take published results off the public page, recorded (inside the caller's event lock)."""
    Event.objects.filter(pk=event.pk).update(results_published=False, results_published_at=None)
    record_pks(Event, [event.pk])
    ScoreChange.objects.create(
        event=event,
        field=ScoreChangeField.UNPUBLISH,
        old_value=_("已公布"),
        new_value=_("未公布"),
        changed_by=by,
        reason=reason,
    )
    competition_follow_events(
        competition_id=event.competition_id, by=by, cause=_("赛项“%(name)s”撤回已公布的成绩") % {"name": event.name}
    )
