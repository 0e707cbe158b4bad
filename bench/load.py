"""Load benchmark (issue 14): the production server under concurrent clients, on this machine only.

    .venv/bin/python bench/load.py [--clients 50] [--duration 60] [--workers 4]
                                   [--db auto|postgres|sqlite] [--redis auto|on|off]
                                   [--redis-db 8] [--pg-db-prefix jx_load]
                                   [--people 50000] [--entries 100000] [--awards 20000] [--keep]

Builds a database of its own (PostgreSQL `jx_load_<pid>`, --pg-db-prefix, when it answers at PG_HOST:PG_PORT, else
an SQLite file under /tmp), migrates it, loads the seed fixtures and the demo accounts, adds the
scale data with `manage.py build_scale_data` (when that command exists; otherwise says so and
measures the demo data only), collects the static files, then starts — on 127.0.0.1 and a free
port — gunicorn (`config/gunicorn.py`, --workers processes) and one job worker (`db_worker`, or
`rqworker` on Redis db 9 when Redis answers; the cache and sessions then use Redis db 8), all with
the production settings (DEBUG=false; plain http on loopback, so without the https redirect).

Then --clients threads (each its own connection through the standard library's http.client, sharing
one organiser session: a third of httpx's CPU per request, and the generator shares the machine with
the server it measures) request for
--duration seconds, bounded by time and by --max-requests per client, a mix of: the public notice
page, the public results page of the biggest event, the entries list filtered by event and status,
the organiser's home page; client 0 instead starts a roster export of every award as a background
job, polls it every second until it is done and downloads the file, again and again.

Prints requests/s, p50/p95/p99/max per page, server errors (5xx), failed requests, the export jobs'
completion times, the number of SQL queries of each page (measured once, in process), and where the
machine's CPU went during the load (the server, the job worker, PostgreSQL, Redis, the generator itself;
read from /proc, so on Linux only). Exits 1
on any server error or failed request (and, with --max-p95-ms, when a page's p95 is over it).
Everything it started is stopped and its database dropped (unless --keep).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from databases import pg_admin, pg_url  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"  # loopback only: nothing here ever talks to another address
PAGES = {  # page: weight in the mix of the page clients
    "公示页（公开）": 3,
    "成绩公布·竞赛（公开）": 2,
    "成绩公布·赛项（公开）": 2,
    "报名名单（按赛项、状态筛选）": 2,
    "组织者首页": 2,
}
BIGGEST = "成绩公布·最大赛项（单次）"


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {text}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((HOST, port)) == 0




def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


class Session:
    """GET requests of one client over its own connection, with the organiser's cookies. gunicorn's sync
    workers close each connection after one response (as behind a proxy), so this reconnects as told."""

    def __init__(self, base: str, cookies: dict, timeout: float):
        parts = urlsplit(base)
        self.address = (parts.hostname, parts.port)
        self.headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None

    def get(self, path: str) -> tuple[int, http.client.HTTPMessage, bytes]:
        """(status, headers, body); raises OSError or http.client.HTTPException when there is no answer."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(*self.address, timeout=self.timeout)
        try:
            self.connection.request("GET", path, headers=self.headers)
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.will_close:
            self.close()
        return response.status, response.headers, body

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


NO_ANSWER = (OSError, http.client.HTTPException)
CPU_GROUPS = ("gunicorn", "job worker", "PostgreSQL", "Redis", "load generator (this script)")


def cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far (with waited-for children) by each of CPU_GROUPS, from /proc; {} elsewhere."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    totals: dict[str, float] = defaultdict(float)
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(pid) == os.getpid():
            group = CPU_GROUPS[4]
        elif "gunicorn" in command:
            group = CPU_GROUPS[0]
        elif "rqworker" in command or "db_worker" in command:
            group = CPU_GROUPS[1]
        elif command.startswith("postgres") or command.split(" ", 1)[0].endswith("/postgres"):
            group = CPU_GROUPS[2]  # the backends, and the postmaster with the ones that ended (waited for)
        elif command.startswith("redis-server") or "/redis-server" in command:
            group = CPU_GROUPS[3]
        else:
            continue
        # utime, stime, cutime, cstime: fields 14-17 of stat, 12-15 after the command's ")"
        totals[group] += sum(int(value) for value in fields[11:15]) / ticks
    return dict(totals)


