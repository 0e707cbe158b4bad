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
from ..rules import Competitor, TieBreak, allocate_prizes, rank_competitors, team_scores
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

    1. component scores and totals of every entry, computed in the database (``_totals_sql``: the
       rule of ``rules.aggregate`` in whole hundredths);
    2. individual event: in the same statement, ranks, ties and prizes (the cascade of the window
       query of ``selectors.results`` over the computed columns, the prize rule of
       ``rules.prize_limits`` as SQL), so that each row is written once (``_store_results``);
       team event: teams ranked by team score (sum of members' totals, best N), members share
       their team's rank and prize (pure functions), written by a second statement;
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
    if event.kind != EventKind.TEAM:
        # Totals, ranks and prizes in one statement: each row written once (PostgreSQL writes a new
        # version of a row and of its indexes at every write), with its history on PostgreSQL.
        summary = _store_results(event, components, weights, trim_from, cascade, now)
    else:
        created, changed = _store_totals(event, components, weights, trim_from, now)
        summary = _summary(event)
        summary.ranked, rank_changed = _rank_team(event, now)
        written = created | changed | rank_changed
        # Each row written once in the change history, in its final state.
        record_pks(Result, sorted(written & created), "+")
        record_pks(Result, sorted(written - created))
        summary.results_written = len(written)
    Event.objects.filter(pk=event.pk).update(results_computed_at=now)
    record_pks(Event, [event.pk])
    return summary


def _half_up(numerator: str, denominator: str) -> str:
    """SQL: numerator / denominator (whole numbers, denominator > 0) rounded half away from zero,
    as a whole number — ``rules.aggregate``'s one rounding, on hundredths."""
    n, d = numerator, denominator
    return f"(CASE WHEN {n} >= 0 THEN (2 * ({n}) + {d}) / (2 * ({d})) ELSE -((({d}) - 2 * ({n})) / (2 * ({d}))) END)"


def _totals_sql(event: Event, components, weights: dict[str, Decimal], trim_from: int | None, now, ranking=None):
    """One INSERT (… ON CONFLICT DO UPDATE when the event has results) that sets the component
    scores, time and total of every entry of ``event`` from its marks, only where they change; it
    returns (id, 1 if it created the row) of the rows written: a row it creates has the
    computation's time as its creation time.

    The arithmetic of ``rules.aggregate_marks`` and ``rules.weighted_total`` on whole hundredths,
    which is exact: marks and weights have two decimals (their columns), so a mean is
    Σ / n and a total Σ weight × score / 10 000 in hundredths, each rounded once, half up. An
    imported score (a mark without a judge) is the component score. tests/competitions/services/
    test_results_totals.py checks the result against the pure functions on both databases.

    Returned as (the WITH part, the INSERT, parameters of both in order, the time stamp), so that a
    caller can add to the WITH part.

    ``ranking`` (cascade, prize rules): the same statement also sets rank, tied and prize (an
    individual event): the cascade of ``selectors.results.ranked_results`` over the computed
    columns (equal hundredths order and tie as the stored decimals and JSON strings do), ties as
    ranks held by more than one entry, N and the prizes of ``rules.prize_limits`` (``_prize_sql``).
    Without it, new rows have no rank (a team event is ranked in Python afterwards).
    Only quoted names, whole numbers and the compiled parts are formatted in; values are parameters.
    """
    pg = connection.vendor == "postgresql"
    qn = connection.ops.quote_name
    result, entry, mark = (qn(m._meta.db_table) for m in (Result, Entry, Mark))
    fields = ("components", "time_minutes", "total", "rank", "tied", "prize", "created_at", "updated_at")
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
    none = Prize.NONE.value
    set_columns = ["components", "time_minutes", "total"]
    differ = [
        components_differ,
        *(f"{result}.{col[f]} {differs} excluded.{col[f]}" for f in ("time_minutes", "total")),
    ]
    if ranking is None:
        ranked_cte, ranked_params, source = "", [], "t"
        placing, placing_params = "NULL, FALSE, %s", [none]
    else:
        cascade, rules = ranking
        # Ranked: registered with a total. N, rank and the rank's peers in one window (one sort):
        # COUNT(*) up to the current row counts its peers too, so it passes the rank on a tie.
        prize, prize_params = _prize_sql(rules, "n", "rk")
        ranked_cte = f""",
        k AS (
            SELECT o.*, RANK() OVER w AS rk, COUNT(*) OVER w AS upto, COUNT(*) OVER (PARTITION BY ok) AS n
            FROM (SELECT t.*, (status = %s AND t IS NOT NULL) AS ok FROM t) o
            WINDOW w AS (PARTITION BY ok {_cascade_order_sql(cascade, components)})
        )"""  # noqa: S608
        source, ranked_params = "k", [EntryStatus.REGISTERED.value]
        placing = f"CASE WHEN ok THEN rk END, ok AND upto > rk, CASE WHEN ok THEN {prize} ELSE %s END"
        placing_params = [*prize_params, none]
        set_columns += ["rank", "tied", "prize"]
        differ += [
            f"{result}.{col['rank']} {differs} excluded.{col['rank']}",
            f"{result}.{col['tied']} <> excluded.{col['tied']}",
            f"{result}.{col['prize']} <> excluded.{col['prize']}",
        ]
    updates = ", ".join(f"{col[f]} = excluded.{col[f]}" for f in [*set_columns, "updated_at"])
    differ_sql = "\n           OR ".join(differ)
    ctes = f"""
        WITH a AS (
            SELECT e.id AS entry_id, e.status AS status, {time} AS tm, {", ".join(aggregates)}
            FROM {entry} e LEFT JOIN {mark} m ON m.entry_id = e.id
            WHERE e.event_id = %s
            GROUP BY e.id, e.status, e.time_minutes
        ),
        c AS (SELECT entry_id, status, tm, {", ".join(scores)} FROM a),
        t AS (SELECT c.*, {total} AS t FROM c){ranked_cte}
    """  # noqa: S608
    insert = f"""
        INSERT INTO {result} ({columns})
        SELECT entry_id, %s, {as_json.format(pairs)}, tm, {total_value}, {placing}, %s, %s FROM {source} WHERE TRUE
    """  # noqa: S608
    # Rows to update only when the event has results already: a first computation inserts plainly
    # (ON CONFLICT's speculative insertion cost it 0.1–0.3 s more at 100 000 entries on PostgreSQL).
    if Result.objects.filter(event_id=event.pk).exists():
        insert += f"""
        ON CONFLICT ({qn(Result._meta.get_field("entry").column)}) DO UPDATE SET {updates}
        WHERE {differ_sql}
    """
    stamp = Result._meta.get_field("updated_at").get_db_prep_save(now, connection)
    params = [event.pk, *ranked_params, event.pk, *(c.key for c in components), *placing_params]
    params += [stamp, stamp]
    return ctes, insert, params, stamp


def _hundredths(value: Decimal) -> int:
    hundredths = value * 100
    if hundredths != hundredths.to_integral_value():
        raise ScoringError(_("权重最多保留两位小数：%(value)s") % {"value": value})
    return int(hundredths)


def _store_totals(event: Event, components, weights, trim_from, now) -> tuple[set[int], set[int]]:
    """(created, changed): the keys of the results ``_totals_sql`` wrote (no ranks: a team event)."""
    ctes, insert, params, stamp = _totals_sql(event, components, weights, trim_from, now)
    return _written_keys(ctes + insert, params, stamp)


def _written_keys(sql: str, params: list, stamp) -> tuple[set[int], set[int]]:
    """Run ``_totals_sql``'s statement; (created, changed) keys of the rows it wrote."""
    result = connection.ops.quote_name(Result._meta.db_table)
    sql += f" RETURNING {result}.id, CASE WHEN {_created_now(result)} THEN 1 ELSE 0 END"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, stamp])
        rows = cursor.fetchall()
    return {pk for pk, new in rows if new}, {pk for pk, new in rows if not new}


