"""The entries list in the browser, its rows drawn by core.table_rows: sorting by a header reorders
them, 全选 ticks every row's box for the bulk form, the selection reaches the confirmation page, and a
name leads to the person; at 390 px the table scrolls inside its box instead of widening the page."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from competitions.models import Competition, CompetitionStatus, Entry

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


def test_a_withdrawal_shows_on_the_cached_entries_list_at_once(seed_data, page, login, live_server, shot):
    """The list's table is cached per user and query string (competitions.selectors.entry_list_stamps):
    an organiser who has seen the list, withdraws an entry and comes back sees the new status, in the
    filtered view they came from as well as the whole list."""
    competition = Competition.objects.filter(events__entries__status="registered").order_by("id").first()
    competition.status = CompetitionStatus.REGISTRATION  # the seed's competitions are over: one reopened
    competition.save()
    entry = Entry.objects.filter(event__competition=competition, status="registered").order_by("id").first()
    page = login("demo")
    filtered = f"{live_server.url}/competitions/{competition.slug}/entries/?event={entry.event_id}&status=registered"
    page.goto(filtered)
    row = page.locator("main table tbody tr", has_text=entry.bib)
    expect(row).to_have_count(1)
    page.goto(f"{live_server.url}/competitions/{competition.slug}/entries/?q={entry.bib}")  # seen, so cached
    row.locator("a", has_text="退赛/取消资格").click()
    page.locator("#id_action").select_option("withdraw")
    page.fill("#id_reason", "身体原因 <b>不适</b>")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_contain_text("报名状态")
    page.goto(f"{live_server.url}/competitions/{competition.slug}/entries/?q={entry.bib}")
    expect(row.locator(".badge")).to_have_text("已退赛")
    expect(row).to_contain_text("身体原因 <b>不适</b>")  # the reason as text, never as markup
    page.goto(filtered)
    expect(page.locator("main table tbody tr", has_text=entry.bib)).to_have_count(0)
    widths = shot("entries-after-withdrawal")
    assert widths[390] <= 390
