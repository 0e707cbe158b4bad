"""The printed lists read back with openpyxl: title and columns (发放表 with its signature column),
姓氏笔画 order, the user's scope only, ID numbers masked, no formula from hostile names."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from care.exporters import HealthCheckListExporter, PaymentSheetExporter, RecuperationListExporter, VisitListExporter
from care.models import CareKind
from care.services import batch_create, batch_fill, care_event_record, care_profile_update, care_rule_save
from tests.factories import AwardFactory, PersonFactory
from tests.scenarios.exports import (
    HOSTILE,
    assert_no_formulas,
    data_rows,
    export_bytes,
    header_index,
    sheet_rows,
    workbook,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def rows_of(exporter):
    data = export_bytes(exporter)
    assert_no_formulas(data)
    ws = workbook(data).worksheets[0]
    rows = sheet_rows(ws)
    return rows, data_rows(ws)


def test_the_payment_sheet_has_amounts_and_an_empty_signature_column_in_stroke_order(world):
    care_rule_save(organization=world.root, kind=CareKind.ALLOWANCE, amount=Decimal("500"), period="每月", by=None)
    rows, data = rows_of(PaymentSheetExporter(user=world.users["root_org"]))
    assert rows[0] == [f"{TODAY.year}年劳模荣誉津贴发放表"]
    assert rows[1][0].startswith("以姓氏笔画为序")
    header = rows[header_index(rows)]
    assert header == ["序号", "姓名", "性别", "工作单位", "荣誉", "状态", "金额（元）", "领取人签名", "备注"]
    people, total = data[:-1], data[-1]
    assert [r[1] for r in people] == ["丁一", "王伟", "李娜", "欧阳修"]
    assert [r[0] for r in people] == [1, 2, 3, 4]
    assert all(r[6] == 500 and len(r) <= 7 for r in people)  # signature and note cells left blank
    assert total[1] == "合计4人" and total[6] == 2000


def test_the_health_check_list_is_the_users_scope_with_id_numbers_masked(world):
    rows, data = rows_of(HealthCheckListExporter(user=world.users["a_org"]))
    assert [r[1] for r in data] == ["丁一", "王伟", "欧阳修"]
    id_col = rows[header_index(rows)].index("身份证号")
    full = world.people["丁一"].id_number
    assert data[0][id_col] != full and data[0][id_col].endswith(full[-4:]) and "*" in data[0][id_col]


def test_a_batch_roster_lists_who_was_invited(world):
    batch = batch_create(
        organization=world.root, by=None, name="第二批", base="北戴河", start_date=TODAY + dt.timedelta(days=9),
        end_date=TODAY + dt.timedelta(days=14), places=5,
    )
    batch_fill(batch=batch, by=None, today=TODAY)
    rows, data = rows_of(RecuperationListExporter(user=world.users["root_org"], batch=batch))
    assert rows[0][0].startswith("第二批名单（北戴河")
    assert [(r[1], r[-1]) for r in data] == [(n, "待确认") for n in ("丁一", "王伟", "李娜", "欧阳修")]


def test_the_birthday_list_names_who_turns_80(world):
    elder = PersonFactory(
        name="丁二", employer=world.factory_a, birth_date=TODAY.replace(day=1).replace(year=TODAY.year - 80)
    )
    AwardFactory(person=elder, honor_type=world.model_worker, year=1990)
    _rows, data = rows_of(VisitListExporter(user=world.users["a_org"], birthdays=True))
    assert [(r[1], r[-1]) for r in data] == [("丁二", "80岁生日")]


def test_hostile_names_are_text_and_a_dead_persons_name_leaves_the_visit_list(world):
    hostile = PersonFactory(name=HOSTILE[0], employer=world.factory_a)
    AwardFactory(person=hostile, honor_type=world.model_worker, year=2010)
    care_profile_update(person_id=world.people["丁一"].pk, by=None, life_status="deceased", died_on=TODAY)
    _rows, data = rows_of(VisitListExporter(user=world.users["a_org"]))
    names = [r[1] for r in data]
    assert HOSTILE[0] in names and "丁一" not in names


def test_the_web_download_answers_for_organisers_only(client, world):
    care_event_record(person_id=world.people["王伟"].pk, kind=CareKind.VISIT, date=TODAY, by=None)
    client.force_login(world.users["a_org"])
    response = client.get(reverse("care:export", args=["care_checkup"]))
    assert response.status_code == 200
    client.force_login(world.users["a_viewer"])
    assert client.get(reverse("care:export", args=["care_checkup"])).status_code == 404


def test_the_command_line_exports_every_list(world, tmp_path):
    for name in ("care_payment", "care_checkup", "care_recup", "care_visits"):
        out = tmp_path / f"{name}.xlsx"
        call_command("export", name, "--organization", world.district_a.name, "-o", str(out))
        assert out.stat().st_size > 0
