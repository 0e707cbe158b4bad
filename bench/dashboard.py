"""Benchmark: the 统计看板 of the root union with 100 000 entries and 20 000 awards.

    .venv/bin/python bench/dashboard.py [--entries 100000] [--awards 20000] [--db sqlite|postgres|both] [--runs 7]

Builds its own data in a database of its own (a temporary SQLite file, or the PostgreSQL database
jiangxin_bench_dashboard, created and dropped here; PG_HOST, PG_PORT, PG_USER as in .ci/run): a
tree of 611 organisations (root, 10 provinces, 100 cities, 500 employers), 60 000 people, 20 000
awards (four in five to people, the rest to employers) over six years and 12 honours, 60 tallies,
200 competitions with 1 000 events and the entries spread over them (each with a result and a
prize), and two campaigns in progress with places, a composition rule and nominations.

It then measures, runs interleaved and the median shown (the machine is shared: the ratios of one
run are the signal, not the absolute times):

  page       GET /dashboard/?org=<root>&year=2024 through Django's test client, logged in as a
             superuser: the whole response (queries, nine pygal charts, template), the charts drawn
             anew each time (their cache emptied first) — target < 300 ms
  page again the same request with the charts from the cache (portal.charts keeps drawn SVGs:
             same numbers, same picture), as when a dashboard is opened again
  selector   portal.selectors.dashboard.dashboard(root, 2024) alone
  baseline   the same counts done in Python over the rows (what the database's GROUP BY replaces):
             every active award and tally, every registered entry with its competition and prize,
             read and counted with collections.Counter

with the number of queries of each. The page's query count is also checked to be the same on a
tenth of the data (a fixed number of queries).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from databases import pg_admin, pg_url  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
# The production settings (DEBUG off) refuse the repository's development key: a key of our own.
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(32))
BENCH_DB = "jiangxin_bench_dashboard"
TARGET_MS = 300




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--awards", type=int, default=20_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--runs", type=int, default=7, help="interleaved runs of each measurement; medians shown")
    args = parser.parse_args()
    if args.db == "both":
        for db in ("sqlite", "postgres"):
            cmd = [sys.executable, __file__, "--db", db, "--runs", str(args.runs)]
            cmd += ["--entries", str(args.entries), "--awards", str(args.awards)]
            subprocess.run(cmd, check=True)
        return
    if args.db == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.sqlite3", args, "SQLite")
    else:
        pg_admin(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        pg_admin(f"CREATE DATABASE {BENCH_DB}")
        try:
            run(pg_url(BENCH_DB), args, "PostgreSQL")
        finally:
            pg_admin(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def run(url: str, args, label: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    # production settings serve hashed static names from collectstatic's manifest: build one
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="jx-bench-static-"))
    django.setup()
    from django.core.management import call_command as _collect

    _collect("collectstatic", interactive=False, verbosity=0)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    version = connection.Database.sqlite_version if connection.vendor == "sqlite" else connection.pg_version
    print(f"\n== {label} ({connection.vendor} {version}) ==")
    try:
        small_root = build(args.entries // 10, args.awards // 10, prefix="小")
        root = build(args.entries, args.awards, prefix="")
        measure(root, small_root, args)
    finally:
        connection.close()


def build(n_entries: int, n_awards: int, *, prefix: str):
    """The data described in the module docstring, under a root of its own; returns the root."""
    import random
    from decimal import Decimal

    from django.db import transaction

    from awards.models import (
        Award,
        AwardTally,
        Campaign,
        CampaignStatus,
        CompositionFlag,
        CompositionRule,
        HonorType,
        Nomination,
        NominationStatus,
        Quota,
        RecipientKind,
    )
    from competitions.models import Competition, CompetitionKind, Entry, Event, Level, Prize, Result
    from directory.models import Organization, OrgKind, Person

    started = time.perf_counter()
    rng = random.Random(n_entries)
    batch = 5000
    years = list(range(2019, 2025))
    with transaction.atomic():
        root = Organization.objects.create(name=f"{prefix}基准总工会")
        provinces = [Organization.objects.create(name=f"{prefix}省总工会{i}", parent=root) for i in range(10)]
        cities = [
            Organization.objects.create(name=f"{prefix}市总工会{p.pk}-{i}", parent=p)
            for p in provinces
            for i in range(10)
        ]
        employers = [
            Organization.objects.create(name=f"{prefix}企业{c.pk}-{i}", parent=c, kind=OrgKind.EMPLOYER)
            for c in cities
            for i in range(5)
        ]
        honours = []
        for i, (level, kind) in enumerate(
            [(lv, k) for lv in (Level.NATIONAL, Level.PROVINCIAL, Level.CITY) for k in RecipientKind.values] * 2
        ):
            honours.append(
                HonorType.objects.create(
                    name=f"{prefix}基准荣誉{i}", series=f"系列{i}", level=level, recipient_kind=kind, precedence=i
                )
            )
        individual = [h for h in honours if h.recipient_kind == RecipientKind.INDIVIDUAL]
        collective = [h for h in honours if h.recipient_kind == RecipientKind.COLLECTIVE]
        n_people = max(n_entries * 6 // 10, n_awards)
        people = Person.objects.bulk_create(
            [Person(name=f"{prefix}职工{i}", employer=employers[i % len(employers)]) for i in range(n_people)],
            batch_size=batch,
        )
        awards = []
        n_collective = n_awards // 5
        for i in range(n_awards - n_collective):
            person = people[i % len(people)]
            honour = individual[(i // len(people)) % len(individual)]
            awards.append(
                Award(honor_type=honour, person=person, year=years[i % len(years)], recipient_name=person.name)
            )
        combos = [(e, h, y) for e in employers for h in collective for y in years]
        rng.shuffle(combos)
        for e, h, y in combos[:n_collective]:
            awards.append(Award(honor_type=h, organization=e, year=y, recipient_name=e.name))
        Award.objects.bulk_create(awards, batch_size=batch)
        AwardTally.objects.bulk_create(
            [
                AwardTally(honor_type=honours[i % len(honours)], year=years[i % 6], organization=cities[i], count=i + 1)
                for i in range(60)
            ]
        )

        competitions = [
            Competition.objects.create(
                name=f"{prefix}基准竞赛{i}",
                slug=f"{prefix and 'small-'}bench-dashboard-{i}",
                year=years[i % len(years)],
                kind=list(CompetitionKind)[i % 4],
                organizer=[root, *provinces, *cities][i % 111],
            )
            for i in range(200)
        ]
        events = Event.objects.bulk_create(
            [Event(competition=c, name=f"赛项{j}") for c in competitions for j in range(5)], batch_size=batch
        )
        per_event = max(1, n_entries // len(events))
        entries = []
        for k, event in enumerate(events):
            start = (k * per_event) % len(people)
            for j in range(per_event):
                person = people[(start + j) % len(people)]
                entries.append(Entry(event=event, person=person, delegation_id=person.employer_id))
        entries = Entry.objects.bulk_create(entries, batch_size=batch)
        prizes = [Prize.FIRST] * 1 + [Prize.SECOND] * 2 + [Prize.THIRD] * 3 + [Prize.MERIT] * 2 + [Prize.NONE] * 2
        Result.objects.bulk_create(
            [Result(entry=e, prize=prizes[i % len(prizes)], rank=i % 100 + 1) for i, e in enumerate(entries)],
            batch_size=batch,
        )
        for c in range(2):
            campaign = Campaign.objects.create(
                name=f"{prefix}基准评选{c}", conferring_org=root, year=2024, status=CampaignStatus.NOMINATING
            )
            campaign.honor_types.add(individual[0])
            for p in provinces:
                Quota.objects.create(campaign=campaign, nominating_org=p, honor_type=individual[0], places=10)
            CompositionRule.objects.create(
                campaign=campaign, honor_type=individual[0], flag=CompositionFlag.FEMALE, min_share=Decimal("0.3")
            )
            Nomination.objects.bulk_create(
                [
                    Nomination(
                        campaign=campaign,
                        honor_type=individual[0],
                        nominating_org=provinces[i % 10],
                        person=people[i],
                        status=NominationStatus.SUBMITTED,
                    )
                    for i in range(50)
                ]
            )
    print(
        f"built {prefix or '大'}数据: {len(entries)} entries, {len(awards)} awards, {len(people)} people "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return root


def python_counts(root) -> dict:
    """The baseline: the dashboard's counts made in Python from the rows (no GROUP BY)."""
    from collections import Counter

    from awards.models import Award, AwardStatus, AwardTally
    from competitions.models import Entry, EntryStatus

    awards = Counter()
    for year, honour in (
        Award.objects.filter(status=AwardStatus.ACTIVE)
        .filter(person__employer__path__startswith=root.path)
        .values_list("year", "honor_type_id")
        .iterator()
    ):
        awards[(year, honour)] += 1
    for year, honour in (
        Award.objects.filter(status=AwardStatus.ACTIVE, organization__path__startswith=root.path)
        .values_list("year", "honor_type_id")
        .iterator()
    ):
        awards[(year, honour)] += 1
    tallies = Counter()
    for year, honour, count in AwardTally.objects.filter(organization__path__startswith=root.path).values_list(
        "year", "honor_type_id", "count"
    ):
        tallies[(year, honour)] += count
    by_kind, people, by_event = Counter(), {}, Counter()
    for year, kind, event, person, prize in (
        Entry.objects.filter(event__competition__organizer__path__startswith=root.path, status=EntryStatus.REGISTERED)
        .values_list("event__competition__year", "event__competition__kind", "event_id", "person_id", "result__prize")
        .iterator()
    ):
        by_kind[(year, kind)] += 1
        people.setdefault((year, kind), set()).add(person)
        if year == 2024:
            by_event[(event, prize)] += 1
    return {"awards": awards, "tallies": tallies, "by_kind": by_kind, "by_event": by_event}


