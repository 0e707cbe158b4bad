"""Results: totals, ranks and prizes computed from the marks; lock, reopen, publish, unpublish.

Every change of state leaves a ScoreChange (who, when, why). The rules are the pure
``competitions.rules`` package: the totals and the ranks of an individual event are computed by
the database in their whole-number form (``_totals_sql``, the window query of
``selectors.results``), checked equal to the pure functions by the tests; team events are ranked
in Python. How marks make a component score: ``services.marks``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.bulk import bulk_update_rows
from core.errors import NotAllowed
from core.history import audited, history_insert_sql, record_pks
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
from ..rules import Competitor, TieBreak, allocate_prizes, prize_limits, rank_competitors, team_scores
from ..selectors.events import event_cascade, event_prize_rules
from ..selectors.results import ranked_results_sql
from .common import ScoringError, actor, fmt, lock_event, require_manager, require_reason
from .competitions import competition_follow_events


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
    if any(w < 0 for w in weights.values()) or not components or sum(weights.values(), Decimal(0)) != 100:
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

    1. component scores and totals of every entry, set in the database by one statement
       (``_store_totals``: the rule of ``rules.aggregate`` in whole hundredths);
    2. individual event: ranks, ties and prizes set in the database by one statement (the window
       query of ``selectors.results`` and the prize limits of ``rules.prize_limits``);
       team event: teams ranked by team score (sum of members' totals, best N), members share
       their team's rank and prize (pure functions);
    3. the change history of the rows written: each row once, in its final state.

    Only rows that change are written, each step in one statement whatever the number of entries,
    so the number of queries does not grow with the event
    (tests/competitions/services/test_results_queries.py).
    """
    components = list(event.components.order_by("order", "id"))
    weights = _weights(event, components)
    trim_from = _trim_from(event)
    cascade = _cascade(event)
    now = timezone.now()
    created, changed = _store_totals(event, components, weights, trim_from, now)
    summary = _summary(event)
    summary.ranked, rank_changed, recorded = _rank(event, cascade, now, summary.ranked)
    written = created | changed | rank_changed
    # Each row written once in the change history, in its final state.
    unrecorded = written - rank_changed if recorded else written
    record_pks(Result, sorted(unrecorded & created), "+")
    record_pks(Result, sorted(unrecorded - created))
    summary.results_written = len(written)
    Event.objects.filter(pk=event.pk).update(results_computed_at=now)
    record_pks(Event, [event.pk])
    return summary


def _half_up(numerator: str, denominator: str) -> str:
    """SQL: numerator / denominator (whole numbers, denominator > 0) rounded half away from zero,
    as a whole number — ``rules.aggregate``'s one rounding, on hundredths."""
    n, d = numerator, denominator
    return f"(CASE WHEN {n} >= 0 THEN (2 * ({n}) + {d}) / (2 * ({d})) ELSE -((({d}) - 2 * ({n})) / (2 * ({d}))) END)"