def _created_now(alias: str) -> str:
    """SQL: the result row ``alias`` was created by this computation (its creation time is the
    computation's, the next parameter)."""
    return f"{alias}.{connection.ops.quote_name(Result._meta.get_field('created_at').column)} = %s"


def _history_of_upd() -> tuple[str, list]:
    """PostgreSQL: the history of the result rows of ``upd`` (a data-modifying WITH … RETURNING *),
    "+" for those this computation created, "~" for the others; its parameters then the time stamp."""
    return history_insert_sql(Result, "upd", f"CASE WHEN {_created_now('upd')} THEN '+' ELSE '~' END")


def _store_results(event: Event, components, weights, trim_from, cascade, now) -> ComputeSummary:
    """Individual event: totals, ranks and prizes of every entry written by one statement
    (``_totals_sql`` with its ranking), each changed row once, and recorded in the change history
    in its final state ("+" created, "~" changed); the event's counts (``_summary``) and the
    number of rows written.

    PostgreSQL records them and counts in the same statement (``WITH upd AS (INSERT … RETURNING
    *) INSERT INTO`` the history): no key goes to Python and back, and the entries are not read
    again for the counts. SQLite (no data-modifying WITH) returns the keys, recorded by one history
    statement per kind, and counts in a query of its own.
    """
    ctes, insert, params, stamp = _totals_sql(
        event, components, weights, trim_from, now, ranking=(cascade, event_prize_rules(event))
    )
    if connection.vendor != "postgresql":
        created, changed = _written_keys(ctes + insert, params, stamp)
        record_pks(Result, sorted(created), "+")
        record_pks(Result, sorted(changed))
        summary = _summary(event)
        summary.results_written = len(created) + len(changed)
        return summary
    history_sql, history_params = _history_of_upd()
    # Only the compiled parts are formatted in.
    sql = f"""
        {ctes}, upd AS ({insert} RETURNING *), h AS ({history_sql} RETURNING 1)
        SELECT (SELECT COUNT(*) FROM h), COUNT(*), COUNT(*) FILTER (WHERE status <> %s),
               COUNT(*) FILTER (WHERE status = %s AND t IS NULL)
        FROM k
    """  # noqa: S608
    registered = EntryStatus.REGISTERED.value
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *history_params, stamp, registered, registered])
        written, entries, excluded, unscored = cursor.fetchone()
    return ComputeSummary(
        entries=entries,
        excluded=excluded,
        unscored=unscored,
        ranked=entries - excluded - unscored,
        results_written=written,
    )


