"""Benchmark: list pages at a province's size (issue 13), server time and queries per page.

    .venv/bin/python bench/pages.py [--entries 1000000] [--awards 100000] [--db sqlite|postgres|both]
                                    [--repeat 7] [--reuse URL] [--keep] [--pages nominations]

Builds a database of its own — /tmp/jx_bench_<pid>.sqlite3, or the PostgreSQL database
jx_bench_<pid> (PG_HOST, PG_PORT, PG_USER as in .ci/run), dropped afterwards unless --keep —
with ``manage.py build_scale_data``, then requests page 1 of every list page (the entries of the
big competition, people, competitions, awards, the nominations of the campaign) unfiltered, with
one filter and with a name search, and the public results of its 100 000-entry event (signed out;
target 100 ms for the first screen; also without the server's cache, as the first visitor after a
change meets it) and the other public pages; the entries list always without the server's cache (its
table is cached per user and query string: a reload is measured apart, "entries ?event, cached"); logged in as the scale
data's organiser (not a superuser: the scope filters are part of the work). ``--reuse URL``
measures an existing database (migrated first, built only when empty).

Each page is requested --repeat times, round robin over all pages (interleaved), and the median
server time (Django's test client: middleware, view, queries, template) is printed — wall time, the
process's CPU time and the time inside queries — beside the target (PostgreSQL 50 ms, SQLite
100 ms) and beside the same-run baseline: the median time of the login page, requested in the same
rounds, which shows how loaded the machine was. Also the number of queries and of COUNT queries of
each page. On a shared, loaded machine the wall time mostly measures waiting for a core; the
"work" column (CPU + time in queries) is what the page costs.
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
TARGET_MS = {"SQLite": 100, "PostgreSQL": 50}




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--awards", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reuse", help="measure this existing database (DATABASE_URL form)")
    parser.add_argument("--keep", action="store_true", help="keep the database built (its URL is printed)")
    parser.add_argument("--pages", help="measure only the pages whose name starts with this (e.g. nominations, "
                        "or several: awards,competitions); "
                        "the baseline is always measured")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    common = ["--entries", str(args.entries), "--awards", str(args.awards), "--repeat", str(args.repeat)]
    if args.pages:
        common += ["--pages", args.pages]
    if args.reuse:
        run(args.reuse, args, "PostgreSQL" if args.reuse.startswith("postgres") else "SQLite")
        return
    if args.db == "both":
        for db in ("sqlite", "postgres"):
            subprocess.run([sys.executable, __file__, "--db", db, *common, *(["--keep"] if args.keep else [])],
                           check=True)
        return
    pid = os.getpid()
    if args.db == "sqlite":
        path = Path(f"/tmp/jx_bench_{pid}.sqlite3")
        try:
            run(f"sqlite:///{path}", args, "SQLite")
        finally:
            if not args.keep:
                path.unlink(missing_ok=True)
    else:
        name = f"jx_bench_{pid}"
        pg_admin(f"CREATE DATABASE {name}")
        try:
            run(pg_url(name), args, "PostgreSQL")
        finally:
            if not args.keep:
                pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run(url: str, args, label: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))
    import django

    # production settings serve hashed static names from collectstatic's manifest: build one
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="jx-bench-static-"))
    django.setup()
    from django.core.management import call_command as _collect

    _collect("collectstatic", interactive=False, verbosity=0)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from awards.models import Campaign, CampaignStatus
    from competitions.models import Competition
    from directory.models import Organization, Person
    from portal.management.commands.build_scale_data import ORGANISER, ROOT_NAME

    if not Organization.objects.filter(name=ROOT_NAME).exists():
        t = time.perf_counter()
        call_command("build_scale_data", entries=args.entries, awards=args.awards)
        print(f"{label}: build_scale_data --entries {args.entries} --awards {args.awards}: "
              f"{time.perf_counter() - t:.0f} s")
    if args.keep:
        print(f"{label}: database kept: {url}")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=ORGANISER)
    big = Competition.objects.get(slug="scale-1")
    event = big.events.order_by("id").first()
    city = Organization.objects.filter(name__endswith="市总工会", parent__name=ROOT_NAME).order_by("id").first()
    campaign = Campaign.objects.order_by("id").last()
    person = Person.objects.order_by("id")[1234]
    name = person.name
    honour = campaign.honor_types.order_by("id").first()
    pages = [
        ("baseline: login page", "/login/"),
        ("entries", f"/competitions/{big.slug}/entries/"),
        ("entries ?event", f"/competitions/{big.slug}/entries/?event={event.pk}"),
        ("entries ?delegation", f"/competitions/{big.slug}/entries/?delegation={city.pk}"),
        ("entries ?status", f"/competitions/{big.slug}/entries/?status=withdrawn"),
        ("entries ?q=name", f"/competitions/{big.slug}/entries/?q={name}"),
        # the entries pages above are drawn afresh at each request (no server cache: the work of the page);
        # this one as an organiser's reload meets it, its table cached (entry_list_stamps)
        ("entries ?event, cached", f"/competitions/{big.slug}/entries/?event={event.pk}"),
        ("people", "/people/"),
        ("people ?gender", "/people/?gender=F"),
        ("people ?employer", f"/people/?employer={city.pk}"),
        ("people ?q=name", f"/people/?q={name}"),
        ("competitions", "/competitions/"),
        ("competitions ?status", "/competitions/?status=published"),
        ("competitions ?q", "/competitions/?q=大赛"),
        ("awards", "/awards/"),
        ("awards ?year", "/awards/?year=2020"),
        ("awards ?honor_type", f"/awards/?honor_type={honour.pk}"),
        ("awards ?q=name", f"/awards/?q={name}"),
        ("nominations", f"/campaigns/{campaign.pk}/"),
        ("nominations ?status", f"/campaigns/{campaign.pk}/?status=approved"),
        ("nominations ?q=name", f"/campaigns/{campaign.pk}/?q={name}"),
        # anonymous: the public results of the 100 000-entry event (target: first screen < 100 ms)
        ("public results", f"/results/{big.slug}/{event.pk}/"),
        ("public results ?q=name", f"/results/{big.slug}/{event.pk}/?q={name}"),
        ("public results page 2", f"/results/{big.slug}/{event.pk}/?page=2"),
        # the first visitor after a change: no server cache
        ("public results, cold", f"/results/{big.slug}/{event.pk}/"),
        ("public results index", "/results/"),
        ("public results competition", f"/results/{big.slug}/"),
        ("public notices", "/notices/"),
    ]
    notice = Campaign.objects.filter(status=CampaignStatus.NOTICE).order_by("id").first()
    if notice is not None:  # the scale data's campaign is under review; a seed or demo notice when loaded
        pages.append(("public notice", f"/notices/{notice.pk}/"))
    if args.pages:
        pages = [p for p in pages if p[0].startswith(("baseline", *args.pages.split(",")))]
    signed_in = Client()
    signed_in.force_login(user)
    anonymous = Client()

    def get(page, url):  # the public pages signed out, the others signed in
        client = anonymous if url.startswith(("/results/", "/notices/")) else signed_in
        cold = page.endswith(", cold") or (page.startswith("entries") and not page.endswith(", cached"))
        if cold:  # a cache that keeps nothing, for this request only
            with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
                return client.get(url)
        return client.get(url)

    times: dict[str, list[float]] = {p: [] for p, _ in pages}
    cpu: dict[str, list[float]] = {p: [] for p, _ in pages}
    db: dict[str, list[float]] = {p: [] for p, _ in pages}
    queries: dict[str, tuple[int, int, int]] = {}
    measured: dict[str, int] = {}  # queries of a measured round (after the warm-up, with warm caches)
    for p, url in pages:  # warm-up, with the query counts
        with CaptureQueriesContext(connection) as ctx:
            response = get(p, url)
        assert response.status_code == 200, (url, response.status_code)
        sqls = [q["sql"] for q in ctx.captured_queries]
        queries[p] = (len(sqls), sum("COUNT(" in s.upper() for s in sqls), len(response.content))
    for _ in range(args.repeat):
        for p, url in pages:
            with CaptureQueriesContext(connection) as ctx:
                t, c = time.perf_counter(), time.process_time()
                get(p, url)
                times[p].append((time.perf_counter() - t) * 1000)
                cpu[p].append((time.process_time() - c) * 1000)
            db[p].append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
            measured[p] = len(ctx.captured_queries)
    target = TARGET_MS[label]
    base = statistics.median(times[pages[0][0]])
    print(f"\n{label}, {args.entries} entries / {args.awards} awards, median of {args.repeat} interleaved rounds")
    print("ms: wall time; cpu: this process's CPU time (the Python side, and SQLite's work, without the")
    print("time spent waiting for a core on a loaded machine); db: wall time inside the queries;")
    print("work = cpu + db on PostgreSQL (its work is in another process), = cpu on SQLite; judged on work.")
    print("queries (and COUNTs): of the first request; 'a/b' when a measured request made b (a cached page).")
    print(f"{'page':24} {'ms':>8} {'cpu':>7} {'db':>7} {'work':>7} {'target':>6} {'÷base':>6} "
          f"{'queries':>7} {'COUNTs':>6} {'KB':>6}")
    for p, _url in pages:
        ms, c, d = statistics.median(times[p]), statistics.median(cpu[p]), statistics.median(db[p])
        work = c + d if label == "PostgreSQL" else c
        n, counts, size = queries[p]
        n = n if measured[p] == n else f"{n}/{measured[p]}"
        limit = 100 if p.startswith("public") else target
        flag = "" if p.startswith("baseline") else ("  ok" if work < limit else "  OVER")
        print(f"{p:24} {ms:8.1f} {c:7.1f} {d:7.1f} {work:7.1f} {target:6} {ms / base:6.1f} "
              f"{n!s:>7} {counts:6} {size / 1024:6.0f}{flag}")


if __name__ == "__main__":
    main()