def measure(root, small_root, args) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal import charts
    from portal.selectors.dashboard import dashboard

    user = get_user_model().objects.create_superuser("bench-dashboard", password="x")
    client = Client()
    client.force_login(user)

    def page(org):
        def get():
            response = client.get("/dashboard/", {"org": org.pk, "year": 2024})
            assert response.status_code == 200, response.status_code
            return response

        return get

    def cold():
        charts._render.cache_clear()
        return page(root)()

    steps = {
        "page": cold,
        "page again": page(root),
        "selector": lambda: dashboard(root, 2024),
        "baseline": lambda: python_counts(root),
    }
    times = {name: [] for name in steps}
    queries = {}
    for fn in steps.values():  # warm-up (template loading, pygal import, caches)
        fn()
    for _ in range(args.runs):
        for name, fn in steps.items():
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                fn()
                times[name].append((time.perf_counter() - start) * 1000)
            queries[name] = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as small:
        page(small_root)()

    header = f"{'step':<10} | {'median ms':>9} | {'min ms':>7} | {'queries':>7} | {'target':>9} | {'vs baseline':>11}"
    print(header)
    print("-" * len(header))
    base = statistics.median(times["baseline"])
    for name in steps:
        median = statistics.median(times[name])
        target = f"< {TARGET_MS} ms" if name.startswith("page") else ""
        ratio = "" if name == "baseline" else f"{median / base:.2f}x"
        print(
            f"{name:<10} | {median:>9.1f} | {min(times[name]):>7.1f} | {queries[name]:>7} | {target:>9} | {ratio:>11}"
        )
    for name in ("page", "page again"):
        verdict = "met" if statistics.median(times[name]) < TARGET_MS else "NOT met"
        print(f"{name}: target {TARGET_MS} ms {verdict}")
    same = "same" if len(small) == queries["page"] else f"DIFFERENT ({len(small)})"
    print(f"page queries with a tenth of the data: {len(small)} ({same} number)")


if __name__ == "__main__":
    main()
