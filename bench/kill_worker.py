"""A real job worker killed (SIGKILL) while it saves a big registration import: the database keeps
nothing of it and the job ends up marked failed.

    .venv/bin/python bench/kill_worker.py [--rows 30000] [--db sqlite|postgres]

Makes a throwaway database (an SQLite file in WAL mode as `make run` uses, or the PostgreSQL
database jx_kill_<pid>), a competition with 10 events and 200 units (bench/import_entries.py's
world), a registration sheet of --rows rows, stashes it and queues its saving as a background job
(``core.jobs``, database backend). Then starts `manage.py db_worker`, waits until the job reports
the 保存 phase (every row checked, the one transaction begun), kills the worker with SIGKILL, and
checks: no entry and no person of the sheet in the database, the job still "running" until it has
been silent for JIANGXIN_JOB_STALE_SECONDS (3 here), then "failed" with its message. Exit 0 when
all of that holds; 2 when the save finished before the kill could land (use more rows).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="jx_kill_"))
    pg_db = None
    if args.db == "postgres":
        from load import pg_admin, pg_url

        pg_db = f"jx_kill_{os.getpid()}"
        pg_admin(f'CREATE DATABASE "{pg_db}"')
        url = pg_url(pg_db)
    else:
        url = f"sqlite:///{tmp / 'db.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "JIANGXIN_TASKS": "database",
        "JIANGXIN_JOB_STALE_SECONDS": "3",
        "MEDIA_ROOT": str(tmp / "media"),
        "DEBUG": "false",
        # production settings refuse the repository's development key
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    }
    env.pop("REDIS_URL", None)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from import_entries import make_world, write_sheet

    from competitions.importers.entries import EntryImporter
    from competitions.models import Entry
    from competitions.views.imports import entries_importer
    from core.imports import stash_put
    from core.jobs import job_start, jobs_mark_stale
    from core.models import Job, JobStatus
    from directory.models import Person

    worker = None
    try:
        call_command("migrate", verbosity=0)
        world = make_world([args.rows])
        competition = world["competitions"][args.rows]
        sheet = tmp / "报名表.xlsx"
        write_sheet(sheet, args.rows, world)
        people_before = Person.objects.count()
        user = get_user_model().objects.create_superuser("kill-test", password="x")
        stash = stash_put(owner=user, kind=EntryImporter.kind, target=str(competition.pk), filename=sheet.name,
                          data=sheet.read_bytes(), options={"force": True})
        job = job_start(owner=user, kind=Job.Kind.IMPORT_SAVE, title="导入报名表（保存）", builder=entries_importer,
                        params={"target": str(competition.pk)}, stash=stash)
        connection.close()
        print(f"{args.rows} rows stashed; job {job.pk} queued ({job.status}); starting db_worker …", flush=True)
        worker = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload", "--no-startup-delay",
             "--interval", "0.2"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        started = time.monotonic()
        seen = ""
        while time.monotonic() - started < 600:
            job.refresh_from_db()
            if job.phase != seen:
                seen = job.phase
                print(f"  {time.monotonic() - started:6.1f} s  {job.status} · {job.phase} "
                      f"{job.rows_done}/{job.rows_total}", flush=True)
            if job.finished or job.phase == "保存":
                break
            time.sleep(0.05)
        time.sleep(1.0)  # inside the import's transaction now
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        connection.close()
        job.refresh_from_db()
        elapsed = time.monotonic() - started
        print(f"worker killed (SIGKILL) {elapsed:.1f} s after start; job: {job.status} · {job.phase}")
        if job.finished:
            print("the save finished before the kill landed: run again with more --rows")
            return 2
        entries = Entry.objects.filter(event__competition=competition).count()
        people = Person.objects.count() - people_before
        print(f"entries of the competition: {entries}; new people: {people}")
        time.sleep(3.5)
        marked = jobs_mark_stale()
        job.refresh_from_db()
        print(f"after {3.5} s of silence: jobs_mark_stale() marked {marked}; job: {job.status} — {job.message}")
        ok = entries == 0 and people == 0 and job.status == JobStatus.FAILED
        print("OK: database unchanged, job failed" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        if worker is not None and worker.poll() is None:
            worker.kill()
        connection.close()
        if pg_db:
            from load import pg_admin

            pg_admin(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
