"""Benchmark: ranking and prize allocation of large events, against hand-written SQL.

    .venv/bin/python bench/ranking.py [--sizes 1000 10000 100000] [--db sqlite|postgres|both]

For each size it builds one event (理论 30 % / 实操 70 %, completion time, many ties) in a
database of its own — a temporary SQLite file, or the PostgreSQL database jiangxin_bench_ranking
(created and dropped here; PG_HOST, PG_PORT, PG_USER as in .ci/run) — and measures, with the
number of queries:

  compute   event_compute_results from scratch: marks → totals → ranks → prizes, results written
  recompute the same after one mark changed (only changed rows are written)
  rank      the ORM window query alone (selectors.results.event_placings_db)
  rank+prize ranks and prizes written back, every row changed (services.results.event_rank_results:
            event_placings_db + allocate_prizes + bulk_update_values)
  SQL rank  a hand-written SELECT … RANK() OVER (ORDER BY …) over the same rows
  SQL r+p   a hand-written single UPDATE … FROM (window query) setting rank, tied and prize

and prints the ratios ORM / hand-written SQL. Ranks, ties and prizes are checked to be identical.
Each ranking step runs --repeat times (default 3) and the fastest run is shown.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from databases import pg_admin, pg_url  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
# The production settings (DEBUG off) refuse the repository's development key: a key of our own.
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(32))
BENCH_DB = "jiangxin_bench_ranking"




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each ranking step; the fastest is shown")
    args = parser.parse_args()
    if args.db == "both":
        # Django's settings are configured once per process: one child process per database.
        for db in ("sqlite", "postgres"):
            cmd = [sys.executable, __file__, "--db", db, "--repeat", str(args.repeat), "--sizes", *map(str, args.sizes)]
            subprocess.run(cmd, check=True)
        return
    if args.db == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.sqlite3", args.sizes, "SQLite", args.repeat)
    else:
        pg_admin(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        pg_admin(f"CREATE DATABASE {BENCH_DB}")
        try:
            run(pg_url(BENCH_DB), args.sizes, "PostgreSQL", args.repeat)
        finally:
            pg_admin(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


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
    print(f"\n== {label} ({connection.vendor} {version}) ==")
    header = f"{'entries':>8} | {'step':<10} | {'seconds':>8} | {'queries':>7} | {'vs SQL':>7}"
    print(header)
    print("-" * len(header))
    try:
        for size in sizes:
            bench_one(size, repeat)
    finally:
        connection.close()


def timed(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        value = fn()
        seconds = time.perf_counter() - start
    return value, seconds, len(ctx.captured_queries)


def best(repeat: int, fn, before=None):
    """The fastest of ``repeat`` timed runs (the machine may be shared: the minimum is the signal)."""
    runs = []
    for _ in range(max(1, repeat)):
        if before is not None:
            before()
        runs.append(timed(fn))
    return min(runs, key=lambda r: r[1])


def bench_one(size: int, repeat: int) -> None:
    import random

    from django.db import connection, transaction

    from competitions.models import Competition, Entry, Event, Mark, Result, ScoreComponent
    from competitions.rules import prize_boundaries
    from competitions.selectors.events import event_cascade, event_prize_rules
    from competitions.selectors.results import event_placings_db
    from competitions.services.results import event_compute_results, event_rank_results
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

    def row(step, seconds, queries, versus=""):
        print(f"{size:>8} | {step:<10} | {seconds:>8.3f} | {queries:>7} | {versus:>7}")

    _, s, q = timed(lambda: event_compute_results(event=event, by=None))
    row("compute", s, q)
    one = Mark.objects.filter(entry__event=event).first()
    Mark.objects.filter(pk=one.pk).update(value=one.value - 1 if one.value > 1 else one.value + 1)
    _, s, q = timed(lambda: event_compute_results(event=event, by=None))
    row("recompute", s, q)

    cascade = event_cascade(event)
    rules = event_prize_rules(event)
    placings, orm_rank_s, orm_rank_q = best(repeat, lambda: event_placings_db(event, cascade))
    sql, params = hand_written_rank_sql(event.pk, connection.vendor)

    def sql_rank():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    sql_rows, sql_rank_s, sql_rank_q = best(repeat, sql_rank)
    assert {(p.id, p.rank) for p in placings} == {(pk, rank) for pk, rank in sql_rows}, "rankings differ"
    row("rank", orm_rank_s, orm_rank_q, f"{orm_rank_s / sql_rank_s:.2f}x")
    row("SQL rank", sql_rank_s, sql_rank_q)

    def orm_rank_and_prize():
        # The service's own step (window query, allocate_prizes, bulk write), every row changed.
        return event_rank_results(event=event, by=None)

    def reset():
        Result.objects.filter(entry__event=event).update(rank=None, tied=False, prize="none")

    _, orm_s, orm_q = best(repeat, orm_rank_and_prize, reset)

    def written():
        return {
            pk: rest
            for pk, *rest in Result.objects.filter(entry__event=event).values_list("pk", "rank", "tied", "prize")
        }

    stored = written()

    n = len(placings)
    c1, c2, c3 = prize_boundaries(n, rules)
    update_sql, update_params = hand_written_update_sql(event.pk, c1, c2, c3)

    def sql_rank_and_prize():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(update_sql, update_params)

    _, sql_s, sql_q = best(repeat, sql_rank_and_prize, reset)
    assert stored == written(), "ranks, ties or prizes differ"
    row("rank+prize", orm_s, orm_q, f"{orm_s / sql_s:.2f}x")
    row("SQL r+p", sql_s, sql_q)


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
