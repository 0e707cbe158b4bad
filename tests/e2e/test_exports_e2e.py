"""The export bars in a real browser: the campaign page's and the 表彰记录 page's options (排序,
标注少数民族) reach the exporter, and the file downloaded reads back in the order chosen."""

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from awards.models import Campaign
from directory.models import Gender
from tests.factories import AwardFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 姓氏笔画: single given names first (王力 王毅), then 王小洪; 姓名笔画: character by character
# (小 3 strokes before 毅 15), so 王小洪 comes before 王毅.
NAMES = ["王毅", "王小洪", "王力", "马兰"]
BY_SURNAME = ["马兰(女，回族)", "王力", "王毅", "王小洪"]
BY_FULLNAME = ["马兰(女，回族)", "王力", "王小洪", "王毅"]


def _read(download) -> list[list]:
    data = Path(download.path()).read_bytes()
    ws = load_workbook(io.BytesIO(data)).active
    return [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]


def test_roster_downloaded_with_the_fullname_rule_and_ethnicity(seed_data, page, login, live_server, shot):
    campaign = Campaign.objects.get(name__startswith="2024年天津市五一劳动奖章")
    Campaign.objects.filter(pk=campaign.pk).update(decision_number="津工发〔2024〕9号", decision_date=date(2024, 4, 25))
    honour = campaign.honor_types.filter(recipient_kind="individual").order_by("precedence").first()
    for name in NAMES:
        person = PersonFactory(
            name=name,
            gender=Gender.FEMALE if name == "马兰" else Gender.MALE,
            ethnicity="回族" if name == "马兰" else "汉族",
            employer=campaign.conferring_org,
            id_number=None,
        )
        AwardFactory(honor_type=honour, year=2024, person=person, campaign=campaign, unit_and_title="测试单位职工")

    page.set_viewport_size({"width": 1366, "height": 768})
    login("tianjin")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    bar = page.locator("#campaign-export")
    assert bar.is_visible()
    shot("campaign-export-bar", widths=(1366,))

    # 姓名笔画 and the ethnicity mark, then 导出表彰名单.
    bar.locator("select[name=rule]").select_option("fullname")
    bar.locator("input[name=ethnicity]").check()
    with page.expect_download() as info:
        bar.locator("button:has-text('导出表彰名单')").click()
    rows = _read(info.value)
    assert rows[1] == ["津工发〔2024〕9号　2024年4月25日"]
    assert rows[2] == ["（以姓名笔画为序）"]
    names = [r[1] for r in rows[4:] if len(r) > 1 and r[1] in BY_FULLNAME]
    assert names == BY_FULLNAME

    # The default (姓氏笔画) from the 表彰记录 page, filtered to the year.
    page.goto(f"{live_server.url}/awards/?year=2024&honor_type={honour.pk}")
    shot("award-list-export-bar", widths=(1366,))
    export = page.locator("#award-export")
    export.locator("input[name=ethnicity]").check()
    with page.expect_download() as info:
        export.locator("button:has-text('导出表彰名单')").click()
    rows = _read(info.value)
    assert "（以姓氏笔画为序）" in [r[0] for r in rows[:4] if len(r) == 1]
    names = [r[1] for r in rows if len(r) > 1 and r[1] in BY_SURNAME]
    assert names == BY_SURNAME

    # A bad value typed into the address bar is a message, not an error page.
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/export/roster/?rule=bogus")
    body = page.inner_text("body")
    assert "导出失败" in body and "排序" in body
    shot("campaign-export-bad-value", widths=(1366,))


def test_statistics_page_form_is_the_exporters_parameters(seed_data, page, login, live_server, shot):
    page.set_viewport_size({"width": 1366, "height": 768})
    login("tianjin")
    page.goto(f"{live_server.url}/awards/statistics/")
    for name in ("year", "organization", "depth", "title"):  # StatisticsExporter.Parameters
        assert page.locator(f"[name={name}]").count() == 1
    page.goto(f"{live_server.url}/awards/statistics/?year=abc")  # typed into the address bar
    assert "年度应为数字" in page.inner_text("body")
    page.fill("[name=year]", "2024")
    page.click("button:has-text('统计')")
    page.wait_for_load_state()
    shot("statistics-page", widths=(1366,))
    with page.expect_download() as info:
        page.click("text=导出 Excel")
    rows = _read(info.value)
    assert rows[0] == ["2024年表彰统计表"]
