"""劳模关爱 click by click in Chromium: the organiser opens the due lists (the seed honourees with their
demo care from ``build_demo_care``), records a health check for 姚正新 and a birthday visit for the demo
elder turning 80, and sees both on the due lists. Screenshots at 1366x768 go to ``$E2E_SCREENSHOTS``
(or the test's tmp folder)."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from care.models import CareEvent, CareKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}


def _shot(page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_recording_a_visit_shows_on_the_due_lists(seed_data, page, login, live_server, tmp_path):
    call_command("build_demo_care", stdout=io.StringIO())
    today = timezone.localdate()
    page.set_viewport_size(DESKTOP)
    login("demo")
    page.click("nav >> text=劳模关爱")
    page.wait_for_load_state()
    checks = page.locator("#due-health_check")
    assert "姚正新" in checks.inner_text()
    assert "蒋德明" in page.locator("#due-birthday").inner_text()
    _shot(page, tmp_path, "care-01-due-lists")

    checks.locator("a:has-text('姚正新')").click()
    page.wait_for_load_state()
    assert "演示" in page.locator("#ledger").inner_text()
    page.select_option("#id_kind", CareKind.HEALTH_CHECK)
    page.fill("#id_date", today.isoformat())
    page.fill("#id_note", "市总工会组织体检")
    page.click("#event-form button[type=submit]")
    page.wait_for_load_state()
    assert "已登记姚正新的健康体检" in page.inner_text("main")
    assert "市总工会组织体检" in page.locator("#ledger").inner_text()
    _shot(page, tmp_path, "care-02-person-ledger")

    page.click("nav >> text=劳模关爱")
    page.wait_for_load_state()
    assert "姚正新" not in page.locator("#due-health_check").inner_text()
    page.locator("#due-birthday a:has-text('蒋德明')").click()
    page.wait_for_load_state()
    page.select_option("#id_kind", CareKind.BIRTHDAY)
    page.fill("#id_date", today.isoformat())
    page.fill("#id_note", "上门祝寿")
    page.click("#event-form button[type=submit]")
    page.wait_for_load_state()
    page.click("nav >> text=劳模关爱")
    page.wait_for_load_state()
    birthday_row = page.locator("#due-birthday tr:has-text('蒋德明')")
    assert today.isoformat() in birthday_row.inner_text()  # the visit shows as done (上次)
    _shot(page, tmp_path, "care-03-due-after-visit")
    assert CareEvent.objects.filter(is_demo=False).count() == 2

    page.click("text=疗休养批次")
    page.wait_for_load_state()
    page.locator("table a:has-text('演示')").first.click()
    page.wait_for_load_state()
    page.locator("#roster button:has-text('不参加')").first.click()
    page.wait_for_load_state()
    assert "不参加" in page.locator("#roster").inner_text()
    _shot(page, tmp_path, "care-04-batch")
    page.click("nav >> text=劳模关爱")
    page.click("text=待遇规则")
    page.wait_for_load_state()
    assert "种子文件000" in page.locator("#default-rules").inner_text()
    _shot(page, tmp_path, "care-05-rules")
