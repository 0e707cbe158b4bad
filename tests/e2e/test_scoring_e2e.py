"""A judge scores in the browser; the organiser publishes; the public reads the results."""

import pytest

from competitions.models import Competition, JudgeAssignment, Mark
from competitions.services.results import event_lock_scores
from tests.factories import UserFactory
from tests.scenarios.contests import add_entries, give

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_judge_enters_marks_and_the_public_page_shows_the_published_result(seed_data, login, live_server, shot):

    haihe = Competition.objects.get(slug="haihe-cup-2023")
    event = haihe.events.get(name="焊工")
    judge = UserFactory(username="e2e-judge")
    chief = UserFactory(username="e2e-chief")
    JudgeAssignment.objects.create(event=event, user=judge)
    JudgeAssignment.objects.create(event=event, user=chief, is_chief=True)
    entries = list(event.entries.order_by("bib"))
    theory, practical = list(event.components.order_by("order"))

    page = login("e2e-judge")
    page.click("text=评分任务")
    page.click("text=评分表")
    first = f"#id_m_{entries[0].pk}_{practical.pk}"
    page.fill(first, "91.5")
    page.fill(f"#id_m_{entries[0].pk}_{theory.pk}", "88")
    page.click("button:has-text('保存')")
    page.wait_for_load_state()
    assert page.locator("text=已保存 2 项").count() == 1
    assert page.input_value(first) == "91.50"
    assert Mark.objects.filter(judge=judge).count() == 2

    # the rest of the field comes from a score sheet
    for entry in entries[1:]:
        give(entry, theory, "80")
        give(entry, practical, "80")
    event_lock_scores(event=event, by=chief)

    judge_page = page
    page = fresh_page(judge_page)
    page.goto(f"{live_server.url}/login/?next=/competitions/haihe-cup-2023/scoring/{event.pk}/results/")
    page.fill("#id_username", "tianjin")
    page.fill("#id_password", "pw-123456")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    # 公布成绩 asks first: what becomes public, how many entries; nothing published until confirmed
    page.click("text=公布成绩…")
    page.wait_for_load_state()
    preview = page.locator("#publish-preview")
    assert "将公开的内容" in preview.inner_text() and f"名次表：{len(entries)} 名选手" in preview.inner_text()
    shot("publish-confirm", on=page)
    event.refresh_from_db()
    assert not event.results_published
    page.check("#id_confirm")
    page.click("button:has-text('确认公布')")
    page.wait_for_load_state()
    assert page.locator("text=成绩已公布").count() == 1

    anonymous = fresh_page(page)
    anonymous.goto(f"{live_server.url}/results/haihe-cup-2023/{event.pk}/")
    row = anonymous.locator("tbody tr").first
    assert entries[0].person.name in row.inner_text() and "一等奖" in row.inner_text()
    assert entries[0].person.id_number not in anonymous.content()
    # the public page on a phone: the body never scrolls sideways
    widths = shot("public-event-results", on=anonymous)
    assert widths[390] <= 390
    # close the extra browser contexts before the live server stops (no request left in flight)
    for extra in (page, anonymous):
        extra.context.close()


def fresh_page(page):
    """A page in a new browser context: no cookies, nobody logged in."""
    return page.context.browser.new_context(locale="zh-CN").new_page()


def test_a_stale_sheet_shows_the_conflict_in_the_browser(seed_data, login, live_server):

    event = Competition.objects.get(slug="haihe-cup-2023").events.get(name="焊工")
    judge = UserFactory(username="e2e-judge2")
    JudgeAssignment.objects.create(event=event, user=judge)
    entry = add_entries(event, 1, prefix="E2E")[0]
    practical = event.components.get(key="practical")
    page = login("e2e-judge2")
    page.goto(f"{live_server.url}/competitions/haihe-cup-2023/scoring/{event.pk}/marks/")
    # the same judge saves from another device in the meantime
    Mark.objects.create(entry=entry, component=practical, judge=judge, value=70)
    page.fill(f"#id_m_{entry.pk}_{practical.pk}", "75")
    page.click("button:has-text('保存')")
    page.wait_for_load_state()
    assert page.locator("text=已被他人修改，请刷新").count() == 1
    assert Mark.objects.get(entry=entry).value == 70


def test_a_judges_mark_sheet_fits_a_phone(seed_data, page, login, live_server, shot):
    event = Competition.objects.get(slug="haihe-cup-2023").events.get(name="焊工")
    judge = UserFactory(username="e2e-judge-phone")
    JudgeAssignment.objects.create(event=event, user=judge)
    page.set_viewport_size({"width": 390, "height": 844})
    login("e2e-judge-phone")
    page.goto(f"{live_server.url}/competitions/haihe-cup-2023/scoring/{event.pk}/marks/")
    # every mark box is on screen: neither the page nor the sheet scrolls sideways at 390 px
    sheet = page.locator(".mark-sheet").locator("xpath=..")
    assert sheet.evaluate("e => e.scrollWidth <= e.clientWidth")
    boxes = page.locator(".mark-sheet input[type=text], .mark-sheet input[type=number]")
    assert boxes.count() == 2 * event.entries.count()
    assert boxes.last.evaluate("e => e.getBoundingClientRect().right") <= 390
    assert shot("mark-sheet")[390] <= 390
