"""Guards on order, in Chromium at 1366×768: a premature 公示 asks for a reason, 表彰 and 撤销 confirm
on a page that lists what will happen, a competition still 报名中 after its closing date prompts its
organiser; and the demo a newcomer meets: the current year's competition open for registration, a
readable slug, the nomination form's results named in full. Screenshots go to $E2E_SCREENSHOTS."""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from awards.models import Award, AwardStatus, Campaign, CampaignStatus, CampaignStatusChange
from awards.services import nominations as nomination_services
from competitions.models import Competition, CompetitionStatus, Result
from tests.factories import CompetitionFactory, EntryFactory, EventFactory, PersonFactory
from tests.scenarios.honours import TODAY, honours_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shot(page, tmp_path):
    """shot(name): a full-page screenshot at 1366×768, kept under $E2E_SCREENSHOTS (CI) or tmp_path."""
    page.set_viewport_size({"width": 1366, "height": 768})
    folder = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)

    def take(name):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return take


def approve(world, person, org, by):
    n = nomination_services.nomination_create(
        campaign=world["campaign"], by=world["users"][by], nominating_org=org, honor_type=world["medal"],
        person=person, citation="主要事迹：技术攻关，成绩突出。",
    )  # fmt: skip
    nomination_services.nomination_submit(nomination=n, by=world["users"][by], today=TODAY)
    nomination_services.nomination_approve(nomination=n, by=world["users"]["reviewer"])
    return n


def test_a_premature_notice_warns_lists_who_goes_public_and_records_the_reason(page, login, live_server, shot):
    world = honours_world()
    approve(world, PersonFactory(name="王建华", employer=world["a_co"]), world["a"], "a")
    login("city-organizer")
    page.goto(f"{live_server.url}/campaigns/{world['campaign'].pk}/notice/?start=2024-03-25")
    warnings = page.inner_text("#notice-warnings")
    assert "推荐截止日期为2024年03月31日" in warnings and "尚未报送任何推荐：乙工会" in warnings
    assert "王建华" in page.inner_text("#notice-list")
    shot("guards-01-premature-notice")
    page.click("button:has-text('确认公示这 1 个对象')")
    page.wait_for_load_state()
    assert "请填写理由" in page.inner_text("main")
    assert Campaign.objects.get(pk=world["campaign"].pk).status == CampaignStatus.NOMINATING
    page.fill("textarea[name=reason]", "上级要求月底前完成公示")
    page.click("button:has-text('确认公示这 1 个对象')")
    page.wait_for_load_state()
    assert "公示已开始" in page.inner_text("main")
    change = CampaignStatusChange.objects.get(campaign=world["campaign"], to_status=CampaignStatus.NOTICE)
    assert change.comment.endswith("理由：上级要求月底前完成公示")


def test_confer_lists_who_and_revoke_confirms_on_its_own_page(seed_data, page, login, live_server, shot):
    campaign = Campaign.objects.get(name__startswith="2024年天津市五一劳动奖章")
    login("tianjin")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/confer/")
    assert "确认后将为以下 9 个对象生成表彰记录" in page.inner_text("#confer-summary")
    assert "陈丽娟" in page.inner_text("#confer-held-back")  # the open objection holds her back
    assert "陈丽娟" not in page.inner_text("#confer-list")
    shot("guards-02-confer-confirmation")
    page.fill("input[name=decision_number]", "津工发〔2024〕9号")
    page.fill("input[name=decision_date]", "2024-04-25")
    page.click("button:has-text('确认表彰这 9 个对象')")
    page.wait_for_load_state()
    assert "已表彰9个对象" in page.inner_text("main")

    award = Award.objects.filter(campaign=campaign, recipient_name="王建国").get()
    page.goto(f"{live_server.url}/awards/{award.pk}/")
    page.click("text=撤销表彰…")
    page.wait_for_load_state()
    assert "王建国" in page.inner_text("#revoke-award") and "津工发〔2024〕9号" in page.inner_text("#revoke-award")
    assert "不再列入表彰名单" in page.inner_text("#revoke-effects")
    shot("guards-03-revoke-confirmation")
    page.fill("textarea[name=reason]", "经查材料不实")
    page.click("button:has-text('确认撤销')")
    page.wait_for_load_state()
    assert "已撤销王建国" in page.inner_text("main")
    award.refresh_from_db()
    assert (award.status, award.revoked_reason) == (AwardStatus.REVOKED, "经查材料不实")