def _totals_sql(event: Event, components, weights: dict[str, Decimal], trim_from: int | None, now):
    """One INSERT … ON CONFLICT DO UPDATE that sets the component scores, time and total of every
    entry of ``event`` from its marks, only where they change; it returns (id, 1 if it created the
    row) of the rows written: a row it creates has the computation's time as its creation time.

    The arithmetic of ``rules.aggregate_marks`` and ``rules.weighted_total`` on whole hundredths,
    which is exact: marks and weights have two decimals (their columns), so a mean is
    Σ / n and a total Σ weight × score / 10 000 in hundredths, each rounded once, half up. An
    imported score (a mark without a judge) is the component score. tests/competitions/services/
    test_results_totals.py checks the result against the pure functions on both databases.
    Only quoted names, whole numbers and the compiled parts are formatted in; values are parameters.
    """
    pg = connection.vendor == "postgresql"
    qn = connection.ops.quote_name
    result, entry, mark = (qn(m._meta.db_table) for m in (Result, Entry, Mark))
    fields = ("components", "time_minutes", "total", "created_at", "updated_at")
    col = {f: qn(Result._meta.get_field(f).column) for f in fields}
    # A mark in whole hundredths (its column has two decimals; SQLite keeps it as a float).
    value = "CAST(m.value * 100 AS integer)" if pg else "CAST(ROUND(m.value * 100) AS INTEGER)"
    aggregates, scores = [], []
    for i, component in enumerate(components):
        cid = int(component.pk)
        judged = f"CASE WHEN m.component_id = {cid} AND m.judge_id IS NOT NULL THEN {value} END"
        aggregates.append(
            f"SUM({judged}) AS s{i}, COUNT({judged}) AS n{i}, MIN({judged}) AS lo{i}, MAX({judged}) AS hi{i}, "
            f"MAX(CASE WHEN m.component_id = {cid} AND m.judge_id IS NULL THEN {value} END) AS imp{i}"
        )
        trimmed = (
            f"WHEN n{i} >= {int(trim_from)} THEN {_half_up(f's{i} - lo{i} - hi{i}', f'n{i} - 2')} " if trim_from else ""
        )
        scores.append(
            f"CAST(CASE WHEN imp{i} IS NOT NULL THEN imp{i} WHEN n{i} = 0 THEN NULL "
            f"{trimmed}ELSE {_half_up(f's{i}', f'n{i}')} END AS BIGINT) AS c{i}"
        )
    # Weights in hundredths of a percent: total = Σ w × c / 10 000 hundredths.
    weighted = [(i, _hundredths(weights[c.key])) for i, c in enumerate(components)]
    weighted = [(i, w) for i, w in weighted if w]
    total = (
        f"CASE WHEN {' OR '.join(f'c{i} IS NULL' for i, _w in weighted)} THEN NULL "
        f"ELSE {_half_up(' + '.join(f'{w} * c{i}' for i, w in weighted), '10000')} END"
    )
    if pg:
        as_text = "CAST(CAST(c{i} AS numeric) / 100 AS numeric(14, 2))::text"
        as_json = "jsonb_build_object({})"
        key = "%s::text"
        total_value = "CAST(t AS numeric) / 100"
        differs = "IS DISTINCT FROM"
        components_differ = f"{result}.{col['components']} IS DISTINCT FROM excluded.{col['components']}"
    else:
        as_text = "printf('%%.2f', c{i} / 100.0)"  # exact: the nearest double, printed to two places
        as_json = "json_object({})"
        key = "%s"
        total_value = "t / 100.0"
        differs = "IS NOT"
        # Stored text may be spaced (Python's json.dumps): compared in json()'s compact form.
        components_differ = f"json({result}.{col['components']}) IS NOT excluded.{col['components']}"
    pairs = ", ".join(
        f"{key}, CASE WHEN c{i} IS NULL THEN NULL ELSE {as_text.format(i=i)} END" for i in range(len(components))
    )
    time = "e.time_minutes" if event.uses_time else "CAST(NULL AS NUMERIC)"
    inserted = ("entry", "event", "components", "time_minutes", "total", "rank", "tied", "prize")
    inserted += ("created_at", "updated_at")
    columns = ", ".join(qn(Result._meta.get_field(f).column) for f in inserted)
    sql = f"""
        WITH a AS (
            SELECT e.id AS entry_id, {time} AS tm, {", ".join(aggregates)}
            FROM {entry} e LEFT JOIN {mark} m ON m.entry_id = e.id
            WHERE e.event_id = %s
            GROUP BY e.id, e.time_minutes
        ),
        c AS (SELECT entry_id, tm, {", ".join(scores)} FROM a),
        t AS (SELECT c.*, {total} AS t FROM c)
        INSERT INTO {result} ({columns})
        SELECT entry_id, %s, {as_json.format(pairs)}, tm, {total_value}, NULL, FALSE, %s, %s, %s FROM t WHERE TRUE
        ON CONFLICT ({qn(Result._meta.get_field("entry").column)}) DO UPDATE SET
            {col['components']} = excluded.{col['components']}, {col['time_minutes']} = excluded.{col['time_minutes']},
            {col['total']} = excluded.{col['total']}, {col['updated_at']} = excluded.{col['updated_at']}
        WHERE {components_differ}
           OR {result}.{col['time_minutes']} {differs} excluded.{col['time_minutes']}
           OR {result}.{col['total']} {differs} excluded.{col['total']}
        RETURNING {result}.id, CASE WHEN {result}.{col['created_at']} = %s THEN 1 ELSE 0 END
    """  # noqa: S608
    stamp = Result._meta.get_field("updated_at").get_db_prep_save(now, connection)
    params = [event.pk, event.pk, *(c.key for c in components), Prize.NONE.value, stamp, stamp, stamp]
    return sql, params


