"""Background jobs (core.jobs): an export over the threshold runs as a job (the tests' immediate
backend runs it at once), its progress is polled as JSON, its file is the owner's only and expires;
a job whose worker stopped reporting is marked failed; /healthz and the one-line request log."""

import datetime as dt
import io
import logging

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from core.jobs import JobProgress, estimate_rows, jobs_mark_stale, jobs_sweep
from core.models import Job, JobStatus
from directory.models import Role
from tests.scenarios.exports import data_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client, honours, user_with):
    user = user_with((honours.root, Role.ORGANIZER))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def low_threshold(settings):
    settings.JIANGXIN_JOB_THRESHOLD_ROWS = 3


def test_an_export_under_the_threshold_downloads_at_once(organiser):
    response = organiser.get(reverse("awards:award_export"), {"year": 2024})
    assert response.status_code == 200 and response.streaming
    assert not Job.objects.exists()


def test_an_export_over_the_threshold_is_a_job_with_a_progress_page_and_a_download(organiser, low_threshold):
    response = organiser.get(reverse("awards:award_export"), {"year": 2024})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.owner == organiser.user and job.kind == Job.Kind.EXPORT and job.status == JobStatus.SUCCEEDED
    assert job.rows_done == job.rows_total > 3 and job.expires_at > timezone.now()

    page = organiser.get(response["Location"]).content.decode()
    assert 'id="job-progress"' in page and 'data-status-url="' in page and "js/job-progress.js" in page
    assert "<script>" not in page.split("</nav>", 1)[1]  # no inline script (the CSP forbids them)
    assert 'id="job-download"' in page

    state = organiser.get(reverse("core:job_status", args=[job.pk])).json()
    assert state["status"] == "succeeded" and state["finished"] and state["percent"] == 100

    listing = organiser.get(reverse("core:job_list")).content.decode()
    assert "导出表彰名单" in listing and reverse("core:job_download", args=[job.pk]) in listing

    download = organiser.get(reverse("core:job_download", args=[job.pk]))
    assert download.status_code == 200 and "filename*=utf-8''" in download["Content-Disposition"]
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    assert len([r for r in data_rows(ws) if len(r) > 1]) > 3


def test_a_job_is_its_owners_only(organiser, low_threshold, client, honours, user_with, django_user_model):
    organiser.get(reverse("awards:award_export"), {"year": 2024})
    job = Job.objects.get()
    other = user_with((honours.root, Role.ORGANIZER))
    organiser.force_login(other)
    for name in ("core:job_detail", "core:job_status", "core:job_download"):
        assert organiser.get(reverse(name, args=[job.pk])).status_code == 404
    assert str(job.pk) not in organiser.get(reverse("core:job_list")).content.decode()


def test_the_file_can_be_downloaded_only_until_it_expires(organiser, low_threshold):
    organiser.get(reverse("awards:award_export"), {"year": 2024})
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = organiser.get(reverse("core:job_download", args=[job.pk]))
    assert response.status_code == 302
    assert "文件已过期" in organiser.get(response["Location"]).content.decode()
    jobs_sweep()
    job.refresh_from_db()
    assert not job.file


def test_a_running_job_whose_worker_stopped_reporting_is_marked_failed(organiser, settings):
    settings.JIANGXIN_JOB_STALE_SECONDS = 60
    old = timezone.now() - dt.timedelta(seconds=61)
    job = Job.objects.create(
        owner=organiser.user, kind=Job.Kind.IMPORT_SAVE, title="导入", builder="x", status=JobStatus.RUNNING,
        heartbeat_at=old, started_at=old,
    )
    fresh = Job.objects.create(
        owner=organiser.user, kind=Job.Kind.EXPORT, title="导出", builder="x", status=JobStatus.RUNNING,
        heartbeat_at=timezone.now(),
    )
    state = organiser.get(reverse("core:job_status", args=[job.pk])).json()
    assert state["status"] == "failed" and "未保存任何数据" in state["message"]
    fresh.refresh_from_db()
    assert fresh.status == JobStatus.RUNNING
    assert jobs_mark_stale() == 0


def test_progress_is_written_at_most_twice_a_second_but_always_on_a_new_phase(organiser, django_assert_num_queries):
    job = Job.objects.create(owner=organiser.user, kind=Job.Kind.EXPORT, title="导出", builder="x")
    progress = JobProgress(job.pk, every=3600)
    with django_assert_num_queries(2):
        progress(0, 100, "检查")
        for i in range(1, 50):
            progress(i, 100)
        progress(50, 100, "保存")
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total, job.phase) == (50, 100, "保存") and job.heartbeat_at is not None


def _xlsx(rows: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名"])
    for i in range(rows):
        ws.append([f"人{i}"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_rows_are_estimated_without_reading_the_workbook_and_never_past_the_bound():
    assert estimate_rows(_xlsx(10), stop_after=100) == 11
    assert 6 <= estimate_rows(_xlsx(5000), stop_after=5) <= 5001
    assert estimate_rows(b"not a zip", stop_after=10) == 0


def test_healthz_reports_the_database_and_the_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_answers_503_when_a_part_fails(client, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("down")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["cache"] == "error"


def test_every_request_is_one_log_line_with_the_user_and_the_time(organiser, caplog):
    with caplog.at_level(logging.INFO, logger="jiangxin.request"):
        organiser.get(reverse("core:job_list"))
    (record,) = [r for r in caplog.records if r.name == "jiangxin.request"]
    line = record.getMessage()
    assert line.startswith("GET /jobs/ 200 user=") and organiser.user.username in line and line.endswith("ms")


def _niceness_after_a_job(settings, tasks_backend: str, job_nice: int) -> tuple[int, int]:
    """The niceness of a fresh thread before and after it runs ``run_job`` (Linux: per thread)."""
    import os
    import threading

    from core import jobs

    settings.JIANGXIN_TASKS = tasks_backend
    settings.JIANGXIN_JOB_NICE = job_nice
    seen = []

    def worker():
        before = os.getpriority(os.PRIO_PROCESS, 0)
        jobs._yield_cpu_to_pages()
        seen.extend([before, os.getpriority(os.PRIO_PROCESS, 0)])

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    return seen[0], seen[1]


def test_a_worker_runs_its_job_at_a_lower_priority_than_the_pages(settings):
    before, after = _niceness_after_a_job(settings, "rq", 10)
    assert after == max(before, 10)


def test_jobs_run_inside_a_request_or_with_nice_0_keep_the_priority(settings):
    before, after = _niceness_after_a_job(settings, "immediate", 10)
    assert after == before
    before, after = _niceness_after_a_job(settings, "database", 0)
    assert after == before
