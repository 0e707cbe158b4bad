"""Benchmark: the 表彰名单 export against raw write loops over the same rows (issue 13, items 5 and 7).

    .venv/bin/python bench/export_roster.py [--sizes 1000 10000 100000] [--db sqlite|postgres|both]
                                            [--pairs 5] [--pg-url postgres://postgres@127.0.0.1:5432]
                                            [--pg-db-prefix jx_bench_export]

For each database it creates its own store — ``/tmp/jx_bench_export_<pid>.sqlite3``, or the
PostgreSQL database ``<prefix>_<pid>`` (unique per run, dropped at the end) — migrates it, and grows
one data set to each size in turn (people and awards of two honours, written in batches:
executemany on SQLite, COPY on PostgreSQL). Every measurement runs in a fresh interpreter, so its
peak RSS means something, and the three kinds run interleaved, round after round
(export, raw, raw-xlsxwriter, export, raw, …), so that the load of the shared machine falls on all
of them alike:

- export:         ``RosterExporter(year=…).write(file)`` — the sections query, the streamed rows
                  query, the (女) and section logic, core.spreadsheets.write_workbook with its
                  formula safety, styles, print setup, widths and frozen header;
- raw:            the same final rows, already in memory, appended to a bare openpyxl write-only
                  sheet (the baseline of item 5, and the limit shared by every openpyxl exporter);
- raw-xlsxwriter: the same rows, in memory, through a bare XlsxWriter constant-memory sheet
                  (``write_row``): the limit of the writer core.spreadsheets uses (item 7).

Figures: the median over ``--pairs`` rounds of each time and of each round's ratios (export ÷ raw
openpyxl, export ÷ raw XlsxWriter, raw XlsxWriter ÷ raw openpyxl), as wall time and as CPU time of
the process (on SQLite the queries run inside it; PostgreSQL's own work is not in it). Peak RSS is
the export process's ``ru_maxrss``; "RSS growth" compares it with the smallest size's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The production settings (DEBUG off) refuse the repository's development key: a key of our own.
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(32))
sys.path.insert(0, str(ROOT))

YEAR = 2024
HONOURS = (("基准市五一劳动奖章", 10), ("基准市劳动模范", 1))

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND = ("欧阳", "司马", "上官", "诸葛")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红文斌宇浩凯健俊帆"
UNITS = (
    "天津市第一机床厂", "中国石油天然气股份有限公司大港油田分公司", "天津港第二集装箱码头有限公司",
    "国网天津市电力公司城东供电分公司", "天津市市政工程设计研究总院", "中铁十八局集团第二工程有限公司",
    "天津钢管制造有限公司", "天津市第三中心医院", "滨海新区塘沽街道社区卫生服务中心", "天津地铁运营有限公司",
)
DEPTS = ("", "机加工车间", "运维部", "质量管理部", "第三项目部", "设备科")
TITLES = ("焊工", "高级技师", "车间主任", "工程师", "班组长", "主任医师", "电工", "调度员", "技术员")


# --- helpers shared by the child processes ------------------------------------------------------


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _mix(i: int, salt: int) -> int:
    """A cheap deterministic scramble, so names, units and genders are not correlated."""
    return ((i + salt) * 2654435761 >> 7) & 0xFFFFFF


def name_for(i: int) -> str:
    h = _mix(i, 1)
    surname = COMPOUND[h % 4] if h % 97 == 0 else SURNAMES[h % len(SURNAMES)]
    n = len(GIVEN)
    given = GIVEN[(h >> 8) % n] + ("" if h % 5 == 0 else GIVEN[(h >> 14) % n])
    return surname + given


def unit_for(i: int) -> str:
    h = _mix(i, 2)
    return f"{UNITS[h % len(UNITS)]}{DEPTS[(h >> 5) % len(DEPTS)]}{TITLES[(h >> 11) % len(TITLES)]}"


def gender_for(i: int) -> str:
    return "F" if _mix(i, 3) % 5 < 2 else "M"


def model_rows(model, records):
    """(columns, tuples) for a raw batch insert, every NOT NULL column filled as Django would."""
    from django.db import connection
    from django.utils import timezone

    fields = model._meta.concrete_fields
    now = timezone.now()
    if connection.vendor == "sqlite":
        now = connection.ops.adapt_datetimefield_value(now)
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()
    columns = [f.column for f in fields]
    attnames = [f.attname for f in fields]
    return columns, (tuple(rec.get(a, defaults[a]) for a in attnames) for rec in records)


def bulk_insert(model, records, batch: int = 20_000) -> None:
    from django.db import connection, transaction

    columns, rows = model_rows(model, records)
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


# --- child: populate ---------------------------------------------------------------------------


def child_populate(size: int) -> dict:
    setup_django()
    from functools import lru_cache

    from django.db import connection
    from django.db.models import Max

    from awards.models import Award, HonorType
    from competitions.models import Level
    from core.strokes import stroke_key
    from directory.models import Organization, Person

    org, _ = Organization.objects.get_or_create(name="基准测试市总工会", parent=None)
    honours = [
        HonorType.objects.get_or_create(
            name=name, defaults={"series": name, "level": Level.PROVINCIAL, "recipient_kind": "individual",
                                 "precedence": precedence},
        )[0]
        for name, precedence in HONOURS
    ]
    have = Award.objects.count()
    if have >= size:
        return {"awards": have, "added": 0, "seconds": 0.0}
    started = time.perf_counter()
    first_person = (Person.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    first_award = (Award.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    key = lru_cache(maxsize=None)(stroke_key)
    indexes = range(have, size)

    def people():
        for n, i in enumerate(indexes):
            name = name_for(i)
            yield {
                "id": first_person + n, "name": name, "gender": gender_for(i),
                "employer_id": org.pk, "job_title": TITLES[(i // 5) % len(TITLES)], "stroke_key": key(name),
                "is_demo": True, "source": "bench/export_roster.py",
            }

    def awards():
        for n, i in enumerate(indexes):
            name = name_for(i)
            yield {
                "id": first_award + n, "honor_type_id": honours[0 if _mix(i, 4) % 5 else 1].pk, "year": YEAR,
                "person_id": first_person + n, "recipient_name": name, "gender": gender_for(i),
                "unit_and_title": unit_for(i), "stroke_key": key(name), "status": "active",
                "is_demo": True, "source": "bench/export_roster.py",
            }

    bulk_insert(Person, people())
    bulk_insert(Award, awards())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Person, Award):
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
            cursor.execute("ANALYZE")
    return {"awards": Award.objects.count(), "added": len(indexes), "seconds": time.perf_counter() - started}


# --- child: measurements -----------------------------------------------------------------------


def child_export(out: str) -> dict:
    setup_django()
    from awards.exporters import RosterExporter

    # Warm the imports and the honour lookup outside the timing.
    from awards.models import Award

    count = Award.objects.filter(year=YEAR).count()
    before = peak_rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    RosterExporter(year=YEAR).write(out)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "rows": count, "rss_mb": peak_rss_mb(), "rss_before_mb": before,
            "bytes": os.path.getsize(out)}


def _materialised_rows():
    from awards.exporters import RosterExporter
    from core.spreadsheets import SectionRow

    exporter = RosterExporter(year=YEAR)
    rows = [[r.text] if isinstance(r, SectionRow) else list(r) for r in exporter.rows()]
    return exporter, rows


def child_raw(out: str) -> dict:
    setup_django()
    from openpyxl import Workbook

    _exporter, rows = _materialised_rows()  # untimed: "the same rows, already in memory"
    started, cpu = time.perf_counter(), time.process_time()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("表彰名单")
    ws.append(["序号", "姓名", "单位及职务"])
    for row in rows:
        ws.append(row)
    wb.save(out)
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "rows": len(rows),
            "rss_mb": peak_rss_mb()}


def child_raw_xlsxwriter(out: str) -> dict:
    setup_django()
    import xlsxwriter

    _exporter, rows = _materialised_rows()
    started, cpu = time.perf_counter(), time.process_time()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet("表彰名单")
    ws.write_row(0, 0, ["序号", "姓名", "单位及职务"])
    for r, row in enumerate(rows, 1):
        ws.write_row(r, 0, row)
    wb.close()
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "rows": len(rows),
            "rss_mb": peak_rss_mb()}


CHILDREN = {"export": child_export, "raw": child_raw, "raw-xlsxwriter": child_raw_xlsxwriter}


# --- parent ------------------------------------------------------------------------------------


def run_child(env: dict, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"child {args} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


KINDS = ("export", "raw", "raw-xlsxwriter")


def interleaved(env: dict, pairs: int, workdir: Path, kinds: tuple[str, ...]) -> dict[str, list[dict]]:
    """``pairs`` rounds of every kind in turn, each in a fresh process: {kind: [result per round]}."""
    results: dict[str, list[dict]] = {kind: [] for kind in kinds}
    for _ in range(pairs):
        for kind in kinds:
            results[kind].append(run_child(env, kind, str(workdir / f"{kind}.xlsx")))
    return results


def median_ratio(num: list[dict], den: list[dict], key: str) -> float:
    return statistics.median(a[key] / b[key] for a, b in zip(num, den, strict=True))


def bench_database(db: str, sizes: list[int], pairs: int, pg_url: str, pg_prefix: str, kinds) -> list[dict]:
    workdir = Path(tempfile.mkdtemp(prefix=f"jx_bench_export_{db}_"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)}
    admin = pg_db = None
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:////tmp/jx_bench_export_{os.getpid()}.sqlite3"
    else:
        import psycopg

        pg_db = f"{pg_prefix}_{os.getpid()}"
        admin = psycopg.connect(f"{pg_url.rstrip('/')}/postgres", autocommit=True)
        admin.execute(f'CREATE DATABASE "{pg_db}"')
        env["DATABASE_URL"] = f"{pg_url.rstrip('/')}/{pg_db}"
    results = []
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
        )
        for size in sorted(sizes):
            filled = run_child(env, "populate", str(size))
            print(f"[{db}] {filled['awards']} awards (+{filled['added']} in {filled['seconds']:.1f}s)", flush=True)
            got = interleaved(env, pairs, workdir, kinds)
            export, raw = got["export"], got["raw"]
            med = {kind: {k: statistics.median(r[k] for r in got[kind]) for k in ("seconds", "cpu")} for kind in kinds}
            row = {
                "db": db, "size": size, "pairs": pairs, "med": med,
                "ratio": median_ratio(export, raw, "seconds"), "cpu_ratio": median_ratio(export, raw, "cpu"),
                "rss_mb": max(r["rss_mb"] for r in export), "raw_rss_mb": max(r["rss_mb"] for r in raw),
                "file_mb": export[-1]["bytes"] / 1e6,
            }
            if "raw-xlsxwriter" in got:
                xw = got["raw-xlsxwriter"]
                row |= {
                    "xw_ratio": median_ratio(export, xw, "seconds"), "xw_cpu_ratio": median_ratio(export, xw, "cpu"),
                    "xw_raw_ratio": median_ratio(xw, raw, "seconds"), "xw_raw_cpu_ratio": median_ratio(xw, raw, "cpu"),
                }
            print(
                f"[{db}] {size:>7}: export {med['export']['seconds']:.2f}s (CPU {med['export']['cpu']:.2f}), "
                f"raw openpyxl {med['raw']['seconds']:.2f}s (CPU {med['raw']['cpu']:.2f}), "
                f"export ÷ raw openpyxl {row['ratio']:.3f} (CPU {row['cpu_ratio']:.3f}), "
                f"peak RSS {row['rss_mb']:.1f} MB"
                + (f"; raw XlsxWriter {med['raw-xlsxwriter']['seconds']:.2f}s "
                   f"(CPU {med['raw-xlsxwriter']['cpu']:.2f}), "
                   f"export ÷ raw XlsxWriter {row['xw_ratio']:.3f} (CPU {row['xw_cpu_ratio']:.3f}), "
                   f"raw XlsxWriter ÷ raw openpyxl {row['xw_raw_ratio']:.3f} (CPU {row['xw_raw_cpu_ratio']:.3f})"
                   if "xw_ratio" in row else ""),
                flush=True,
            )
            results.append(row)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        Path(f"/tmp/jx_bench_export_{os.getpid()}.sqlite3").unlink(missing_ok=True)
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
            admin.close()
    return results


def print_table(results: list[dict]) -> None:
    print()
    print("Medians of interleaved rounds in fresh processes. Targets: export ÷ raw openpyxl ≤ 1.15 (item 5) "
          "and ≤ 1.00 (item 7); peak RSS flat (largest size within 25 MB of the smallest). "
          "Baseline before issue 13: 1.20–1.27.")
    print("| db | awards | rounds | export s (CPU) | raw openpyxl s (CPU) | raw XlsxWriter s (CPU) "
          "| export ÷ raw openpyxl, wall (CPU) | export ÷ raw XlsxWriter, wall (CPU) "
          "| raw XlsxWriter ÷ raw openpyxl, wall (CPU) | peak RSS MB | RSS growth MB | file MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    smallest: dict[str, float] = {}
    for r in results:
        smallest.setdefault(r["db"], r["rss_mb"])
        med = r["med"]
        xw = med.get("raw-xlsxwriter")
        xw_cells = (
            f"{xw['seconds']:.2f} ({xw['cpu']:.2f}) | {r['xw_ratio']:.3f} ({r['xw_cpu_ratio']:.3f}) "
            f"| {r['xw_raw_ratio']:.3f} ({r['xw_raw_cpu_ratio']:.3f})"
            if xw else "— | — | —"
        )
        print(
            f"| {r['db']} | {r['size']:,} | {r['pairs']} | {med['export']['seconds']:.2f} ({med['export']['cpu']:.2f}) "
            f"| {med['raw']['seconds']:.2f} ({med['raw']['cpu']:.2f}) | {xw_cells.split(' | ')[0]} "
            f"| {r['ratio']:.3f} ({r['cpu_ratio']:.3f}) | {' | '.join(xw_cells.split(' | ')[1:])} "
            f"| {r['rss_mb']:.1f} | {r['rss_mb'] - smallest[r['db']]:+.1f} | {r['file_mb']:.1f} |"
        )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, arg = sys.argv[2], sys.argv[3]
        result = child_populate(int(arg)) if kind == "populate" else CHILDREN[kind](arg)
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pairs", type=int, default=5, help="interleaved rounds per size (at least 5)")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--pg-db-prefix", default="jx_bench_export", help="the database is <prefix>_<pid>")
    parser.add_argument("--no-xlsxwriter", action="store_true", help="leave out the raw XlsxWriter loop")
    args = parser.parse_args()
    if args.pairs < 5:
        parser.error("--pairs: at least 5 (issue 13 measures medians of at least 5 interleaved pairs)")
    kinds = KINDS[:2] if args.no_xlsxwriter else KINDS
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = []
    for db in dbs:
        results += bench_database(db, args.sizes, args.pairs, args.pg_url, args.pg_db_prefix, kinds)
    print_table(results)


if __name__ == "__main__":
    main()
