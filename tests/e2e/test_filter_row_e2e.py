"""A list's filter row (FilterForm.row_html) in the browser: an organiser picks an event, a status and
a category on the entries list, the list narrows to them and the row keeps what was picked; the
clear link empties it; a wrong value shows crispy's summary. At 390 px the row's fields stack and
the page does not widen."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from competitions.models import Competition, Entry, EntryStatus, Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organiser_filters_the_entries_list_and_the_row_keeps_the_choices(seed_data, login, live_server, tmp_path):
    competition = Competition.objects.filter(events__entries__isnull=False).order_by("id").first()
    event = Event.objects.filter(competition=competition, entries__isnull=False).order_by("id").last()
    expected = Entry.objects.filter(event=event, status=EntryStatus.REGISTERED).count()
    assert expected
    page = login("demo")
    url = f"{live_server.url}/competitions/{competition.slug}/entries/"
    page.goto(url)
    form = page.locator("form.filter-form")
    form.locator("select[name=event]").select_option(str(event.pk))
    form.locator("select[name=status]").select_option(EntryStatus.REGISTERED)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("main table tbody tr")).to_have_count(min(expected, 50))
    assert set(page.locator("main table tbody td:nth-child(8)").all_inner_texts()) == {event.name}
    expect(form.locator("select[name=event]")).to_have_value(str(event.pk))
    expect(form.locator("select[name=status]")).to_have_value(EntryStatus.REGISTERED)

    form.locator("input[name=categories]").first.check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert form.locator("input[name=categories]").first.is_checked()
    expect(form.locator("select[name=event]")).to_have_value(str(event.pk))  # kept beside the box

    folder = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "entries-filtered-1366.png"), full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    boxes = [form.locator(f"select[name={n}]").bounding_box() for n in ("event", "status")]
    assert boxes[0]["x"] + boxes[0]["width"] <= 390 and boxes[1]["y"] > boxes[0]["y"]  # stacked, inside
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(folder / "entries-filtered-390.png"), full_page=False)
    page.set_viewport_size({"width": 1366, "height": 768})

    with page.expect_navigation():
        form.locator("a", has_text="清除").click()
    expect(form.locator("select[name=event]")).to_have_value("")
    assert not form.locator("input[name=categories]").first.is_checked()


def test_a_wrong_filter_value_is_shown_by_the_forms_summary(seed_data, login, live_server):
    page = login("demo")
    page.goto(f"{live_server.url}/awards/?year=abc")
    expect(page.locator("form.filter-form [role=alert].form-errors")).to_contain_text("年度")
    expect(page.locator("form.filter-form input[name=year].is-invalid")).to_have_count(1)
