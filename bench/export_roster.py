"""Benchmark: the 表彰名单 export against a raw openpyxl write-only loop over the same rows.

    .venv/bin/python bench/export_roster.py [--sizes 10000 100000 500000] [--db sqlite|postgres|both]
                                            [--repeat 3] [--pg-url postgres://postgres@127.0.0.1:5432]

For each database it creates its own store — a temporary SQLite file, or the PostgreSQL database
``jiangxin_bench_export`` (dropped at the end) — migrates it, and grows one data set to each size in
turn (people and awards of two honours, written in batches: executemany on SQLite, COPY on
PostgreSQL). Every measurement runs in a fresh interpreter so its peak RSS means something:

- export: ``RosterExporter(year=…).write(file)`` — the sections query, the streamed rows query,
  the (女) and section logic, the formula-safe writer with print setup, widths and frozen header;
- raw:    the same final rows, already in memory, appended to a bare openpyxl write-only sheet;
- writer: the same in-memory rows through core.spreadsheets.write_workbook (no database).

Times are the best of ``--repeat`` runs. Ratio = export / raw. Peak RSS is the export process's
``ru_maxrss``; "RSS growth" compares it with the smallest size's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The production settings (DEBUG off) refuse the repository's development key: a key of our own.
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(32))
sys.path.insert(0, str(ROOT))

PG_DB = "jiangxin_bench_export"
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
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "rows": len(rows)}


def child_writer(out: str) -> dict:
    setup_django()
    from django.conf import settings

    from core.spreadsheets import SectionRow, SheetSpec, write_workbook

    exporter, rows = _materialised_rows()
    rows = [SectionRow(r[0]) if len(r) == 1 else r for r in rows]
    columns, heading = exporter.columns(), exporter.heading()
    spec = SheetSpec("表彰名单", columns, rows, heading=heading)
    started, cpu = time.perf_counter(), time.process_time()
    write_workbook(out, [spec], font_name=settings.JIANGXIN_EXPORT_FONT)
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "rows": len(rows)}


CHILDREN = {"export": child_export, "raw": child_raw, "writer": child_writer}


# --- parent ------------------------------------------------------------------------------------


def run_child(env: dict, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"child {args} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def best_of(env: dict, repeat: int, kind: str, workdir: Path) -> dict:
    results = [run_child(env, kind, str(workdir / f"{kind}.xlsx")) for _ in range(repeat)]
    best = min(results, key=lambda r: r["seconds"])
    best["cpu"] = min(r["cpu"] for r in results)
    best["rss_mb"] = max(r.get("rss_mb", 0) for r in results)
    return best


def bench_database(db: str, sizes: list[int], repeat: int, pg_url: str) -> list[dict]:
    workdir = Path(tempfile.mkdtemp(prefix=f"jiangxin-bench-{db}-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)}
    admin = None
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        import psycopg

        admin = psycopg.connect(f"{pg_url.rstrip('/')}/postgres", autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
        admin.execute(f'CREATE DATABASE "{PG_DB}"')
        env["DATABASE_URL"] = f"{pg_url.rstrip('/')}/{PG_DB}"
    results = []
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
        )
        for size in sorted(sizes):
            filled = run_child(env, "populate", str(size))
            print(f"[{db}] {filled['awards']} awards (+{filled['added']} in {filled['seconds']:.1f}s)", flush=True)
            export = best_of(env, repeat, "export", workdir)
            raw = best_of(env, repeat, "raw", workdir)
            writer = best_of(env, repeat, "writer", workdir)
            row = {
                "db": db, "size": size, "export_s": export["seconds"], "rows_per_s": size / export["seconds"],
                "raw_s": raw["seconds"], "writer_s": writer["seconds"], "ratio": export["seconds"] / raw["seconds"],
                "writer_ratio": writer["seconds"] / raw["seconds"], "rss_mb": export["rss_mb"],
                "export_cpu": export["cpu"], "raw_cpu": raw["cpu"], "writer_cpu": writer["cpu"],
                "cpu_ratio": export["cpu"] / raw["cpu"],
                "rss_before_mb": export["rss_before_mb"], "file_mb": export["bytes"] / 1e6,
            }
            print(
                f"[{db}] {size:>7}: export {row['export_s']:.2f}s ({row['rows_per_s']:,.0f} rows/s), "
                f"raw {row['raw_s']:.2f}s, writer {row['writer_s']:.2f}s, ratio {row['ratio']:.3f} "
                f"(CPU {row['export_cpu']:.2f}/{row['raw_cpu']:.2f}s = {row['cpu_ratio']:.3f}), "
                f"peak RSS {row['rss_mb']:.1f} MB",
                flush=True,
            )
            results.append(row)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
            admin.close()
    return results


def print_table(results: list[dict]) -> None:
    print()
    print("| db | awards | export s | rows/s | raw openpyxl s | ratio (wall) | export CPU s | raw CPU s "
          "| ratio (CPU) | writer-only s | peak RSS MB | RSS growth vs smallest MB | file MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    smallest: dict[str, float] = {}
    for r in results:
        smallest.setdefault(r["db"], r["rss_mb"])
        print(
            f"| {r['db']} | {r['size']:,} | {r['export_s']:.2f} | {r['rows_per_s']:,.0f} | {r['raw_s']:.2f} "
            f"| {r['ratio']:.3f} | {r['export_cpu']:.2f} | {r['raw_cpu']:.2f} | {r['cpu_ratio']:.3f} "
            f"| {r['writer_s']:.2f} | {r['rss_mb']:.1f} "
            f"| {r['rss_mb'] - smallest[r['db']]:+.1f} | {r['file_mb']:.1f} |"
        )
    print("\ntargets: ratio ≤ 1.15; peak RSS at the largest size within 25 MB of the smallest.")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, arg = sys.argv[2], sys.argv[3]
        result = child_populate(int(arg)) if kind == "populate" else CHILDREN[kind](arg)
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 500_000])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"))
    args = parser.parse_args()
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = []
    for db in dbs:
        results += bench_database(db, args.sizes, args.repeat, args.pg_url)
    print_table(results)


if __name__ == "__main__":
    main()
