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


def test_reviewer_selects_all_on_the_second_page_and_approves_only_those(seed_data, page, login, live_server, shot):
    """The campaign page shows its nominations a page at a time: "select all" ticks the page shown,
    and the bulk review takes exactly those."""
    from awards.models import NominationStatus
    from directory.models import Organization
    from tests.factories import CampaignFactory, HonorTypeFactory, NominationFactory, PersonFactory

    tianjin = Organization.objects.get(name="天津市总工会")
    unit = Organization.objects.get(name="（演示）津沽机械制造有限公司")
    campaign = CampaignFactory(
        name="2026年天津市五一劳动奖章评选（分页测试）",
        conferring_org=tianjin,
        status=CampaignStatus.REVIEWING,
        year=2026,
    )
    honour = HonorTypeFactory(name="天津市五一劳动奖章（测试）")
    campaign.honor_types.add(honour)
    for i in range(60):
        NominationFactory(
            campaign=campaign,
            honor_type=honour,
            nominating_org=unit,
            status=NominationStatus.SUBMITTED,
            person=PersonFactory(name=f"测试{i:02d}", employer=unit),
        )
    login("tianjin")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    assert "共 60 项" in page.inner_text("#nominations-count")
    assert page.locator("input[name=ids]").count() == 50  # one page of 50
    page.check("[data-bulk-all]")
    assert page.locator("input[name=ids]:checked").count() == 50
    assert shot("campaign-nominations-paged")[390] <= 390
    page.click(".pagination >> text=2")
    page.wait_for_load_state()
    assert "page=2" in page.url
    assert page.locator("input[name=ids]").count() == 10
    page.check("[data-bulk-all]")
    page.select_option("select[name=action]", "approve")
    page.click("button:has-text('批量处理所选')")
    page.wait_for_load_state()
    assert "确认审核通过 10 项" in page.inner_text("main")
    page.click("button:has-text('确认审核通过 10 项')")
    page.wait_for_load_state()
    assert "已审核通过 10 项推荐" in page.inner_text("main")
    counts = {s: campaign.nominations.filter(status=s).count() for s in ("approved", "submitted")}
    assert counts == {"approved": 10, "submitted": 50}
