"""A union organiser imports a registration sheet in the browser: upload, dry run, confirm, the list."""

import pytest

from competitions.models import Entry
from core.models import ImportRecord
from tests.scenarios.registration_workbooks import HEADER, new_id, workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_organiser_uploads_checks_and_confirms_a_registration_sheet(open_competition, login, live_server):
    rows = [
        [
            1,
            "陈  静",
            "女",
            "汉族",
            new_id("F"),
            13900000001,
            "天津市計量監督檢測科學研究院",
            "工程师",
            "焊工",
            None,
            "高级工",
        ],
        [
            2,
            "刘洋",
            "男",
            "回",
            new_id("M"),
            "13900000002",
            "天津铁道职业技术学院",
            "教师",
            "电工",
            None,
            "",
        ],
    ]
    data = workbook(rows, header=HEADER, title=f"{open_competition.name}报名表（天津市计量院）")
    page = login("tianjin")
    page.goto(f"{live_server.url}/competitions/{open_competition.slug}/")
    page.click("#registration-links >> text=导入报名表")
    page.wait_for_load_state()
    page.set_input_files("input[name=file]", files=[{"name": "报名表.xlsx", "mimeType": XLSX, "buffer": data}])
    page.click("#import-form button[type=submit]")
    page.wait_for_load_state()

    assert "检查通过，尚未保存" in page.inner_text("#dry-run-summary")
    table = page.inner_text("#dry-run-table")
    assert "陈静" in table and "刘洋" in table and "天津市计量监督检测科学研究院" in table
    assert Entry.objects.filter(person__name__in=["陈静", "刘洋"]).count() == 0

    page.click("#confirm-import")
    page.wait_for_load_state()
    assert f"/competitions/{open_competition.slug}/entries/" in page.url
    assert "已导入 2 条报名" in page.inner_text("main")
    listing = page.inner_text("table")
    assert "陈静" in listing and "刘洋" in listing
    assert Entry.objects.filter(person__name__in=["陈静", "刘洋"]).count() == 2
    assert ImportRecord.objects.get().imported_by.username == "tianjin"
