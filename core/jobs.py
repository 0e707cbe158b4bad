"""Background jobs: long imports and exports run by a worker, with progress the page can poll.

The queue is Django's task API (the django-tasks backport of DEP 14; ``django.tasks`` from Django 6):
settings.TASKS picks the backend — the database (django-tasks-db, `manage.py db_worker`) when nothing
else is configured, RQ on Redis (django-tasks-rq, `manage.py rqworker`) in production, and the
immediate backend in the tests. The task only carries a job's id; what the job is, how far it got and
what came of it is the ``core.models.Job`` row, the same whichever backend runs it.

What a job runs is named by the dotted path of a function marked ``@job_builder``, which rebuilds the
importer (``(user, target, options) -> Importer``) or the exporter (``(user, query) -> Exporter``)
from what the job row keeps; the same function builds it for the synchronous path, so both check the
same things. Imports keep their all-or-nothing transaction: a worker killed while saving leaves the
database unchanged, and ``jobs_mark_stale`` marks its job failed once its heartbeat stops.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import tempfile
import time
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.db.models import Q
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks import task

from .errors import DomainError
from .exports import Exporter, safe_filename
from .imports import PREVIEW_ROWS, ImportReport, RowError
from .models import Job, JobStatus

logger = logging.getLogger(__name__)

STALE_MESSAGE = "处理进程中断（超时未报告进度），任务失败，未保存任何数据。请重新提交。"
CRASH_MESSAGE = "任务出错，未保存任何数据。请重试，或联系管理员查看日志。"
EXPIRED_MESSAGE = "上传的文件已过期，请重新上传"
PROGRESS_EVERY_SECONDS = 0.5


def job_builder(fn):
    """Mark ``fn`` as one a job may name (only marked functions are ever called by path)."""
    fn.job_builder = True
    return fn


def _builder(path: str):
    fn = import_string(path)
    if not getattr(fn, "job_builder", False):
        raise ImproperlyConfigured(f"{path} is not marked @job_builder")
    return fn


def builder_path(fn) -> str:
    if not getattr(fn, "job_builder", False):
        raise ImproperlyConfigured(f"{fn!r} is not marked @job_builder")
    return f"{fn.__module__}.{fn.__qualname__}"


def threshold() -> int:
    return settings.JIANGXIN_JOB_THRESHOLD_ROWS


# --- progress -----------------------------------------------------------------------------------


class JobProgress:
    """``progress(done, total, phase)`` for the pipelines: writes the job row at most every half second
    (always when the phase changes), so the page sees rows done/total and a fresh heartbeat."""

    def __init__(self, job_id, every: float = PROGRESS_EVERY_SECONDS):
        self.job_id = job_id
        self.every = every
        self.last = 0.0
        self.phase = ""

    def __call__(self, done: int, total: int | None = None, phase: str | None = None) -> None:
        now = time.monotonic()
        changed = phase is not None and phase != self.phase
        if not changed and now - self.last < self.every:
            return
        self.last = now
        fields: dict[str, Any] = {"rows_done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["rows_total"] = total
        if phase is not None:
            self.phase = phase
            fields["phase"] = phase
        Job.objects.filter(pk=self.job_id).update(**fields)


# --- starting -----------------------------------------------------------------------------------


def job_start(*, owner, kind: str, title: str, builder, params: dict, stash=None, done_url: str = "") -> Job:
    """Record a job and put it on the queue (the immediate backend runs it before returning)."""
    job = Job.objects.create(
        owner=owner,
        kind=kind,
        title=title[:200],
        builder=builder if isinstance(builder, str) else builder_path(builder),
        params=params,
        stash=stash,
        done_url=done_url[:300],
    )
    run_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def export_job_start(exporter: Exporter, *, owner, builder, query: QueryDict | None = None, **kwargs) -> Job:
    """An export to run in the background; ``builder(user, query, **kwargs)`` rebuilds ``exporter``."""
    return job_start(
        owner=owner,
        kind=Job.Kind.EXPORT,
        title=f"导出{exporter.verbose_name}",
        builder=builder,
        params={"query": query.urlencode() if query is not None else "", "kwargs": kwargs},
    )


def import_job_start(flow, stash, *, owner) -> Job:
    """The check of a stashed upload (``core.imports.ImportFlow``), in the background."""
    return job_start(
        owner=owner,
        kind=Job.Kind.IMPORT_CHECK,
        title=f"{flow.title}（检查）：{stash.filename}",
        builder=flow.job_builder,
        params={"target": flow.target, "upload_url": flow.upload_url, "title": str(flow.title)},
        stash=stash,
        done_url=flow.done_url,
    )


def import_save_start(check: Job) -> Job:
    """Its owner confirmed a clean check: save the same stashed file, all rows or none, in the background."""
    return job_start(
        owner=check.owner,
        kind=Job.Kind.IMPORT_SAVE,
        title=f"{check.params.get('title', '导入')}（保存）：{check.stash.filename}",
        builder=check.builder,
        params=check.params,
        stash=check.stash,
        done_url=check.done_url,
    )


def action_job_start(*, owner, title: str, builder, done_url: str = "", **kwargs) -> Job:
    """Another long action (e.g. computing a big event's results): ``builder(user, progress=…, **kwargs)``
    does it and returns the line to show; a DomainError it raises is the job's failure message."""
    return job_start(
        owner=owner, kind=Job.Kind.ACTION, title=title, builder=builder, params={"kwargs": kwargs}, done_url=done_url
    )


def export_response(request, exporter: Exporter, *, builder, **kwargs) -> HttpResponse:
    """The web's export: the file at once, or — over the threshold — a job and its progress page.

    ``builder(user, query, **kwargs)`` must rebuild ``exporter`` from the request's query string
    (kwargs: JSON values, e.g. the campaign's number)."""
    total = exporter.count()
    if total is None or total <= threshold():
        return exporter.response()
    job = export_job_start(exporter, owner=request.user, builder=builder, query=request.GET, **kwargs)
    return redirect("core:job_detail", pk=job.pk)


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def estimate_rows(data: bytes, *, stop_after: int) -> int:
    """About how many rows the biggest worksheet of an .xlsx holds (its <row> tags), counted while
    decompressing and never past ``stop_after`` + 1 (so a zip bomb costs nothing); 0 when unreadable
    (the pipeline then says why)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            sheets = [
                i for i in zf.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
            ]
            if not sheets:
                return 0
            biggest = max(sheets, key=lambda i: i.file_size)
            count, tail = 0, b""
            with zf.open(biggest) as fh:
                while count <= stop_after:
                    chunk = fh.read(1 << 20)
                    buf = tail + chunk
                    # a tag cut by the chunk's end is counted with the next chunk
                    end = len(buf) - 16 if chunk else len(buf)
                    count += len(_ROW_TAG.findall(buf, 0, max(end, 0)))
                    if not chunk:
                        break
                    tail = buf[max(end, 0) :]
            return count
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, NotImplementedError):
        return 0


# --- running ------------------------------------------------------------------------------------


@task()
def run_job(job_id: str) -> None:
    """The one task: run the job ``job_id`` once (a job already taken is left alone)."""
    now = timezone.now()
    if not Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, phase="开始"
    ):
        return
    _yield_cpu_to_pages()
    job = Job.objects.select_related("owner", "stash").get(pk=job_id)
    progress = JobProgress(job.pk)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            if job.kind == Job.Kind.EXPORT:
                _run_export(job, progress)
            elif job.kind == Job.Kind.ACTION:
                _run_action(job, progress)
            else:
                _run_import(job, progress, dry_run=job.kind == Job.Kind.IMPORT_CHECK)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.title)
        _finish(job, JobStatus.FAILED, CRASH_MESSAGE)


def _yield_cpu_to_pages() -> None:
    """Run the rest of this job at niceness ``JIANGXIN_JOB_NICE``: a worker beside the web server
    leaves the CPU to page requests first. Linux sets it per thread (the job's own); the immediate
    backend runs jobs inside the request, which stays as it is."""
    nice = settings.JIANGXIN_JOB_NICE
    if nice <= 0 or settings.JIANGXIN_TASKS == "immediate" or not hasattr(os, "setpriority"):
        return
    try:
        if os.getpriority(os.PRIO_PROCESS, 0) < nice:
            os.setpriority(os.PRIO_PROCESS, 0, nice)
    except OSError:  # not allowed here: run at the priority we have
        logger.warning("could not lower the job's priority to niceness %s", nice)


def _finish(job: Job, status: str, message: str, **fields) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(status=status, message=message, finished_at=now, heartbeat_at=now, **fields)


def _run_import(job: Job, progress: JobProgress, *, dry_run: bool) -> None:
    stash = job.stash
    if stash is None or stash.expires_at < timezone.now():
        _finish(job, JobStatus.FAILED, EXPIRED_MESSAGE)
        return
    importer = _builder(job.builder)(job.owner, job.params.get("target", ""), stash.options)
    report = importer.run(bytes(stash.data), filename=stash.filename, dry_run=dry_run, progress=progress)
    stored = report_to_json(report)
    done = {"rows_done": report.rows, "rows_total": report.rows, "report": stored}
    if not report.ok:
        if dry_run:
            stash.delete()  # the synchronous path keeps only files that passed the check
        _finish(job, JobStatus.FAILED, f"发现 {len(report.errors)} 处问题，未导入任何数据。", **done)
    elif dry_run:
        _finish(job, JobStatus.SUCCEEDED, report.summary_line(), **done)
    else:
        stash.delete()
        _finish(job, JobStatus.SUCCEEDED, report.summary_line(), **done)


def _run_export(job: Job, progress: JobProgress) -> None:
    params = job.params
    exporter = _builder(job.builder)(job.owner, QueryDict(params.get("query", "")), **params.get("kwargs", {}))
    with tempfile.TemporaryFile() as fh:
        exporter.write(fh, progress=progress)
        fh.seek(0)
        job.file.save(f"{job.pk}.xlsx", File(fh), save=False)
    keep = dt.timedelta(hours=settings.JIANGXIN_JOB_KEEP_HOURS)
    Job.objects.filter(pk=job.pk).update(
        file=job.file.name, filename=safe_filename(exporter.filename()), expires_at=timezone.now() + keep
    )
    _finish(job, JobStatus.SUCCEEDED, f"已生成{exporter.verbose_name}")


def _run_action(job: Job, progress: JobProgress) -> None:
    try:
        message = _builder(job.builder)(job.owner, progress=progress, **job.params.get("kwargs", {}))
    except DomainError as exc:
        _finish(job, JobStatus.FAILED, "；".join([exc.message, *map(str, exc.details)]))
        return
    _finish(job, JobStatus.SUCCEEDED, str(message))


# --- an import check kept on the job ------------------------------------------------------------


def report_to_json(report: ImportReport) -> dict:
    """What the import page shows of a report, as JSON: every error, the preview's first rows."""
    return {
        "ok": report.ok,
        "rows": report.rows,
        "filename": report.filename,
        "errors": [[e.row, e.column, e.message] for e in report.errors],
        "notices": [[e.row, e.column, e.message] for e in report.notices],
        "counts": [[label, n] for label, n in report.counts()] if report.ok else [],
        "details": report.details() if report.ok else [],
        "summary_line": report.summary_line() if report.ok else "",
        "planned": report.planned() if report.ok else 0,
        "confirm_label": report.confirm_label() if report.ok else "",
        "preview_header": [str(h) for h in report.preview_header],
        "preview_rows": [["" if c is None else str(c) for c in row] for row in report.preview_rows(PREVIEW_ROWS)]
        if report.ok
        else [],
    }


class StoredReport:
    """A report read back from a job, with what ``core/imports/_report.html`` uses of ``ImportReport``."""

    def __init__(self, data: dict):
        self.data = data
        self.ok = data.get("ok", False)
        self.rows = data.get("rows", 0)
        self.errors = [RowError(*e) for e in data.get("errors", [])]
        self.notices = [RowError(*e) for e in data.get("notices", [])]
        self.counts = [tuple(c) for c in data.get("counts", [])]
        self.details = data.get("details", [])
        self.summary_line = data.get("summary_line", "")
        self.planned = data.get("planned", 0)
        self.confirm_label = data.get("confirm_label", "")
        self.preview_header = data.get("preview_header", [])
        self.preview_rows = data.get("preview_rows", [])


# --- upkeep -------------------------------------------------------------------------------------


def jobs_mark_stale(now: dt.datetime | None = None) -> int:
    """Running jobs whose worker stopped reporting (killed, machine lost): failed. Returns how many."""
    now = now or timezone.now()
    limit = now - dt.timedelta(seconds=settings.JIANGXIN_JOB_STALE_SECONDS)
    return Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=limit).update(
        status=JobStatus.FAILED, message=STALE_MESSAGE, finished_at=now
    )


def jobs_sweep(now: dt.datetime | None = None) -> int:
    """Delete expired result files and jobs older than a week; returns how many jobs were removed."""
    now = now or timezone.now()
    jobs_mark_stale(now)
    for job in Job.objects.filter(expires_at__lt=now).exclude(file=""):
        job.file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(file="")
    old = Job.objects.filter(Q(finished_at__lt=now - dt.timedelta(days=7)))
    deleted, _ = old.delete()
    return deleted
