"""The demo campaign in a real browser: the public notice, answering the objection, conferring."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from awards.models import Award, Campaign, CampaignStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_notice_then_organiser_answers_the_objection_and_confers(seed_data, page, login, live_server, shot):
    campaign = Campaign.objects.get(name__startswith="2024年天津市五一劳动奖章")
    page.goto(f"{live_server.url}/notices/")
    page.click(f"text={campaign.name}")
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert "刘秀英(女)" in body and "公示已结束" in body
    assert not re.search(r"\d{17}[\dX]", body)
    assert shot("public-notice")[390] <= 390  # the public 公示 page on a phone

    login("tianjin")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    assert "待答复的异议" in page.inner_text("body")
    # the campaign page: the flow as steps, no body wider than a phone (it was 496 px at 390)
    assert page.locator("ol.steps li.current").inner_text() == "公示"
    assert shot("campaign-detail")[390] <= 390
    page.click(".alert-warning >> text=陈丽娟")
    page.wait_for_load_state()
    page.check("text=经核查，异议不成立")
    page.fill("textarea[name=answer]", "经核查，相关工资已于2023年底补发，异议不成立。")
    page.click("button:has-text('答复')")
    page.wait_for_load_state()
    assert "已答复异议" in page.inner_text("body")

    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/confer/")
    listed = page.inner_text("#confer-list")
    assert "确认后将为以下 10 个对象生成表彰记录" in page.inner_text("#confer-summary")
    assert "陈丽娟" in listed and "刘秀英(女)" in listed
    shot("campaign-confer")
    page.fill("input[name=decision_number]", "津工发〔2024〕9号")
    page.fill("input[name=decision_date]", "2024-04-25")
    page.click("button:has-text('确认表彰这 10 个对象')")
    page.wait_for_load_state()
    assert "已表彰10个对象" in page.inner_text("body")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CONFERRED
    assert Award.objects.filter(campaign=campaign, decision_number="津工发〔2024〕9号").count() == 10

    # after 表彰 the 公示名单 export still lists what the 公示 published (it was empty)
    with page.expect_download() as download:
        page.click("#campaign-export button:has-text('导出公示名单')")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if isinstance(row[0], int)]
    assert len(names) == 10
