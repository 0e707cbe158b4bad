"""The ledger import: every bad row reported 第N行 列：原因, all or nothing, matched within the user's care
scope, a fixed number of queries."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from care.importers import LedgerImporter
from care.models import CareEvent, CareKind
from core.models import ImportRecord

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "身份证号", "项目", "日期", "金额", "说明"]


def xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_good_file_is_saved_in_one_go(world):
    user = world.users["a_org"]
    data = xlsx(
        [
            ["王伟", None, "健康体检", "2024-05-01", None, "体检中心"],
            ["丁一", world.people["丁一"].id_number, "荣誉津贴", "2024/06/30", "500", ""],
            ["欧阳修", None, "慰问金", "2024年1月20日", "1,000.00", "春节"],
        ]
    )
    report = LedgerImporter(by=user).run(data, filename="台账.xlsx")
    assert report.ok and report.saved, [str(e) for e in report.errors]
    events = CareEvent.objects.order_by("date")
    assert [(e.profile.person.name, e.kind) for e in events] == [
        ("欧阳修", CareKind.FESTIVAL),
        ("王伟", CareKind.HEALTH_CHECK),
        ("丁一", CareKind.ALLOWANCE),
    ]
    assert events[0].amount == Decimal("1000.00") and all(e.recorded_by == user for e in events)
    assert ImportRecord.objects.get(kind="care_ledger").created_count == 3


def test_every_bad_row_is_reported_and_nothing_is_saved(world):
    user = world.users["a_org"]
    future = (timezone.localdate().replace(day=1) + timezone.timedelta(days=62)).isoformat()
    data = xlsx(
        [
            ["王伟", None, "健康体检", "2024-05-01", None, ""],  # good
            [None, None, "健康体检", "2024-05-01", None, ""],
            ["李娜", None, "健康体检", "2024-05-01", None, ""],  # district B: not this user's
            ["王伟", None, "按摩", "2024-05-01", None, ""],
            ["王伟", None, "健康体检", "昨天", None, ""],
            ["王伟", None, "荣誉津贴", "2024-05-01", "五百", ""],
            ["王伟", None, "荣誉津贴", "2024-05-01", None, ""],
            ["王伟", None, "健康体检", future, None, ""],
            ["丁一", "123", "健康体检", "2024-05-01", None, ""],
            ["王伟", None, "去世慰问", "2024-05-01", None, ""],
            ["=HYPERLINK(\"x\")", None, "健康体检", "2024-05-01", None, ""],
        ]
    )
    report = LedgerImporter(by=user).run(data, filename="台账.xlsx")
    assert not report.saved and CareEvent.objects.count() == 0
    rows = {e.row: str(e) for e in report.errors}
    assert sorted(rows) == list(range(3, 13))
    assert rows[3] == "第3行 姓名：姓名不能为空"
    assert rows[4].startswith("第4行 姓名：找不到关爱对象“李娜”")
    assert rows[5].startswith("第5行 项目：项目“按摩”不在可选范围内")
    assert rows[6].startswith("第6行 日期：日期“昨天”无法识别")
    assert rows[7] == "第7行 金额：金额“五百”不是数字"
    assert rows[8] == "第8行 金额：荣誉津贴须填写金额"
    assert rows[9] == "第9行 日期：日期不能晚于今天"
    assert rows[10].startswith("第10行 身份证号：")
    assert rows[11] == "第11行 项目：去世慰问须先登记去世日期"


def test_the_same_name_twice_needs_the_id_number(world):
    from tests.factories import AwardFactory, PersonFactory

    twin = PersonFactory(name="王伟", employer=world.factory_a)
    AwardFactory(person=twin, honor_type=world.model_worker, year=2019)
    report = LedgerImporter(by=world.users["a_org"]).run(
        xlsx([["王伟", None, "健康体检", "2024-05-01", None, ""]]), filename="t.xlsx"
    )
    assert [str(e) for e in report.errors] == ["第2行 姓名：有2位关爱对象名为“王伟”，请填写身份证号以区分"]


def test_import_queries_do_not_grow_with_rows(world):
    def queries(n):
        CareEvent.objects.all().delete()
        data = xlsx([["王伟", None, "走访慰问", "2024-05-01", None, str(i)] for i in range(n)])
        with CaptureQueriesContext(connection) as ctx:
            report = LedgerImporter(by=world.users["a_org"]).run(data, filename="t.xlsx")
        assert report.saved
        return len(ctx.captured_queries)

    queries(1)  # the person's care profile now exists
    assert queries(3) == queries(30)


def test_the_web_flow_checks_then_confirms(client, world):
    client.force_login(world.users["a_org"])
    upload = io.BytesIO(xlsx([["王伟", None, "健康体检", "2024-05-01", None, ""]]))
    upload.name = "台账.xlsx"
    page = client.post(reverse("care:import"), {"file": upload})
    assert page.status_code == 200 and CareEvent.objects.count() == 0
    token = page.context["token"]
    done = client.post(reverse("care:import_confirm"), {"token": token})
    assert done.status_code == 302 and CareEvent.objects.count() == 1
    client.force_login(world.users["a_viewer"])
    assert client.get(reverse("care:import")).status_code == 404


def test_the_template_reads_back_with_the_importers_columns(client, world):
    from openpyxl import load_workbook

    client.force_login(world.users["a_org"])
    response = client.get(reverse("care:import_template"))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == HEADER
    assert "下载模板" in client.get(reverse("care:import")).content.decode()
    report = LedgerImporter(by=world.users["a_org"]).run(response.content, filename="t.xlsx", dry_run=True)
    assert [str(e) for e in report.errors] == ["表中没有数据行"]
