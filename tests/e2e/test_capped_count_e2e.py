"""A list longer than core.tables.COUNT_CAP in the browser: it says "超过 N 人", "精确计数" gives the
exact figure, and "下一页" keeps going past the counted rows to the last person."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from directory.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organiser_pages_past_the_counted_rows_and_asks_for_the_exact_count(
    seed_data, page, login, live_server, monkeypatch, tmp_path
):
    monkeypatch.setattr("core.tables.COUNT_CAP", 20)  # the seed data has about 120 people
    total = Person.objects.count()
    page = login("demo")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/people/?per_page=15")
    expect(page.locator("[data-row-count]")).to_contain_text("超过 20 人")

    pages = 1
    while page.locator("ul.pagination >> text=下一页").count():
        page.locator("ul.pagination >> text=下一页").click()
        page.wait_for_load_state()
        pages += 1
        assert pages <= 20  # never more pages than rows allow
    assert pages == -(-total // 15)  # the last page was reached one "下一页" at a time
    assert page.locator("table tbody tr").count() == total - 15 * (pages - 1)

    page.locator("[data-row-count] a", has_text="精确计数").click()
    expect(page.locator("[data-row-count]")).to_have_text(f"共 {total} 人")
    folder = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "people-exact-count-1366.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/people/?per_page=15")
    expect(page.locator("[data-row-count]")).to_contain_text("超过 20 人")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
