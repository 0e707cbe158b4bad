"""Benchmark: the registration import against raw read loops over the same file (issue 13 item 7).

    .venv/bin/python bench/import_entries.py [--rows 1000 10000 50000] [--db sqlite|postgres|both]
                                             [--repeat 5] [--before] [--phases]

For each database it makes a throwaway one with a name of its own — a temporary SQLite file, or the
PostgreSQL database ``<BENCH_DB_PREFIX><pid>_<random>`` (default prefix ``jx_bench_import_``; PG_HOST,
PG_PORT, PG_USER as in bench/databases.py), dropped at the end — so two runs never collide. It
migrates it, creates an organiser, 200 units and a competition with 10 events, writes a registration
sheet of N rows (title row, phones typed as numbers, some Traditional and full-width unit names)
and runs, interleaved, ``--repeat`` rounds of:

- openpyxl: ``load_workbook(read_only=True, data_only=True)`` iterating every row (the baseline);
- calamine: python-calamine iterating every row of the same file (the Rust reader's own floor);
- import:   ``EntryImporter.run`` — upload checks, reading, validating every row, saving (bulk) —
  end to end, then the saved rows deleted for the next round (not timed);
- with ``--before``: the same import with the reader forced onto openpyxl (its fallback path, what
  every import did before python-calamine).

Each figure is the median over the rounds of the work it costs: this process's CPU time, plus on
PostgreSQL its backend's CPU time (read from /proc: the server is on this machine; else the wall
time inside queries); wall time mostly measures waiting for a core on the shared machine. Printed
beside the target (import ≤ 1.0× the openpyxl loop) with the ratio. Memory, in one extra pass:
tracemalloc's peak (Python objects) and the growth of the process's peak RSS (Rust's allocations
too; /proc/self/clear_refs resets it).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from databases import pg_admin, pg_url  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
# The production settings (DEBUG off) refuse the repository's development key: a key of our own.
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(32))
UNITS = 200
EVENTS = 10
TARGET = 1.0  # import ÷ raw openpyxl loop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", action="store_true", help="also time the import on the openpyxl reader")
    parser.add_argument("--phases", action="store_true", help="also print where the import's time goes")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args)
        return
    unique = f"{os.getpid()}_{secrets.token_hex(3)}"
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        if db == "sqlite":
            with tempfile.TemporaryDirectory(prefix="jiangxin-bench-") as tmp:
                spawn(db, f"sqlite:///{tmp}/bench_{unique}.sqlite3", args)
        else:
            name = os.environ.get("BENCH_DB_PREFIX", "jx_bench_import_") + unique
            pg_admin(f"CREATE DATABASE {name}")
            try:
                spawn(db, pg_url(name), args)
            finally:
                pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def spawn(db: str, url: str, args) -> None:
    cmd = [sys.executable, __file__, "--child", db, "--database-url", url, "--repeat", str(args.repeat)]
    cmd += ["--rows", *map(str, args.rows)]
    cmd += ["--before"] * args.before + ["--phases"] * args.phases
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)


# --- child: one database -------------------------------------------------------------------------


def run_child(args) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("JIANGXIN_IMPORT_MAX_ROWS", str(max(args.rows) + 10))
    os.environ.setdefault("JIANGXIN_UPLOAD_MAX_BYTES", str(200 * 1024 * 1024))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    # One-time loads (zhconv's Traditional→Simplified table, the stroke-order data) happen on
    # first use in any process; do them here so they are not charged to the first import.
    from core.strokes import stroke_key
    from core.text import match_key

    match_key("繁體單位")
    stroke_key("王")
    world = make_world(args.rows)
    timings = instrument() if args.phases else None
    pg = args.child == "postgres"
    label = "PostgreSQL" if pg else "SQLite"
    work_is = "CPU of this process + of its PostgreSQL backend" if pg else "CPU"
    print(f"\n== {label}: median of {args.repeat} interleaved rounds; seconds of work = {work_is}")
    names = ["openpyxl", "calamine", "import"] + (["before"] if args.before else [])
    print(
        f"{'rows':>7} " + " ".join(f"{n + ' s':>11}" for n in names) + f" {'import rows/s':>13} {'÷openpyxl':>9} "
        f"{'target':>6} {'÷calamine':>9}" + (f" {'before ÷op':>10}" if args.before else "")
        + f" {'py peak MB':>10} {'RSS+ MB':>8} {'op RSS+':>8}"
    )
    for n in args.rows:
        with tempfile.TemporaryDirectory(prefix="jiangxin-bench-xlsx-") as tmp:
            path = Path(tmp) / f"报名表-{n}.xlsx"
            write_sheet(path, n, world)
            competition = world["competitions"][n]
            runs = {
                "openpyxl": lambda p=path: raw_openpyxl(p),
                "calamine": lambda p=path: raw_calamine(p),
                "import": lambda p=path, c=competition, n=n: checked_import(p, c, n),
                "before": lambda p=path, c=competition, n=n: checked_import(p, c, n, reader="openpyxl"),
            }
            work: dict[str, list[float]] = {k: [] for k in names}
            for round_ in range(args.repeat):
                # Rotate the order so no variant always runs first (caches, the machine's load).
                order = names[round_ % len(names) :] + names[: round_ % len(names)]
                for k in order:
                    if timings is not None:
                        timings.clear()
                    work[k].append(measure(runs[k], connection, pg))
                    if k in ("import", "before"):
                        if timings is not None and k == "import" and round_ == 0:
                            print("   phases, wall s: " + ", ".join(f"{a} {b:.2f}" for a, b in timings.items()))
                        undo(competition)
            med = {k: statistics.median(v) for k, v in work.items()}
            py_peak = traced_peak(runs["import"])
            undo(competition)
            rss = rss_growth(runs["import"])
            undo(competition)
            op_rss = rss_growth(runs["openpyxl"])
            ratio = med["import"] / med["openpyxl"]
            print(
                f"{n:>7} " + " ".join(f"{med[k]:>11.3f}" for k in names) + f" {n / med['import']:>13.0f} "
                f"{ratio:>9.2f} {TARGET:>6.1f} {med['import'] / med['calamine']:>9.1f}"
                + (f" {med['before'] / med['openpyxl']:>10.2f}" if args.before else "")
                + f" {py_peak / 2**20:>10.1f} {rss:>8.0f} {op_rss:>8.0f}"
                + ("  ok" if ratio <= TARGET else "  OVER")
            )


def measure(fn, connection, pg: bool) -> float:
    """The work of one call: this process's CPU seconds, plus on PostgreSQL its server process's.

    The server runs on this machine: its backend's CPU time comes from /proc. Where it cannot be
    read, the wall time inside queries stands in (which also counts waiting for a core)."""
    in_queries = [0.0]

    def timer(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_queries[0] += time.perf_counter() - start

    gc.collect()
    server = _backend_cpu(connection) if pg else None
    with connection.execute_wrapper(timer) if pg else contextlib.nullcontext():
        start = time.process_time()
        fn()
        cpu = time.process_time() - start
    if not pg:
        return cpu
    if server is not None:
        after = _backend_cpu(connection)
        if after is not None:
            return cpu + after - server
    return cpu + in_queries[0]


def _backend_cpu(connection) -> float | None:
    """CPU seconds (user + system) used so far by this connection's PostgreSQL backend, if readable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def checked_import(path: Path, competition, n: int, reader: str = "calamine"):
    import core.spreadsheets.reader as reader_module

    saved = getattr(reader_module, "MAX_DENSE_CELLS", None)  # None: code from before calamine
    if reader == "openpyxl" and saved is not None:
        reader_module.MAX_DENSE_CELLS = -1  # every sheet "too big" for calamine: the openpyxl path
    try:
        result = import_file(path, competition)
    finally:
        if saved is not None:
            reader_module.MAX_DENSE_CELLS = saved
    if not result.saved:
        raise SystemExit("import failed: " + "; ".join(str(e) for e in result.errors[:5]))
    assert len(result.entries) == n
    return result


