"""推荐汇总表 (nominations): per nominating unit, categories, who sees full ID numbers, places and shares."""

import datetime

import pytest
from django.core.management import call_command

from awards.exporters import NominationsExporter
from awards.models import NominationStatus
from core.exports import ExportError, get_exporter
from core.idcard import mask_id_number, mask_phone
from directory.models import Role
from tests.scenarios.exports import (
    HOSTILE,
    assert_no_formulas,
    data_rows,
    export_bytes,
    read_back,
    sheet_rows,
    workbook,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "序号", "荣誉称号", "姓名（集体名称）", "性别", "民族", "出生日期", "政治面貌", "身份证号", "手机号", "单位及职务",
    "产业工人", "农民工", "一线职工", "专业技术人员", "科教人员", "企业负责人", "新就业形态劳动者", "非公有制经济组织",
    "状态",
]
NAME, ID, PHONE, BIRTH = 2, 7, 8, 5


def export(**params):
    return workbook(export_bytes(NominationsExporter(**params)))


def by_name(ws):
    return {r[NAME]: r for r in data_rows(ws) if len(r) > 1}


def test_one_section_per_nominating_unit_in_tree_order(honours):
    ws = export(campaign=honours.campaign).worksheets[0]
    rows = sheet_rows(ws)
    assert rows[0] == ["2024年天津市五一劳动奖章评选推荐汇总表"]
    assert rows[1] == HEADER
    sections = [r[0] for r in rows[2:] if len(r) == 1]
    assert sections == ["一、甲区总工会（3项推荐）", "二、乙区总工会（4项推荐）"]
    names = [r[NAME] for r in rows[2:] if len(r) > 1]
    # Honour order (奖章 before 先锋号), then 姓氏笔画: 方 (丶) 尹 (乛一) 孔 (乛亅); drafts and
    # withdrawn nominations are not in a summary.
    assert names == ["王芳(女)", "毛明", "甲区精密机械有限公司", "方正", "尹华", "孔亮", read_back(HOSTILE[5])]
    assert [r[0] for r in rows[2:] if len(r) > 1] == [1, 2, 3, 1, 2, 3, 4]


def test_personal_data_and_categories_from_the_command_line(honours):
    ws = export(campaign=honours.campaign).worksheets[0]
    person = honours.nominations["王芳"].person
    row = by_name(ws)["王芳(女)"]
    assert row == [
        1, "天津市五一劳动奖章", "王芳(女)", "女", "汉族", datetime.datetime(1985, 6, 1), "中共党员",
        person.id_number, "13912345678", "甲区精密机械有限公司车间主任",
        "✓", None, None, None, None, None, None, "✓", "公示中",
    ]
    # ID and phone are text cells; the birth date a real date.
    cells = {c.value: c for c in next(r for r in ws.iter_rows() if r[NAME].value == "王芳(女)")}
    assert cells[person.id_number].data_type == "s"
    assert cells["13912345678"].data_type == "s"
    assert cells[datetime.datetime(1985, 6, 1)].is_date
    collective = by_name(ws)["甲区精密机械有限公司"]
    assert collective[3:9] == [None] * 6 and collective[9] == HOSTILE[1]


def test_organisers_of_the_conferring_union_see_full_numbers(honours, user_with):
    user = user_with((honours.root, Role.ORGANIZER))
    rows = by_name(export(campaign=honours.campaign, user=user).worksheets[0])
    for key in ("王芳", "孔亮"):
        person = honours.nominations[key].person
        row = rows[person.name + ("(女)" if person.gender == "F" else "")]
        assert row[ID] == person.id_number and row[PHONE] == person.phone


def test_viewers_get_the_public_mask_and_no_birth_date(honours, user_with):
    user = user_with((honours.root, Role.VIEWER))
    rows = by_name(export(campaign=honours.campaign, user=user).worksheets[0])
    person = honours.nominations["孔亮"].person
    row = rows["孔亮"]
    assert row[ID] == mask_id_number(person.id_number)
    assert row[ID] == person.id_number[:3] + "*" * 11 + person.id_number[-4:]
    assert row[PHONE] == mask_phone(person.phone) == "139****5678"
    assert row[BIRTH] is None