def _hundredths(value: Decimal) -> int:
    hundredths = value * 100
    if hundredths != hundredths.to_integral_value():
        raise ScoringError(_("权重最多保留两位小数：%(value)s") % {"value": value})
    return int(hundredths)


def _store_totals(event: Event, components, weights, trim_from, now) -> tuple[set[int], set[int]]:
    """(created, changed): the keys of the results ``_totals_sql`` wrote."""
    sql, params = _totals_sql(event, components, weights, trim_from, now)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {pk for pk, new in rows if new}, {pk for pk, new in rows if not new}


def _summary(event: Event) -> ComputeSummary:
    """The counts of the event's entries (one query), ``ranked`` being the field size N."""
    registered = Q(status=EntryStatus.REGISTERED)
    counts = Entry.objects.filter(event=event).aggregate(
        entries=Count("pk"),
        excluded=Count("pk", filter=~registered),
        unscored=Count("pk", filter=registered & Q(result__total__isnull=True)),
    )
    ranked = counts["entries"] - counts["excluded"] - counts["unscored"]
    return ComputeSummary(ranked=ranked, **counts)


def _rank(event: Event, cascade, now, n: int) -> tuple[int, set[int], bool]:
    """Ranks, ties and prizes from the stored totals (``n``: ranked entries of an individual
    event); (ranked entries, keys of the rows written, whether their change history is written:
    else it is the caller's)."""
    if event.kind != EventKind.TEAM:
        return _rank_and_award_db(event, cascade, now, n)
    # Only what ranking a team event needs.
    rows = Result.objects.filter(event=event).values_list("entry_id", "pk", "total", "rank", "tied", "prize")
    results = {entry_id: [pk, total, rank, tied, prize] for entry_id, pk, total, rank, tied, prize in rows}
    status_of, team_of = {}, {}
    for entry_id, status, team_id in Entry.objects.filter(event=event).values_list("pk", "status", "team_id"):
        status_of[entry_id], team_of[entry_id] = status, team_id
    return _rank_and_award_team(event, results, status_of, team_of, now)


@audited
def event_rank_results(*, event: Event, by) -> int:
    """Ranks and prizes from the totals already stored (step 2 of ``_compute``), for when only
    entries' statuses or the prize settings changed. Returns the rows written."""
    with transaction.atomic():
        event = lock_event(event.pk)
        if by is not None:
            _require_manager_or_chief(by, event)
        n = _summary(event).ranked if event.kind != EventKind.TEAM else 0
        _ranked, changed, recorded = _rank(event, event_cascade(event), timezone.now(), n)
        if not recorded:
            record_pks(Result, sorted(changed))
    return len(changed)