def instrument() -> dict:
    """Time the importer's phases (read, validate, check across rows, save) in the timing pass."""
    import competitions.importers.entries as entries
    import core.imports as pipeline

    timings: dict[str, float] = {}

    def wrap(owner, name, label):
        original = getattr(owner, name)

        def timed_call(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                timings[label] = timings.get(label, 0.0) + time.perf_counter() - start

        setattr(owner, name, timed_call)

    wrap(pipeline, "read_table", "read")
    wrap(entries.EntryImporter, "_prefetch", "prefetch")
    wrap(entries.EntryImporter, "_validate_rows", "validate")
    wrap(entries.EntryImporter, "_check_across_rows", "across rows")
    wrap(entries.EntryImporter, "save", "save")
    return timings


def traced_peak(fn) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_growth(fn) -> float:
    """How far the process's resident memory rose above where it was, in MB (Linux)."""
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # resets VmHWM, the peak RSS, to the current RSS
    except OSError:
        return float("nan")
    before = _status_mb("VmRSS")
    fn()
    return _status_mb("VmHWM") - before


def raw_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for _row in wb.worksheets[0].iter_rows(values_only=True):
        n += 1
    wb.close()
    return n


def raw_calamine(path: Path) -> int:
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_path(path)
    n = 0
    for _row in wb.get_sheet_by_index(0).iter_rows():
        n += 1
    wb.close()
    return n


def import_file(path: Path, competition):
    from competitions.importers.entries import EntryImporter

    return EntryImporter(competition, force=True).run(path, filename=path.name)


def undo(competition) -> None:
    from competitions.models import Entry
    from directory.models import Person

    person_ids = list(Entry.objects.filter(event__competition=competition).values_list("person_id", flat=True))
    Entry.objects.filter(event__competition=competition).delete()
    for i in range(0, len(person_ids), 5000):
        Person.objects.filter(pk__in=person_ids[i : i + 5000]).delete()


def make_world(row_counts: list[int]) -> dict:
    from competitions.models import Competition, CompetitionStatus
    from competitions.services.events import event_create
    from directory.models import Organization, OrgKind

    root = Organization.objects.create(name="基准测试市总工会", kind=OrgKind.UNION)
    units = [
        Organization.objects.create(name=f"基准测试第{i + 1}机械制造有限公司", parent=root, kind=OrgKind.EMPLOYER)
        for i in range(UNITS)
    ]
    world = {"root": root, "units": units, "competitions": {}}
    for n in row_counts:
        c = Competition.objects.create(
            name=f"基准测试大赛{n}",
            slug=f"bench-{n}",
            year=2025,
            organizer=root,
            status=CompetitionStatus.REGISTRATION,
            start_date=date(2025, 6, 1),
        )
        for i in range(EVENTS):
            event_create(competition=c, by=None, name=f"基准赛项{i + 1}")
        world["competitions"][n] = c
    return world


_TRAD = str.maketrans("机械制造有限公司", "機械製造有限公司")
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def write_sheet(path: Path, n: int, world: dict) -> None:
    """A sheet as units send it: title row, header, phones as numbers, Traditional/full-width names."""
    from openpyxl import Workbook

    from core.idcard import make_demo_id_number

    offset = n * 3  # different people for every size
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("报名表")
    ws.append([f"基准测试大赛{n}报名表"])
    ws.append(
        ["序号", "姓  名", "性别", "民族", "身份证号", "手机号", "工作单位", "职务", "赛项", "代表队", "技能等级"]
    )
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
    units = world["units"]
    for i in range(n):
        k = offset + i
        gender = "M" if k % 2 else "F"
        birth = date(1970 + k % 35, 1 + k % 12, 1 + k % 28)
        number = make_demo_id_number(str(110101 + (k // 500) % 800000), birth, k % 500, gender)
        unit = units[k % UNITS].name
        if k % 7 == 0:
            unit = unit.translate(_TRAD)
        elif k % 11 == 0:
            unit = unit.translate(_FULL)
        name = surnames[k % 20] + given[(k // 20) % 20] + given[(k // 400) % 20]
        phone = 13000000000 + k if k % 2 else f"139{k % 100_000_000:08d}"
        ws.append(
            [
                i + 1,
                name,
                "男" if gender == "M" else "女",
                "汉族",
                number,
                phone,
                unit,
                "技术员",
                f"基准赛项{k % EVENTS + 1}",
                None,
                "高级工",
            ]
        )
    wb.save(path)


if __name__ == "__main__":
    main()
