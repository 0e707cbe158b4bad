"""我的任务: the owner's background jobs (core.jobs) — list, one job's page with its progress bar,
the JSON its script polls, the finished file's download and the confirmation of a checked import.

Everything answers 404 for a job that is not the user's own.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .exports import XLSX_CONTENT_TYPE
from .imports import SHOWN_ERRORS
from .jobs import StoredReport, import_save_start, jobs_mark_stale
from .models import Job, JobStatus

JOBS_SHOWN = 50


def _own(request, pk) -> Job:
    return get_object_or_404(Job.objects.select_related("stash"), pk=pk, owner=request.user)


def _downloadable(job: Job) -> bool:
    return bool(job.status == JobStatus.SUCCEEDED and job.file and job.expires_at and job.expires_at > timezone.now())


def job_state(job: Job) -> dict:
    """What the progress bar needs (also the JSON the page polls)."""
    return {
        "id": str(job.pk),
        "status": job.status,
        "status_label": job.get_status_display(),
        "phase": job.phase,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "percent": job.percent,
        "finished": job.finished,
        "message": job.message,
    }


@login_required
@require_GET
def job_list(request):
    jobs_mark_stale()
    jobs = list(Job.objects.filter(owner=request.user).select_related(None)[:JOBS_SHOWN])
    for job in jobs:
        job.downloadable = _downloadable(job)
    return render(request, "core/jobs/list.html", {"jobs": jobs})


@login_required
@require_GET
def job_detail(request, pk):
    jobs_mark_stale()
    job = _own(request, pk)
    report = StoredReport(job.report) if job.report else None
    checked_clean = (
        job.kind == Job.Kind.IMPORT_CHECK and job.status == JobStatus.SUCCEEDED and report is not None and report.ok
    )
    # A check shows its report (errors, or the preview and the confirm button); a save shows its
    # report only when it failed (the rows' errors), else its one-line result, like the synchronous path.
    if report is not None and job.kind != Job.Kind.IMPORT_CHECK and report.ok:
        report = None
    context = {
        "job": job,
        "state": job_state(job),
        "report": report,
        "show_message": bool(job.message) and report is None,
        "preview_rows": report.preview_rows if report is not None else [],
        "shown_errors": SHOWN_ERRORS,
        # the report's confirm button posts back here (the stash must still be there)
        "token": job.pk if checked_clean and job.stash_id else None,
        "confirm_url": reverse("core:job_confirm", args=[job.pk]),
        "upload_url": job.params.get("upload_url", ""),
        "downloadable": _downloadable(job),
    }
    return render(request, "core/jobs/detail.html", context)


@never_cache
@login_required
@require_GET
def job_status(request, pk):
    jobs_mark_stale()
    return JsonResponse(job_state(_own(request, pk)))


@login_required
@require_GET
def job_download(request, pk):
    job = _own(request, pk)
    if not _downloadable(job):
        if job.status == JobStatus.SUCCEEDED and job.kind == Job.Kind.EXPORT:
            messages.error(request, "文件已过期，请重新导出")
            return redirect("core:job_list")
        raise Http404("没有可下载的文件")
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=XLSX_CONTENT_TYPE)


@login_required
@require_POST
def job_confirm(request, pk):
    """Save a checked import: the same stashed file, all or nothing, as another background job."""
    job = _own(request, pk)
    if job.kind != Job.Kind.IMPORT_CHECK or job.status != JobStatus.SUCCEEDED or not job.report.get("ok"):
        raise Http404("没有可确认的导入")
    if job.stash is None or job.stash.expires_at < timezone.now():
        messages.error(request, "上传的文件已过期，请重新上传")
        return redirect(job.params.get("upload_url") or "core:job_list")
    if Job.objects.filter(stash=job.stash, kind=Job.Kind.IMPORT_SAVE).exclude(status=JobStatus.FAILED).exists():
        messages.info(request, "该文件已提交保存")
        return redirect("core:job_list")
    save = import_save_start(job)
    return redirect("core:job_detail", pk=save.pk)
