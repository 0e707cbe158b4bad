"""Benchmark of the registration import against a raw openpyxl read of the same file.

    .venv/bin/python bench/import_entries.py [--rows 10000 50000] [--db sqlite|postgres|both]

For each database it makes a throwaway one (SQLite: a temporary file; PostgreSQL: the database
``jiangxin_bench_import`` at postgres://postgres@127.0.0.1:5432/, created and dropped here),
migrates it, creates an organiser, 200 units and a competition with 10 events, writes a
registration sheet of N rows (title row, phones typed as numbers, some Traditional and full-width
unit names) and measures, in one run:

- raw: openpyxl ``load_workbook(read_only=True)`` iterating every row (the baseline);
- import: ``EntryImporter.run`` — reading, validating every row and saving (bulk) — end to end;

as seconds and rows/s, their ratio (target: import ≤ 2× raw), and peak memory: tracemalloc's
peak for each phase (measured in a second, separate pass, because tracing slows Python down) and
the process's ru_maxrss. Each database runs in its own child process (Django reads its settings
once per process).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The production settings (DEBUG off) refuse the repository's development key: a key of our own.
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(32))
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_DB = "jiangxin_bench_import"
UNITS = 200
EVENTS = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--phases", action="store_true", help="also print where the import's time goes")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.database_url, args.rows, phases=args.phases)
        return
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        if db == "sqlite":
            with tempfile.TemporaryDirectory(prefix="jiangxin-bench-") as tmp:
                url = f"sqlite:///{tmp}/bench.sqlite3"
                spawn(db, url, args.rows, args.phases)
        else:
            pg_create()
            try:
                spawn(db, PG_SERVER + PG_DB, args.rows, args.phases)
            finally:
                pg_drop()


def spawn(db: str, url: str, rows: list[int], phases: bool) -> None:
    cmd = [sys.executable, __file__, "--child", db, "--database-url", url, "--rows", *map(str, rows)]
    if phases:
        cmd.append("--phases")
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
        conn.execute(sql)


def pg_create() -> None:
    _pg_admin(f"DROP DATABASE IF EXISTS {PG_DB}")
    _pg_admin(f"CREATE DATABASE {PG_DB}")


def pg_drop() -> None:
    _pg_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


# --- child: one database -------------------------------------------------------------------------


def run_child(db: str, url: str, row_counts: list[int], phases: bool = False) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("JIANGXIN_IMPORT_MAX_ROWS", str(max(row_counts) + 10))
    os.environ.setdefault("JIANGXIN_UPLOAD_MAX_BYTES", str(200 * 1024 * 1024))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # One-time loads (zhconv's Traditional→Simplified table, the stroke-order data) happen on
    # first use in any process; do them here so they are not charged to the first import.
    from core.strokes import stroke_key
    from core.text import match_key

    match_key("繁體單位")
    stroke_key("王")
    world = make_world(row_counts)
    timings = instrument() if phases else None
    print(f"\n== {db} ==")
    print(
        f"{'rows':>7} {'raw s':>7} {'raw rows/s':>11} {'import s':>9} {'import rows/s':>14} {'ratio':>6} "
        f"{'raw peak MB':>12} {'import peak MB':>15}"
    )
    for n in row_counts:
        with tempfile.TemporaryDirectory(prefix="jiangxin-bench-xlsx-") as tmp:
            path = Path(tmp) / f"报名表-{n}.xlsx"
            write_sheet(path, n, world)
            competition = world["competitions"][n]
            raw_s = timed(lambda p=path: raw_read(p))
            gc.collect()
            if timings is not None:
                timings.clear()
            start = time.perf_counter()
            result = import_file(path, competition)
            import_s = time.perf_counter() - start
            if not result.saved:
                raise SystemExit("import failed: " + "; ".join(str(e) for e in result.errors[:5]))
            assert len(result.entries) == n
            if timings is not None:
                print("   phases (s): " + ", ".join(f"{k} {v:.2f}" for k, v in timings.items()))
            # Memory pass: delete what was saved and do both again under tracemalloc.
            undo(competition)
            raw_peak = traced_peak(lambda p=path: raw_read(p))
            import_peak = traced_peak(lambda p=path, c=competition: import_file(p, c))
            undo(competition)
            print(
                f"{n:>7} {raw_s:>7.2f} {n / raw_s:>11.0f} {import_s:>9.2f} {n / import_s:>14.0f} "
                f"{import_s / raw_s:>6.2f} {raw_peak / 2**20:>12.1f} {import_peak / 2**20:>15.1f}"
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (ru_maxrss): {rss:.0f} MB")


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


def timed(fn) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def traced_peak(fn) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def raw_read(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for _row in wb.worksheets[0].iter_rows(values_only=True):
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