def _cascade_order_sql(cascade: tuple[TieBreak, ...], components) -> str:
    """``ORDER BY`` of the tie-break cascade over ``_totals_sql``'s computed columns (t: total,
    tm: time, c<i>: component i, in hundredths): the order and the ties of
    ``selectors.results._order_expression`` over the stored columns. A key of no component of the
    event is NULL for every entry there: it orders nothing and is left out."""
    index = {c.key: i for i, c in enumerate(components)}
    terms = []
    for tie_break in cascade:
        if tie_break.field == "total":
            column = "t"
        elif tie_break.field == "time":
            column = "tm"
        elif tie_break.field.removeprefix("component:") in index:
            column = f"c{index[tie_break.field.removeprefix('component:')]}"
        else:
            continue
        terms.append(f"{column} {'DESC' if tie_break.descending else 'ASC'} NULLS LAST")
    return f"ORDER BY {', '.join(terms)}" if terms else ""


def _prize_sql(rules, n: str, rank: str) -> tuple[str, list]:
    """SQL: the prize of an entry ranked ``rank`` in a field of ``n`` ranked entries (SQL
    expressions of whole numbers, rank ≥ 1): ``rules.prize_limits`` rendered, in whole-number
    arithmetic — boundary c_k = round_half_up(n × cumulative ratio) = (2·n·p + q) div 2q for the
    ratio p/q, c_1 at least 1; the first tier whose boundary the rank is within (a later boundary
    below an earlier one never matches first, so ``prize_limits``' max is implied). Checked
    against ``prize_limits`` for many N and rules (tests/competitions/services/test_results_totals.py)."""
    whens, params = [], []
    if rules.min_field:
        whens.append(f"WHEN {n} < {int(rules.min_field)} THEN %s")
        params.append(Prize.NONE.value)
    cumulative = Decimal(0)
    for k, (tier, ratio) in enumerate(zip((Prize.FIRST, Prize.SECOND, Prize.THIRD), rules.ratios, strict=True)):
        cumulative += ratio
        p, q = (int(x) for x in cumulative.as_integer_ratio())
        boundary = f"((2 * {p} * {n} + {q}) / {2 * q})"
        if k == 0 and ratio > 0:
            boundary = f"(CASE WHEN {n} >= 1 AND {boundary} < 1 THEN 1 ELSE {boundary} END)"
        whens.append(f"WHEN {rank} <= {boundary} THEN %s")
        params.append(tier.value)
    if rules.merit_to_half:
        whens.append(f"WHEN {rank} <= ({n} + 1) / 2 THEN %s")
        params.append(Prize.MERIT.value)
    return f"(CASE {' '.join(whens)} ELSE %s END)", [*params, Prize.NONE.value]


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


