"""Benchmark: ranking and prize allocation of large events, against hand-written SQL (issue 13 item 4).

    .venv/bin/python bench/ranking.py [--sizes 1000 10000 100000] [--db sqlite|postgres|both]
                                      [--repeat 5] [--pg-prefix jx_bench_ranking_]

For each size it builds one event (理论 30 % / 实操 70 %, completion time, many ties) in a
database of its own — /tmp/jx_bench_ranking_<pid>.sqlite3, or the PostgreSQL database
<pg-prefix><pid> (created and dropped here; PG_HOST, PG_PORT, PG_USER as in .ci/run), so two runs
never collide — and measures, with the number of queries:

  compute    event_compute_results from scratch (no Result rows): marks → totals → ranks → prizes,
             results written                                    target: < 3 s at 100 000, queries flat
  recompute  the same after one mark changed (only changed rows are written)
  rank       the ORM window query alone (selectors.results.event_placings_db)
  SQL rank   baseline: a hand-written SELECT … RANK() OVER (ORDER BY …) over the same rows
  rank+prize ranks and prizes written back, every row changed (services.results.event_rank_results)
                                                                target: ≤ 1.5× SQL r+p
  SQL r+p    baseline: a hand-written single UPDATE … FROM (window query) setting rank, tied, prize

Every step starts from settled tables: after what it needs done first (results deleted, ranks
cleared: untimed), VACUUM ANALYZE on PostgreSQL (ANALYZE on SQLite) of the results, as autovacuum
would leave them a little later. Without it a step measured the dead rows the bench's own previous
round left behind (a from-scratch computation after a DELETE of 100 000 results), and statistics of
a table bulk-loaded a second earlier, not the state an event is computed in.

The steps run --repeat times interleaved (compute, recompute, rank, SQL rank, rank+prize, SQL r+p,
compute, …) and the median of each is printed: wall time, and "work" — this process's CPU time,
plus the wall time inside the queries on PostgreSQL (its work is in another process) — which is
what a step costs without the waiting for a core on a shared machine. Ratios are medians of ORM ÷
SQL in the same run; the verdict is judged on work. Ranks, ties and prizes are checked to be
identical to the hand-written SQL's.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from databases import pg_admin, pg_url  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
# The production settings (DEBUG off) refuse the repository's development key: a key of our own.
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(32))
COMPUTE_TARGET_S = 3.0  # at 100 000 entries
WRITE_TARGET_RATIO = 1.5  # rank+prize ÷ SQL r+p


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved rounds; the median is shown")
    parser.add_argument("--pg-prefix", default="jx_bench_ranking_", help="PostgreSQL database name prefix")
    args = parser.parse_args()
    if args.db == "both":
        # Django's settings are configured once per process: one child process per database.
        for db in ("sqlite", "postgres"):
            cmd = [
                sys.executable,
                __file__,
                "--db",
                db,
                "--repeat",
                str(args.repeat),
                "--pg-prefix",
                args.pg_prefix,
                "--sizes",
                *map(str, args.sizes),
            ]
            subprocess.run(cmd, check=True)
        return
    pid = os.getpid()
    if args.db == "sqlite":
        path = Path(f"/tmp/jx_bench_ranking_{pid}.sqlite3")
        try:
            run(f"sqlite:///{path}", args.sizes, "SQLite", args.repeat)
        finally:
            path.unlink(missing_ok=True)
    else:
        name = f"{args.pg_prefix}{pid}"
        pg_admin(f"CREATE DATABASE {name}")
        try:
            run(pg_url(name), args.sizes, "PostgreSQL", args.repeat)
        finally:
            pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run(url: str, sizes: list[int], label: str, repeat: int) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    version = connection.Database.sqlite_version if connection.vendor == "sqlite" else connection.pg_version
    print(f"\n== {label} ({connection.vendor} {version}), median of {repeat} interleaved rounds ==")
    print("wall, work in seconds; work = CPU of this process (+ time inside queries on PostgreSQL)")
    header = (
        f"{'entries':>8} | {'step':<10} | {'wall':>7} | {'work':>7} | {'queries':>7} | {'÷SQL wall':>9} | "
        f"{'÷SQL work':>9} | {'target':<14} | verdict"
    )
    print(header)
    print("-" * len(header))
    try:
        for size in sizes:
            bench_one(size, repeat)
    finally:
        connection.close()


def settle(*tables: str) -> None:
    """Dead rows cleared and statistics taken, as autovacuum does after a large write."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            name = connection.ops.quote_name(table)
            cursor.execute(f"VACUUM ANALYZE {name}" if connection.vendor == "postgresql" else f"ANALYZE {name}")