def _rank_and_award_db(event: Event, cascade, now, n: int) -> tuple[int, set[int], bool]:
    """Individual event of ``n`` ranked entries: set rank, tied and prize of every result of the
    event in one statement, only where they change; (n, keys of the rows written, whether their
    change history is written too). On PostgreSQL the same statement records them (``WITH upd AS
    (UPDATE … RETURNING *) INSERT INTO`` the history): "+" for a row this computation created
    (``now`` is its creation time), "~" for the others.

    The ranks are the window query of ``selectors.results`` (compiled, not copied); ties are the
    ranks held by more than one result; the prize rule comes in as ``rules.prize_limits`` for N
    ranked entries. Results outside the ranking (withdrawn, disqualified, no total) get no rank,
    no tie, no prize.
    """
    recorded = connection.vendor == "postgresql"
    limits = prize_limits(n, event_prize_rules(event))
    window_sql, window_params = ranked_results_sql(event, cascade, connection)
    qn = connection.ops.quote_name
    table = qn(Result._meta.db_table)
    rank, tied, prize, updated, event_col = (
        qn(Result._meta.get_field(f).column) for f in ("rank", "tied", "prize", "updated_at", "event")
    )
    prize_case = " ".join(["CASE", *("WHEN rnk <= %s THEN %s" for _ in limits), "ELSE %s END"]) if limits else "%s"
    prize_params = [value for tier, last in limits for value in (last, tier.value)]
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    # The unranked rows come as a second branch, not as a LEFT JOIN of the results to the ranks:
    # SQLite joins a window subquery by scanning it for every row (quadratic: 240 s at 20 000);
    # its NOT IN builds an index of the subquery. PostgreSQL's NOT IN, when it expects the ranked
    # ids not to fit in work_mem, tests every row against the whole list (quadratic too: minutes
    # at 100 000): NOT EXISTS, an anti-join, there.
    if connection.vendor == "postgresql":
        unranked = "NOT EXISTS (SELECT 1 FROM w WHERE w.id = r.id)"
    else:
        unranked = "r.id NOT IN (SELECT id FROM w)"
    # Only quoted table and column names and the compiled window query are formatted in.
    sql = f"""
        WITH w (id, rnk) AS ({window_sql}),
        new AS (
            SELECT id, rnk, COUNT(*) OVER (PARTITION BY rnk) > 1 AS tied, {prize_case} AS prize FROM w
            UNION ALL
            SELECT r.id, NULL, FALSE, %s
            FROM {table} r
            WHERE r.{event_col} = %s AND {unranked}
        )
        UPDATE {table} SET {rank} = new.rnk, {tied} = new.tied, {prize} = new.prize, {updated} = %s
        FROM new
        WHERE {table}.id = new.id
          AND ({table}.{rank} {distinct} new.rnk OR {table}.{tied} <> new.tied OR {table}.{prize} <> new.prize)
        RETURNING {table}.{"*" if recorded else "id"}
    """  # noqa: S608
    updated_at = Result._meta.get_field("updated_at").get_db_prep_save(now, connection)
    none = Prize.NONE.value
    params = [*window_params, *prize_params, none, none, event.pk, updated_at]
    if recorded:
        created = qn(Result._meta.get_field("created_at").column)
        history_sql, history_params = history_insert_sql(
            Result, "upd", f"CASE WHEN upd.{created} = %s THEN '+' ELSE '~' END"
        )
        sql = f"WITH upd AS ({sql}) {history_sql} RETURNING {qn(Result._meta.pk.column)}"
        params += [*history_params, updated_at]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return n, {row[0] for row in cursor.fetchall()}, recorded


def _rank_and_award_team(event: Event, results: dict[int, list], status_of, team_of, now):
    """Team event: rank, allocate prizes, write the changed rows; (ranked entries, keys of the rows
    written). ``results``: entry_id → [result pk, total, rank, tied, prize]."""
    by_result = _team_placings(event, results, status_of, team_of, event_prize_rules(event))
    rows, ranked = [], 0
    unranked = (None, False, Prize.NONE)
    for entry_id, current in results.items():
        rank, tied, prize = by_result.get(current[0], unranked)
        if (current[2], current[3], current[4]) != (rank, tied, prize):
            current[2:5] = rank, tied, prize
            rows.append((current[0], rank, tied, prize, now))
        if rank is not None and status_of[entry_id] == EntryStatus.REGISTERED:
            ranked += 1
    bulk_update_rows(Result, ["rank", "tied", "prize", "updated_at"], rows, history=False)
    return ranked, {row[0] for row in rows}, False


def _team_placings(event: Event, results: dict[int, list], status_of, team_of, rules):
    """Team event: rank teams by team score; every registered member gets the team's place."""
    members: dict[int, list[Decimal | None]] = {
        t: [] for t in Team.objects.filter(event=event).values_list("pk", flat=True)
    }
    for entry_id, current in results.items():
        team_id = team_of.get(entry_id)
        if team_id is not None and status_of[entry_id] == EntryStatus.REGISTERED:
            members.setdefault(team_id, []).append(current[1])
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