def _rank_team(event: Event, now) -> tuple[int, set[int]]:
    """Team event: ranks, ties and prizes from the stored totals; (ranked entries, keys of the rows
    written, whose change history is the caller's)."""
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
        if event.kind != EventKind.TEAM:
            return _rank_and_award_db(event, event_cascade(event), timezone.now())
        _ranked, changed = _rank_team(event, timezone.now())
        record_pks(Result, sorted(changed))
    return len(changed)


def _rank_and_award_db(event: Event, cascade, now) -> int:
    """Individual event: set rank, tied and prize of every result of the event from the stored
    totals in one statement, only where they change, and record the rows written in the change
    history; the number of rows written. On PostgreSQL the same statement records them (``WITH
    upd AS (UPDATE … RETURNING *) INSERT INTO`` the history) and counts them; SQLite returns their
    keys, recorded by a second statement.

    The ranks are the window query of ``selectors.results`` (compiled, not copied); ties are the
    ranks held by more than one result (counted by the same window); the field size N is counted
    in the statement and the prize rule is ``rules.prize_limits`` as SQL (``_prize_sql``). Results
    outside the ranking (withdrawn, disqualified, no total) get no rank, no tie, no prize.
    """
    pg = connection.vendor == "postgresql"
    window_sql, window_params = ranked_results_sql(event, cascade, connection)
    qn = connection.ops.quote_name
    table = qn(Result._meta.db_table)
    rank, tied, prize, updated, event_col = (
        qn(Result._meta.get_field(f).column) for f in ("rank", "tied", "prize", "updated_at", "event")
    )
    prize_case, prize_params = _prize_sql(event_prize_rules(event), "cnt.n", "w.rnk")
    distinct = "IS DISTINCT FROM" if pg else "IS NOT"
    # The unranked rows come as a second branch, not as a LEFT JOIN of the results to the ranks:
    # SQLite joins a window subquery by scanning it for every row (quadratic: 240 s at 20 000);
    # its NOT IN builds an index of the subquery. PostgreSQL's NOT IN, when it expects the ranked
    # ids not to fit in work_mem, tests every row against the whole list (quadratic too: minutes
    # at 100 000): NOT EXISTS, an anti-join, there.
    unranked = "NOT EXISTS (SELECT 1 FROM w WHERE w.id = r.id)" if pg else "r.id NOT IN (SELECT id FROM w)"
    # Unranked rows already without rank, tie or prize would not change: left out before the
    # anti-join. Only quoted table and column names and the compiled window query are formatted in.
    sql = f"""
        WITH w (id, rnk, upto) AS ({window_sql}),
        cnt AS (SELECT COUNT(*) AS n FROM w),
        new AS (
            SELECT w.id, w.rnk, w.upto > w.rnk AS tied, {prize_case} AS prize
            FROM w CROSS JOIN cnt
            UNION ALL
            SELECT r.id, NULL, FALSE, %s
            FROM {table} r
            WHERE r.{event_col} = %s AND (r.{rank} IS NOT NULL OR r.{tied} OR r.{prize} <> %s) AND {unranked}
        )
        UPDATE {table} SET {rank} = new.rnk, {tied} = new.tied, {prize} = new.prize, {updated} = %s
        FROM new
        WHERE {table}.id = new.id
          AND ({table}.{rank} {distinct} new.rnk OR {table}.{tied} <> new.tied OR {table}.{prize} <> new.prize)
        RETURNING {table}.{"*" if pg else "id"}
    """  # noqa: S608
    updated_at = Result._meta.get_field("updated_at").get_db_prep_save(now, connection)
    none = Prize.NONE.value
    params = [*window_params, *prize_params, none, event.pk, none, updated_at]
    if not pg:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            changed = [row[0] for row in cursor.fetchall()]
        record_pks(Result, sorted(changed))
        return len(changed)
    history_sql, history_params = _history_of_upd()
    with connection.cursor() as cursor:
        cursor.execute(f"WITH upd AS ({sql}) {history_sql}", [*params, *history_params, updated_at])
        return cursor.rowcount


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
    return ranked, {row[0] for row in rows}


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
