"""A background job's page in a real browser: the progress bar follows the worker's figures by
polling (static JS, no inline script) and the page shows the result when the job ends; 我的任务."""

import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.models import Job, JobStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_the_progress_bar_follows_the_worker_and_the_page_shows_the_end(
    seed_data, page, login, live_server, tmp_path
):
    from django.contrib.auth import get_user_model

    page.set_viewport_size({"width": 1366, "height": 768})
    login("tianjin")
    owner = get_user_model().objects.get(username="tianjin")
    now = timezone.now()
    job = Job.objects.create(
        owner=owner, kind=Job.Kind.IMPORT_CHECK, title="导入报名表（检查）：报名表.xlsx", builder="x",
        status=JobStatus.RUNNING, phase="检查", rows_done=0, rows_total=50000, started_at=now, heartbeat_at=now,
    )
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    assert page.locator("#job-rows").inner_text() == "0 / 50000 行"

    Job.objects.filter(pk=job.pk).update(rows_done=20000, heartbeat_at=timezone.now())
    # expect() polls from Python: wait_for_function would eval a string, which the CSP forbids
    expect(page.locator("#job-rows")).to_have_text("20000 / 50000 行")
    expect(page.locator("#job-bar")).to_have_attribute("style", re.compile(r"width:\s*40%"))
    page.wait_for_timeout(800)  # Bootstrap's bar slides to its width
    _shot(page, tmp_path, "job_progress_1366")

    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, rows_done=50000, message="发现 2 处问题，未导入任何数据。", finished_at=timezone.now(),
        report={"ok": False, "rows": 50000, "errors": [[7, "身份证号", "校验位不正确"], [9, "手机号", "应为11位数字"]]},
    )
    page.wait_for_selector("#import-errors")  # the script reloaded the page when the job ended
    text = page.locator("main").inner_text()
    assert "发现 2 处问题，未导入任何数据" in text and "第7行" in text and "校验位不正确" in text
    _shot(page, tmp_path, "job_failed_1366")

    page.goto(f"{live_server.url}/jobs/")
    assert "导入报名表（检查）：报名表.xlsx" in page.locator("#job-list").inner_text()
    _shot(page, tmp_path, "my_jobs_1366")