class Setup:
    """The database, the data, the environment and the two server processes; undone by ``close``."""

    def __init__(self, args):
        self.args = args
        self.procs: list[subprocess.Popen] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="jx_load_"))
        self.pg_db = None
        use_pg = args.db == "postgres" or (args.db == "auto" and answers(int(os.environ.get("PG_PORT", "5432"))))
        if use_pg:
            self.pg_db = f"{args.pg_db_prefix}_{os.getpid()}"
            pg_admin(f'DROP DATABASE IF EXISTS "{self.pg_db}"')
            pg_admin(f'CREATE DATABASE "{self.pg_db}"')
            database_url = pg_url(self.pg_db)
        else:
            database_url = f"sqlite:///{self.tmp / 'db.sqlite3'}"
        self.db_label = "PostgreSQL" if use_pg else "SQLite"
        self.redis = args.redis == "on" or (args.redis == "auto" and answers(6379))
        self.env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
            "DATABASE_URL": database_url,
            "CONN_MAX_AGE": "60",
            "STATIC_ROOT": str(self.tmp / "static"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "LOG_LEVEL": "WARNING",
            "REQUEST_LOG_LEVEL": "WARNING",  # 50 clients × 60 s of request lines would drown the figures
            "JIANGXIN_DEMO_PASSWORD": "jiangxin-demo",
        }
        for name in ("REDIS_URL", "JIANGXIN_TASKS", "JIANGXIN_QUEUE_URL"):
            self.env.pop(name, None)
        if self.redis:
            self.env["REDIS_URL"] = f"redis://{HOST}:6379/{args.redis_db}"
            self.env["JIANGXIN_QUEUE_URL"] = f"redis://{HOST}:6379/{args.redis_db + 1}"
            import redis

            for db in (args.redis_db, args.redis_db + 1):
                redis.Redis(host=HOST, port=6379, db=db).flushdb()
        self.scaled = False

    def manage(self, *argv: str, quiet: bool = True) -> str:
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *argv],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise SystemExit(f"manage.py {' '.join(argv)} failed:\n{result.stdout}\n{result.stderr}")
        if not quiet:
            print(result.stdout.strip())
        return result.stdout

    def build(self) -> None:
        args = self.args
        say(f"database: {self.db_label}; Redis: {'yes (cache, sessions, RQ queue)' if self.redis else 'no'}")
        self.manage("migrate", "--noinput")
        fixtures = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
        self.manage("loaddata", *fixtures)
        self.manage("setup_demo")
        has_scale = (ROOT / "portal" / "management" / "commands" / "build_scale_data.py").exists()
        if has_scale and args.entries:
            say(f"build_scale_data: {args.people} people, {args.entries} entries, {args.awards} awards …")
            started = time.perf_counter()
            self.manage(
                "build_scale_data",
                "--people", str(args.people),
                "--entries", str(args.entries),
                "--awards", str(args.awards),
                "--password", "jiangxin-demo",
            )
            self.scaled = True
            say(f"scale data built in {time.perf_counter() - started:.0f} s")
        elif args.entries:
            say("build_scale_data is not available in this tree: measuring the demo fixtures only")
        self.manage("collectstatic", "--noinput")

    def start(self) -> str:
        args = self.args
        if self.redis:
            worker = ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]
        else:
            worker = ["db_worker", "--no-reload", "--interval", "0.5", "--no-startup-delay"]
        self.procs.append(
            subprocess.Popen(
                [sys.executable, str(ROOT / "manage.py"), *worker],
                cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=open(self.tmp / "worker.log", "w"),  # noqa: SIM115
            )
        )
        port = free_port()
        env = {**self.env, "GUNICORN_BIND": f"{HOST}:{port}", "WEB_CONCURRENCY": str(args.workers),
               "GUNICORN_LOG_LEVEL": "warning"}
        if not self.scaled:
            env["JIANGXIN_JOB_THRESHOLD_ROWS"] = "5"  # the demo roster is small: still export it as a job
        self.procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(self.tmp / "gunicorn.log", "w"),  # noqa: SIM115
            )
        )
        base = f"http://{HOST}:{port}"
        import httpx

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/healthz", timeout=5).status_code == 200:
                    say(f"gunicorn ({args.workers} workers) and {worker[0]} up at {base}")
                    return base
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise SystemExit("gunicorn did not answer /healthz within 60 s:\n" + (self.tmp / "gunicorn.log").read_text())

    def close(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        if not self.args.keep:
            if self.pg_db:
                from django.conf import settings

                if settings.configured:  # a build that failed never set Django up
                    from django.db import connections

                    connections.close_all()
                pg_admin(f'DROP DATABASE IF EXISTS "{self.pg_db}" WITH (FORCE)')
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            say(f"kept: {self.env['DATABASE_URL']} and {self.tmp}")


def discover(setup: Setup) -> tuple[dict[str, str], str, dict[str, int], str]:
    """The URLs of the mix, the export URL and each page's number of queries (in process)."""
    os.environ.update(setup.env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from awards.models import Campaign, CampaignStatus
    from competitions.models import Competition, EntryStatus, Event

    username = "scale-organiser" if setup.scaled else "demo"
    notice = Campaign.objects.filter(status=CampaignStatus.NOTICE).order_by("pk").first()
    published = list(Event.objects.filter(results_published=True).annotate(n=Count("entries")).order_by("-n", "pk"))
    # the mix: an ordinary published event (the second largest); the largest is measured once apart
    big_event = published[0]
    event = published[1] if len(published) > 1 else published[0]
    managed = (
        Competition.objects.annotate(n=Count("events__entries")).filter(n__gt=0).order_by("-n", "pk").first()
    )
    managed_event = Event.objects.filter(competition=managed).annotate(n=Count("entries")).order_by("-n").first()
    urls = {
        "公示页（公开）": f"/notices/{notice.pk}/" if notice else "/notices/",
        "成绩公布·竞赛（公开）": f"/results/{big_event.competition.slug}/",
        "成绩公布·赛项（公开）": f"/results/{event.competition.slug}/{event.pk}/",
        "报名名单（按赛项、状态筛选）": f"/competitions/{managed.slug}/entries/?event={managed_event.pk}"
        f"&status={EntryStatus.values[0]}",
        "组织者首页": "/",
    }
    export_url = "/awards/export/"
    client = Client(HTTP_HOST=HOST)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    queries = {}
    once = {**urls, BIGGEST: f"/results/{big_event.competition.slug}/{big_event.pk}/"}
    for name, url in once.items():
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        queries[name] = len(ctx.captured_queries)
        if response.status_code != 200:
            raise SystemExit(f"{name} {url} answered {response.status_code} before the run")
        if name == BIGGEST:
            say(f"{name}: {big_event.n} entries, {len(response.content) // 1024} KB, "
                f"{(time.perf_counter() - started) * 1000:.0f} ms in process, {queries[name]} queries")
    say("the mix: " + "; ".join(f"{name} {url}" for name, url in urls.items()))
    connection.close()
    return urls, export_url, queries, username


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.server_errors: dict[str, int] = defaultdict(int)
        self.failed: dict[str, int] = defaultdict(int)
        self.job_seconds: list[float] = []
        self.job_failures: list[str] = []

    def add(self, page: str, seconds: float, status: int | None) -> None:
        with self.lock:
            if status is None:
                self.failed[page] += 1
            else:
                self.times[page].append(seconds)
                if status >= 500:
                    self.server_errors[page] += 1


def page_client(base, cookies, urls, stop_at, recorder, seed, max_requests):
    rng = random.Random(seed)
    names = list(urls)
    weights = [PAGES[n] for n in names]
    client = Session(base, cookies, timeout=30)
    try:
        for _ in range(max_requests):
            if time.monotonic() >= stop_at:
                return
            name = rng.choices(names, weights)[0]
            started = time.perf_counter()
            try:
                status, _headers, _body = client.get(urls[name])
                recorder.add(name, time.perf_counter() - started, status)
            except NO_ANSWER:
                recorder.add(name, time.perf_counter() - started, None)
    finally:
        client.close()


def export_client(base, cookies, export_url, stop_at, recorder, job_wait):
    """Start a roster export (a background job), poll it each second until done, download, repeat."""
    import json

    client = Session(base, cookies, timeout=30)
    try:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                code, headers, _body = client.get(export_url)
            except NO_ANSWER:
                recorder.add("导出表彰名单（启动任务）", time.perf_counter() - started, None)
                return
            recorder.add("导出表彰名单（启动任务）", time.perf_counter() - started, code)
            location = headers.get("location", "")
            if code != 302 or not re.match(r"^/jobs/[0-9a-f-]+/$", location):
                recorder.job_failures.append(f"export answered {code} {location!r} (not a job)")
                return
            give_up = time.monotonic() + job_wait  # bounded: a job still running then is reported
            state = {}
            while time.monotonic() < give_up:
                time.sleep(1)
                t0 = time.perf_counter()
                try:
                    code, _headers, body = client.get(location + "status/")
                except NO_ANSWER:
                    recorder.add("任务进度（JSON）", time.perf_counter() - t0, None)
                    continue
                recorder.add("任务进度（JSON）", time.perf_counter() - t0, code)
                state = json.loads(body) if code == 200 else {}
                if state.get("finished"):
                    break
            if state.get("status") != "succeeded":
                recorder.job_failures.append(f"job {location} ended as {state.get('status')!r}: {state.get('message')}")
                return
            recorder.job_seconds.append(time.perf_counter() - started)
            t0 = time.perf_counter()
            try:
                code, _headers, _body = client.get(location + "download/")
            except NO_ANSWER:
                code = None
            recorder.add("下载任务文件", time.perf_counter() - t0, code)
    finally:
        client.close()


def serial_baseline(base, cookies, urls, rounds: int) -> dict[str, float]:
    """Median ms of each page for one client alone (round robin): the same run's yardstick of how
    loaded the shared machine is, beside the figures under load."""
    times: dict[str, list[float]] = defaultdict(list)
    client = Session(base, cookies, timeout=60)
    try:
        for _ in range(rounds):
            for name, url in urls.items():
                started = time.perf_counter()
                client.get(url)
                times[name].append((time.perf_counter() - started) * 1000)
    finally:
        client.close()
    return {name: statistics.median(values) for name, values in times.items()}


def login(base: str, username: str) -> dict:
    import httpx

    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = client.post(
            "/login/", data={"username": username, "password": "jiangxin-demo", "csrfmiddlewaretoken": token}
        )
        if response.status_code != 302:
            raise SystemExit(f"login as {username} failed ({response.status_code})")
        return dict(client.cookies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--db", choices=["auto", "postgres", "sqlite"], default="auto")
    parser.add_argument("--redis", choices=["auto", "on", "off"], default="auto")
    parser.add_argument("--redis-db", type=int, default=8, help="Redis db for cache/sessions (+1 for the queue)")
    parser.add_argument("--pg-db-prefix", default="jx_load", help="the PostgreSQL database is <prefix>_<pid>")
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--awards", type=int, default=20_000)
    parser.add_argument("--max-requests", type=int, default=100_000, help="per client, a bound besides the time")
    parser.add_argument("--job-wait", type=float, default=300, help="longest wait for one export job, seconds")
    parser.add_argument("--max-p95-ms", type=float, default=None, help="also fail when a page's p95 is over this")
    parser.add_argument("--serial", type=int, default=5, help="rounds of the one-client baseline before and after")
    parser.add_argument("--keep", action="store_true", help="keep the database and the files")
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 0 < args.duration <= 600:
        parser.error("clients 1–200 and duration up to 600 s")

    setup = Setup(args)
    try:
        setup.build()
        urls, export_url, queries, username = discover(setup)
        base = setup.start()
        cookies = login(base, username)
        say(f"logged in as {username}; one client alone first (each page {args.serial} times, round robin) …")
        serial = serial_baseline(base, cookies, urls, args.serial)
        recorder = Recorder()
        say(f"{args.clients} clients for {args.duration:.0f} s …")
        started = time.monotonic()
        cpu_before = cpu_seconds()
        stop_at = started + args.duration
        threads = [threading.Thread(target=export_client, args=(base, cookies, export_url, stop_at, recorder,
                                                                args.job_wait), daemon=True)]
        threads += [
            threading.Thread(target=page_client, args=(base, cookies, urls, stop_at, recorder, i, args.max_requests),
                             daemon=True)
            for i in range(1, args.clients)
        ]
        for t in threads:
            t.start()
        for t in threads[1:]:
            t.join(timeout=args.duration + 60)
        load_seconds = time.monotonic() - started
        cpu_after = cpu_seconds()
        cpu = {group: cpu_after.get(group, 0.0) - cpu_before.get(group, 0.0) for group in CPU_GROUPS if cpu_after}
        threads[0].join(timeout=args.job_wait + 30)  # the last export may finish after the page load ended
        serial_after = serial_baseline(base, cookies, urls, args.serial)
        return report(args, setup, recorder, load_seconds, queries, urls, serial, serial_after, cpu)
    finally:
        setup.close()


def report(args, setup, recorder: Recorder, seconds: float, queries: dict[str, int], urls: dict[str, str],
           serial: dict[str, float], serial_after: dict[str, float], cpu: dict[str, float]) -> int:
    total = sum(len(v) for v in recorder.times.values())
    errors = sum(recorder.server_errors.values())
    failed = sum(recorder.failed.values())
    print()
    data = f"{args.people} people / {args.entries} entries / {args.awards} awards" if setup.scaled else "demo fixtures"
    print(f"== {args.clients} clients, {seconds:.0f} s, gunicorn {args.workers} workers, {setup.db_label}, "
          f"Redis {'on' if setup.redis else 'off'}, data: {data} ==")
    print(f"requests: {total} in {seconds:.1f} s = {total / seconds:.1f} requests/s; "
          f"server errors (5xx): {errors}; failed (no answer): {failed}")
    print(f"{'page':<26}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'5xx':>6}{'queries':>9}"
          f"{'alone ms':>10}{'after':>7}")
    worst_p95 = 0.0
    for name in [*urls, "导出表彰名单（启动任务）", "任务进度（JSON）", "下载任务文件", BIGGEST]:
        if name == BIGGEST:
            print(f"{BIGGEST}: {queries[BIGGEST]} queries (not in the mix; see above)")
            continue
        times = [t * 1000 for t in recorder.times.get(name, [])]
        if not times and name not in urls:
            continue
        p95 = percentile(times, 95)
        if name in urls:
            worst_p95 = max(worst_p95, p95)
        label = name + " " * max(1, 26 - 2 * len(name))  # CJK characters take two columns
        print(f"{label}{len(times):>7}{percentile(times, 50):>9.0f}{p95:>9.0f}{percentile(times, 99):>9.0f}"
              f"{max(times, default=float('nan')):>9.0f}{recorder.server_errors.get(name, 0):>6}"
              f"{queries.get(name, ''):>9}"
              + (f"{serial[name]:>10.0f}{serial_after[name]:>7.0f}" if name in serial else ""))
    if recorder.job_seconds:
        done = recorder.job_seconds
        print(f"export jobs ({args.awards if setup.scaled else 'demo'} awards): {len(done)} done; "
              f"completion median {statistics.median(done):.1f} s, max {max(done):.1f} s")
    for failure in recorder.job_failures:
        print(f"export job problem: {failure}")
    print(f"worst page p95: {worst_p95:.0f} ms (target < 500 ms); 'alone': median of one client by itself before "
          "and after the load (the shared machine's yardstick); figures as measured")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine load average (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    if cpu:
        spent = sum(cpu.values())
        print(f"CPU during the load, {spent:.1f} core-seconds of {seconds * (os.cpu_count() or 1):.0f}: "
              + "; ".join(f"{group} {value:.1f}" for group, value in cpu.items())
              + f"; per request {spent / max(total, 1) * 1000:.1f} ms, of which gunicorn "
              f"{cpu.get('gunicorn', 0) / max(total, 1) * 1000:.1f} ms")
    bad = errors or failed or recorder.job_failures
    if args.max_p95_ms is not None and worst_p95 > args.max_p95_ms:
        print(f"FAIL: a page's p95 is over {args.max_p95_ms:.0f} ms")
        return 1
    if bad:
        print("FAIL: server errors, failed requests or failed export jobs")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