def test_the_current_demo_competition_is_open_and_an_overdue_one_prompts(seed_data, page, login, live_server, shot):
    today = timezone.localdate()
    call_command("build_demo_current", "--password", "pw-123456", stdout=io.StringIO())
    current = Competition.objects.get(slug=f"demo-skills-{today.year}")
    login("tianjin")
    page.goto(f"{live_server.url}/competitions/{current.slug}/registration/")
    assert "正在报名" in page.inner_text("main") and page.inner_text("#competition-status") == "报名中"
    assert "registration-overdue" not in page.content()
    shot("guards-04-current-demo-competition")

    # A competition whose window closed but still says 报名中: one click moves it on, recorded.
    overdue = CompetitionFactory(
        name="2025年（演示）逾期竞赛", slug="overdue-2025", organizer=current.organizer, year=2025,
        status=CompetitionStatus.REGISTRATION, registration_opens=dt.date(2025, 3, 1),
        registration_closes=dt.date(2025, 4, 30),
    )  # fmt: skip
    page.goto(f"{live_server.url}/competitions/{overdue.slug}/")
    assert "报名已于 2025年4月30日 截止" in page.inner_text("#registration-overdue")
    shot("guards-05-registration-overdue-prompt")
    page.click("#registration-overdue button")
    page.wait_for_load_state()
    assert page.inner_text("#competition-status") == "进行中"
    overdue.refresh_from_db()
    change = overdue.status_changes.get()
    assert (change.to_status, change.comment, change.changed_by.username) == (
        CompetitionStatus.IN_PROGRESS,
        "报名已于2025-04-30截止",
        "tianjin",
    )


def test_a_new_competition_gets_a_pinyin_slug(seed_data, page, login, live_server):
    login("tianjin")
    page.goto(f"{live_server.url}/competitions/new/")
    page.fill("input[name=name]", "2026年“海河工匠杯”焊工大赛")
    page.fill("input[name=year]", "2026")
    page.select_option("select[name=organizer]", label="天津市总工会")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/competitions/2026-hai-he-gong-jiang-bei-han-gong-da-sai/" in page.url


def test_the_nomination_form_names_each_result_once(page, login, live_server, shot):
    world = honours_world()
    event = EventFactory(
        competition=CompetitionFactory(organizer=world["city"], name="2024年市职工技能大赛"), name="焊工"
    )
    for name, prize in (("王大力", "third"), ("李小梅", "none")):
        entry = EntryFactory(event=event, person=PersonFactory(name=name, employer=world["a_co"]))
        Result.objects.create(entry=entry, rank=9, prize=prize, total=80)
    login("a-organizer")
    page.goto(f"{live_server.url}/campaigns/{world['campaign'].pk}/nominate/person/")
    options = page.eval_on_selector_all("select[name=result] option", "els => els.map(e => e.textContent)")
    assert sorted(o for o in options if "第9名" in o) == [
        "李小梅 · 2024年市职工技能大赛 · 焊工 · 第9名",
        "王大力 · 2024年市职工技能大赛 · 焊工 · 第9名 · 三等奖",
    ]
    page.select_option("select[name=result]", label="王大力 · 2024年市职工技能大赛 · 焊工 · 第9名 · 三等奖")
    shot("guards-06-nomination-form")


def test_closing_nominations_goes_through_a_confirmation_page(page, login, live_server, shot):
    world = honours_world()
    approve(world, PersonFactory(name="王建华", employer=world["a_co"]), world["a"], "a")
    login("city-organizer")
    page.goto(f"{live_server.url}/campaigns/{world['campaign'].pk}/")
    page.click("text=截止推荐、进入审核…")
    page.wait_for_load_state()
    assert "已上报的 1 条推荐进入审核；（其中已审核通过 1 条）" in page.inner_text("#step-effects")
    assert "尚未报送任何推荐：乙工会" in page.inner_text("#step-warnings")
    assert Campaign.objects.get(pk=world["campaign"].pk).status == CampaignStatus.NOMINATING
    shot("guards-07-close-nominations-confirmation")
    page.fill("#step-comment", "按通知如期截止")
    page.click("button:has-text('确认截止推荐、进入审核')")
    page.wait_for_load_state()
    assert "已截止推荐、进入审核" in page.inner_text("main")
    assert Campaign.objects.get(pk=world["campaign"].pk).status == CampaignStatus.REVIEWING