def timed(fn, before=None):
    """(value, wall seconds, work seconds, queries) of one call; ``before`` runs untimed first, then
    the results' table is settled."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if before is not None:
        before()
    settle("competitions_result")
    with CaptureQueriesContext(connection) as ctx:
        start, cpu = time.perf_counter(), time.process_time()
        value = fn()
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    in_queries = sum(float(q["time"]) for q in ctx.captured_queries) if connection.vendor == "postgresql" else 0.0
    return value, wall, cpu + in_queries, len(ctx.captured_queries)


def build_event(size: int):
    import random

    from competitions.models import Competition, Entry, Event, Mark, ScoreComponent
    from directory.models import Organization, Person

    rng = random.Random(size)
    org = Organization.objects.create(name=f"基准测试单位{size}")
    competition = Competition.objects.create(name=f"基准测试{size}", slug=f"bench-{size}", year=2024, organizer=org)
    event = Event.objects.create(competition=competition, name=f"赛项{size}", uses_time=True)
    theory = ScoreComponent.objects.create(event=event, key="theory", name="理论", weight=30, order=0)
    practical = ScoreComponent.objects.create(event=event, key="practical", name="实操", weight=70, order=1)
    batch = 5000
    people = Person.objects.bulk_create([Person(name=f"选手{i}", employer=org) for i in range(size)], batch_size=batch)
    # Few distinct values: many ties on total, and on every key of the cascade.
    entries = Entry.objects.bulk_create(
        [
            Entry(
                event=event,
                person=p,
                delegation=org,
                bib=f"{i:06d}",
                time_minutes=None if i % 10 == 0 else Decimal(rng.randrange(60, 180)) / 2,
            )
            for i, p in enumerate(people)
        ],
        batch_size=batch,
    )
    marks = []
    for e in entries:
        marks.append(Mark(entry=e, component=theory, value=Decimal(rng.randrange(120, 200)) / 2))
        marks.append(Mark(entry=e, component=practical, value=Decimal(rng.randrange(120, 200)) / 2))
    Mark.objects.bulk_create(marks, batch_size=batch)
    return event


def bench_one(size: int, repeat: int) -> None:
    from django.db import connection, transaction

    from competitions.models import Mark, Result
    from competitions.rules import prize_boundaries
    from competitions.selectors.events import event_cascade, event_prize_rules
    from competitions.selectors.results import event_placings_db
    from competitions.services.results import event_compute_results, event_rank_results

    event = build_event(size)
    qn = connection.ops.quote_name
    results_of_event = f"{qn('entry_id')} IN (SELECT id FROM competitions_entry WHERE event_id = %s)"

    def drop_results():
        # Raw: a from-scratch computation each round (the history rows of earlier rounds stay).
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM competitions_result WHERE {results_of_event}", [event.pk])

    one = Mark.objects.filter(entry__event=event).order_by("pk").first()

    def change_one_mark():
        one.value = one.value - 1 if one.value > 60 else one.value + 1
        Mark.objects.filter(pk=one.pk).update(value=one.value)

    def reset_ranks():
        Result.objects.filter(entry__event=event).update(rank=None, tied=False, prize="none")

    def written():
        rows = Result.objects.filter(entry__event=event).values_list("pk", "rank", "tied", "prize")
        return {pk: rest for pk, *rest in rows}

    # The hand-written statements need the results to exist: one computation first (untimed).
    event_compute_results(event=event, by=None)
    settle("directory_person", "competitions_entry", "competitions_mark", "competitions_result",
           "competitions_historicalresult")
    cascade = event_cascade(event)
    rules = event_prize_rules(event)
    rank_sql, rank_params = hand_written_rank_sql(event.pk, connection.vendor)
    n = Result.objects.filter(entry__event=event, entry__status="registered", total__isnull=False).count()
    update_sql, update_params = hand_written_update_sql(event.pk, *prize_boundaries(n, rules)[:3])

    def sql_rank():
        with connection.cursor() as cursor:
            cursor.execute(rank_sql, rank_params)
            return cursor.fetchall()

    def sql_rank_and_prize():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(update_sql, update_params)

    steps = {
        "compute": (lambda: event_compute_results(event=event, by=None), drop_results),
        "recompute": (lambda: event_compute_results(event=event, by=None), change_one_mark),
        "rank": (lambda: event_placings_db(event, cascade), None),
        "SQL rank": (sql_rank, None),
        "rank+prize": (lambda: event_rank_results(event=event, by=None), reset_ranks),
        "SQL r+p": (sql_rank_and_prize, reset_ranks),
    }
    figures: dict[str, list[tuple[float, float]]] = {step: [] for step in steps}
    queries: dict[str, list[int]] = {step: [] for step in steps}
    ratios: dict[str, list[tuple[float, float]]] = {"rank": [], "rank+prize": [], "compute": []}
    for round_ in range(max(1, repeat)):
        values = {}
        for step, (fn, before) in steps.items():
            values[step], wall, work, q = timed(fn, before)
            figures[step].append((wall, work))
            queries[step].append(q)
            if step == "rank+prize" and round_ == 0:
                by_service = written()
            if step == "SQL r+p" and round_ == 0:
                assert by_service == written(), "ranks, ties or prizes differ"
        if round_ == 0:
            placings = values["rank"]
            assert {(p.id, p.rank) for p in placings} == set(map(tuple, values["SQL rank"])), "rankings differ"
        for step, base in (("rank", "SQL rank"), ("rank+prize", "SQL r+p"), ("compute", "SQL r+p")):
            (w, k), (bw, bk) = figures[step][-1], figures[base][-1]
            ratios[step].append((w / bw, k / bk))

    targets = {
        "compute": f"< {COMPUTE_TARGET_S:.0f} s" + (" (at 100k)" if size != 100_000 else ""),
        "rank+prize": f"≤ {WRITE_TARGET_RATIO}× SQL r+p",
    }
    for step in steps:
        wall = statistics.median(f[0] for f in figures[step])
        work = statistics.median(f[1] for f in figures[step])
        q = queries[step]
        q_text = str(q[0]) if len(set(q)) == 1 else f"{min(q)}–{max(q)}"
        r_wall = r_work = ""
        if step in ratios:
            r_wall = f"{statistics.median(r[0] for r in ratios[step]):.2f}x"
            r_work = f"{statistics.median(r[1] for r in ratios[step]):.2f}x"
        verdict = ""
        if step == "compute" and size >= 100_000:
            verdict = "ok" if work < COMPUTE_TARGET_S else "OVER"
        elif step == "rank+prize":
            verdict = "ok" if statistics.median(r[1] for r in ratios[step]) <= WRITE_TARGET_RATIO else "OVER"
        print(
            f"{size:>8} | {step:<10} | {wall:7.3f} | {work:7.3f} | {q_text:>7} | {r_wall:>9} | {r_work:>9} | "
            f"{targets.get(step, ''):<14} | {verdict}"
        )


ORDER = "r.total DESC NULLS LAST, r.time_minutes ASC NULLS LAST, {practical} DESC NULLS LAST, {theory} DESC NULLS LAST"


def _json_number(vendor: str, key: str) -> str:
    if vendor == "postgresql":
        return f"CAST((r.components ->> '{key}') AS numeric)"
    return f"CAST(JSON_EXTRACT(r.components, '$.\"{key}\"') AS NUMERIC)"


def hand_written_rank_sql(event_id: int, vendor: str) -> tuple[str, list]:
    order = ORDER.format(practical=_json_number(vendor, "practical"), theory=_json_number(vendor, "theory"))
    sql = (
        f"SELECT r.id, RANK() OVER (ORDER BY {order}) "
        "FROM competitions_result r JOIN competitions_entry e ON e.id = r.entry_id "
        "WHERE e.event_id = %s AND e.status = 'registered' AND r.total IS NOT NULL"
    )
    return sql, [event_id]


def hand_written_update_sql(event_id: int, c1: int, c2: int, c3: int) -> tuple[str, list]:
    from django.db import connection

    order = ORDER.format(
        practical=_json_number(connection.vendor, "practical"), theory=_json_number(connection.vendor, "theory")
    )
    sql = f"""
        UPDATE competitions_result SET rank = ranked.rnk, tied = ranked.peers > 1,
            prize = CASE WHEN ranked.rnk <= %s THEN 'first' WHEN ranked.rnk <= %s THEN 'second'
                         WHEN ranked.rnk <= %s THEN 'third' ELSE 'none' END
        FROM (
            SELECT id, rnk, COUNT(*) OVER (PARTITION BY rnk) AS peers FROM (
                SELECT r.id, RANK() OVER (ORDER BY {order}) AS rnk
                FROM competitions_result r JOIN competitions_entry e ON e.id = r.entry_id
                WHERE e.event_id = %s AND e.status = 'registered' AND r.total IS NOT NULL
            ) w
        ) ranked
        WHERE competitions_result.id = ranked.id
    """
    return sql, [c1, c2, c3, event_id]


if __name__ == "__main__":
    main()
