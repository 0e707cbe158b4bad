"""The entries list in the browser, its rows drawn by core.table_rows: sorting by a header reorders
them, 全选 ticks every row's box for the bulk form, the selection reaches the confirmation page, and a
name leads to the person; at 390 px the table scrolls inside its box instead of widening the page."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from competitions.models import Competition, Entry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organiser_sorts_selects_and_follows_the_rows_of_the_entries_list(
    seed_data, page, login, live_server, tmp_path
):
    competition = Competition.objects.filter(events__entries__isnull=False).order_by("id").first()
    entries = Entry.objects.filter(event__competition=competition)
    page = login("demo")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/competitions/{competition.slug}/entries/?per_page=200")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(entries.count())

    page.locator("main table thead th a", has_text="参赛号").click()
    page.wait_for_load_state()
    ascending = rows.locator("td:nth-child(2)").all_inner_texts()
    page.locator("main table thead th a", has_text="参赛号").click()
    page.wait_for_load_state()
    assert rows.locator("td:nth-child(2)").all_inner_texts() == ascending[::-1] != ascending

    page.locator("[data-bulk-all]").check()
    boxes = page.locator("main table tbody input[name=ids]")
    assert boxes.count() == entries.count()
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.locator("#bulk-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(f"以下 {entries.count()} 条报名")  # every ticked row arrived
    folder = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "entries-bulk-confirm-1366.png"), full_page=True)

    page.goto(f"{live_server.url}/competitions/{competition.slug}/entries/")
    name = rows.first.locator("td:nth-child(3) a")
    person = name.inner_text()
    name.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text(person)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/competitions/{competition.slug}/entries/")
    expect(rows.first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(folder / "entries-390.png"), full_page=False)