def test_full_numbers_only_for_the_units_the_user_organises(honours, user_with):
    user = user_with((honours.root, Role.VIEWER), (honours.district_a, Role.ORGANIZER))
    rows = by_name(export(campaign=honours.campaign, user=user).worksheets[0])
    assert rows["王芳(女)"][ID] == honours.nominations["王芳"].person.id_number  # district A: organiser
    assert rows["孔亮"][ID] == mask_id_number(honours.nominations["孔亮"].person.id_number)  # district B


def test_a_nominating_unit_sees_only_its_own_nominations_and_places(honours, user_with):
    user = user_with((honours.district_a, Role.ORGANIZER))
    wb = export(campaign=honours.campaign, user=user)
    names = [r[NAME] for r in data_rows(wb.worksheets[0]) if len(r) > 1]
    assert names == ["王芳(女)", "毛明", "甲区精密机械有限公司"]
    summary = data_rows(wb.worksheets[1])
    assert summary[1] == [1, "甲区总工会", "天津市五一劳动奖章", "1名", 2, None, None, "超出1名"]
    assert summary[2] == ["二、构成比例"]


def test_second_sheet_places_and_composition(honours):
    wb = export(campaign=honours.campaign)
    ws = wb.worksheets[1]
    assert ws.title == "名额与比例"
    rows = sheet_rows(ws)
    assert rows[0] == ["2024年天津市五一劳动奖章评选名额使用与构成比例"]
    assert rows[2:5] == [
        ["一、名额使用情况"],
        [1, "甲区总工会", "天津市五一劳动奖章", "1名", 2, None, None, "超出1名"],
        [2, "乙区总工会", "天津市五一劳动奖章", "4名", 4, None, None, "名额已用满"],
    ]
    assert rows[5] == ["二、构成比例"]
    industrial, female = rows[6], rows[7]
    assert industrial[:6] == [1, "产业工人", "全部个人荣誉", "不低于35%", 1, 6]
    assert industrial[6] == pytest.approx(0.1667)
    assert "还需增加2名产业工人" in industrial[7]
    assert female[:6] == [2, "女性", "全部个人荣誉", "不低于20%（提示）", 1, 6]
    share_cell = ws.cell(row=7, column=7)
    assert share_cell.number_format == "0.00%"


def test_status_filter_and_errors(honours, tmp_path):
    ws = export(campaign=honours.campaign, status=[NominationStatus.DRAFT]).worksheets[0]
    assert [r[NAME] for r in data_rows(ws) if len(r) > 1] == ["文化(女)"]
    with pytest.raises(ExportError, match="未知的推荐状态"):
        NominationsExporter(campaign=honours.campaign, status=["bogus"])
    with pytest.raises(ExportError, match="没有编号为 999999"):
        NominationsExporter(campaign="999999")
    out = tmp_path / "n.xlsx"
    call_command(
        "export", "nominations", "--campaign", str(honours.campaign.pk), "--status", "draft", "--status", "withdrawn",
        "-o", str(out),
    )
    names = [r[NAME] for r in data_rows(workbook(out.read_bytes()).worksheets[0]) if len(r) > 1]
    assert names == ["于谦", "文化(女)"]  # 于 (3 strokes) before 文 (4)
    assert not get_exporter("nominations").public


def test_hostile_text_stays_text_in_both_sheets(honours):
    data = export_bytes(NominationsExporter(campaign=honours.campaign))
    assert_no_formulas(data)
    wb = workbook(data)
    values = {c for ws in wb.worksheets for row in sheet_rows(ws) for c in row if isinstance(c, str)}
    assert HOSTILE[6] in values and HOSTILE[1] in values
    assert wb.worksheets[0].page_setup.orientation == "landscape"
