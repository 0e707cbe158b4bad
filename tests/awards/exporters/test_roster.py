"""表彰名单 (roster): sections, 姓氏笔画 order, (女), revoked awards, titles, lookups, print setup."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.exporters import RosterExporter
from awards.models import Award
from core.exports import ExportError
from directory.models import Gender, Role
from tests.factories import AwardFactory, PersonFactory
from tests.scenarios.exports import (
    AWARD_ORDER,
    HOSTILE,
    add_awards,
    assert_no_formulas,
    column_width,
    data_rows,
    export_bytes,
    sheet_rows,
    workbook,
)

pytestmark = pytest.mark.django_db


def roster_sheet(**params):
    return workbook(export_bytes(RosterExporter(**params))).active


def names_by_section(ws):
    """{section title: [names]} plus the order of the sections, from the written sheet."""
    sections, current = {}, None
    for row in data_rows(ws):
        if len(row) == 1:
            current = row[0]
            sections[current] = []
        else:
            sections[current].append(row[1])
    return sections


def test_one_section_per_honour_in_precedence_then_level_order(honours):
    ws = roster_sheet(year=2024)
    assert list(names_by_section(ws)) == [
        "一、全国五一劳动奖章（1名）",  # precedence 10, national
        "二、天津市五一劳动奖章（12名）",  # precedence 10, provincial
        "三、天津市五一劳动奖状（2个）",  # precedence 20
        "四、天津市工人先锋号（1个）",  # precedence 30
    ]


def test_names_in_stroke_order_with_the_mark_after_women(honours):
    sections = names_by_section(roster_sheet(year=2024))
    medal = sections["二、天津市五一劳动奖章（12名）"]
    # 于 万 · 王 毛 文 方 尹 孔 · 司 司马 司马光 · 欧阳修 · then non-Han text.
    assert medal == [*AWARD_ORDER, HOSTILE[2]]
    assert "文静(女)" in medal and "王伟" in medal
    # Collectives by the strokes of their names: 乙 (1) before 甲 (5).
    assert sections["三、天津市五一劳动奖状（2个）"] == ["乙区计量研究院", "甲区精密机械有限公司"]


def test_numbers_restart_in_every_section_and_revoked_awards_are_left_out(honours):
    ws = roster_sheet(campaign=honours.campaign)
    rows = data_rows(ws)
    numbers, current = {}, None
    for row in rows:
        if len(row) == 1:
            current = row[0]
            numbers[current] = []
        else:
            numbers[current].append(row[0])
    assert all(ns == list(range(1, len(ns) + 1)) for ns in numbers.values())
    names = [r[1] for r in rows if len(r) > 1]
    assert "丁一" not in names  # revoked
    assert Award.objects.filter(recipient_name="丁一", status="revoked").exists()


def test_units_and_titles_follow_the_names(honours):
    rows = {r[1]: r[2] for r in data_rows(roster_sheet(honor=honours.medal, year=2024)) if len(r) > 2}
    assert rows["于敏"] == "甲区精密机械有限公司焊工"
    assert rows["孔明"] == "乙区计量研究院高级工程师"


def test_one_honour_gets_its_title_and_no_section_line(honours):
    ws = roster_sheet(year=2024, honor="天津市五一劳动奖章")
    rows = sheet_rows(ws)
    assert rows[0] == ["2024年天津市五一劳动奖章获得者名单"]
    assert rows[1] == ["（以姓氏笔画为序）"]
    assert rows[2] == ["序号", "姓名", "单位及职务"]
    assert rows[3][:2] == [1, "于敏"]
    assert ws.title == "表彰名单"


def test_titles_for_campaign_organisation_and_collectives(honours):
    assert sheet_rows(roster_sheet(campaign=honours.campaign))[0] == ["2024年天津市五一劳动奖章评选表彰名单"]
    ws = roster_sheet(year=2024, honor=honours.banner)
    # A collective's own name is not repeated as its unit: with no other unit, no 所在单位 column.
    assert sheet_rows(ws) == [
        ["2024年天津市五一劳动奖状获得单位名单"],
        ["（以名称笔画为序）"],
        ["序号", "集体名称"],
        [1, "乙区计量研究院"],
        [2, "甲区精密机械有限公司"],
    ]
    assert sheet_rows(roster_sheet(year=2024, organization="甲区总工会"))[0] == ["2024年表彰名单（甲区总工会）"]
    assert sheet_rows(roster_sheet(year=2024, title="自定义标题"))[0] == ["自定义标题"]
    mixed = sheet_rows(roster_sheet(year=2024))[2]
    assert mixed == ["序号", "姓名（集体名称）", "单位及职务"]


def test_organisation_means_recipients_in_its_subtree(honours):
    sections = names_by_section(roster_sheet(year=2024, organization=honours.district_a.name))
    people = [n for title, names in sections.items() if "奖章" in title for n in names]
    assert set(people) == {"张三", "尹力", "文静(女)", "王伟", "于敏", "司马光", HOSTILE[2]}
    assert sections["三、天津市五一劳动奖状（1个）"] == ["甲区精密机械有限公司"]


@pytest.mark.parametrize("typed", ["天津市五一勞動獎章", " 天津市 五一劳动奖章 ", "天津市五一劳动奖章"])
def test_honour_names_match_in_traditional_characters_and_with_spaces(honours, typed):
    exporter = RosterExporter(year=2024, honor=typed)
    assert exporter.honor == honours.medal


def test_unknown_honour_names_the_close_matches(honours):
    with pytest.raises(ExportError) as err:
        RosterExporter(year=2024, honor="天津五一劳动奖章")
    assert "天津五一劳动奖章" in str(err.value)
    assert "天津市五一劳动奖章" in str(err.value)


def test_unknown_and_ambiguous_organisations_are_explained(honours, org_tree):
    with pytest.raises(ExportError, match="甲区总工会"):
        RosterExporter(year=2024, organization="甲区总公会")
    from tests.factories import OrganizationFactory

    OrganizationFactory(name="甲区总工会", parent=org_tree["b"])
    with pytest.raises(ExportError, match="请改用编号"):
        RosterExporter(year=2024, organization="甲区总工会")
    assert RosterExporter(year=2024, organization=str(honours.district_a.pk)).organization == honours.district_a


def test_needs_at_least_one_condition(db):
    with pytest.raises(ExportError, match="至少指定一个条件"):
        RosterExporter()


def test_print_ready_portrait_a4_with_repeated_frozen_header(honours, settings):
    settings.JIANGXIN_EXPORT_FONT = "宋体"
    data = export_bytes(RosterExporter(year=2024))
    ws = workbook(data).active
    assert int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.orientation == "portrait"
    assert ws.print_title_rows == "$3:$3"  # title, the order note, then the header
    assert ws.freeze_panes == "A4"
    assert column_width(ws, "A") == 6
    # 单位及职务: the widest sample value, CJK counting double ("乙区计量研究院高级工程师" = 12 × 2).
    assert column_width(ws, "C") >= 26
    styles = zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml").decode()
    assert 'val="宋体"' in styles


def test_hostile_names_and_units_stay_text(honours):
    data = export_bytes(RosterExporter(year=2024))
    assert_no_formulas(data)
    values = {c for row in sheet_rows(workbook(data).active) for c in row if isinstance(c, str)}
    assert HOSTILE[2] in values  # a name
    assert HOSTILE[0] in values  # a collective's name
    assert HOSTILE[3] in values  # a unit


def test_constant_number_of_queries_whatever_the_size(honours):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            export_bytes(RosterExporter(honor=honours.medal, year=2024))
        return len(ctx.captured_queries)

    before = count_queries()
    for i in range(40):
        AwardFactory(
            honor_type=honours.medal, year=2024,
            person=PersonFactory(name=f"测试{i}", employer=honours.company, id_number=None),
        )
    assert count_queries() == before
    # the honour given as an object needs no lookup: sections (counts, then the honours) + rows = 3
    assert before == 3


def test_scoped_to_what_the_user_sees(honours, user_with):
    user = user_with((honours.district_b, Role.ORGANIZER))
    sections = names_by_section(workbook(export_bytes(RosterExporter(user=user, year=2024))).active)
    names = {n for ns in sections.values() for n in ns}
    assert "孔明" in names  # works at the institute in district B
    assert "于敏" not in names and "张三" not in names  # district A's company
    assert "甲区精密机械有限公司" not in names


def test_command_line_export_and_shortcut(honours, tmp_path, capsys):
    out = tmp_path / "roster.xlsx"
    call_command("export", "roster", "--year", "2024", "--honor", "天津市五一勞動獎章", "-o", str(out))
    rows = sheet_rows(workbook(out.read_bytes()).active)
    assert rows[0] == ["2024年天津市五一劳动奖章获得者名单"]
    assert [r[1] for r in rows[3:]] == [*AWARD_ORDER, HOSTILE[2]]

    out2 = tmp_path / "roster2.xlsx"
    call_command("export_roster", "--campaign", str(honours.campaign.pk), "-o", str(out2))
    assert sheet_rows(workbook(out2.read_bytes()).active)[0] == ["2024年天津市五一劳动奖章评选表彰名单"]
    assert "已导出" in capsys.readouterr().out

    with pytest.raises(CommandError, match="天津市五一劳动奖章"):
        call_command("export_roster", "--honor", "天津五一劳动奖章", "-o", str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()


def test_women_marked_from_the_award_snapshot(honours):
    award = Award.objects.get(person=honours.people["文静"])
    assert award.gender == Gender.FEMALE
    Award.objects.filter(pk=award.pk).update(gender="")  # the snapshot is what the roster prints
    names = {r[1] for r in data_rows(roster_sheet(honor=honours.medal, year=2024)) if len(r) > 1}
    assert "文静" in names and "文静(女)" not in names


def test_column_widths_fit_every_row_and_only_overlong_units_wrap(honours):
    add_awards(honours.national_medal, honours.company, 0, 600)  # short units, first in stroke order
    long_unit = "天津市滨海新区中新天津生态城管理委员会建设局"  # 22 characters
    overlong_unit = "中国石油天然气股份有限公司大港油田分公司第三采油厂第五作业区采油工班组"  # 35 characters
    last = PersonFactory(name="龘龘", employer=honours.company, id_number=None)  # last in stroke order
    AwardFactory(honor_type=honours.national_medal, year=2024, person=last, unit_and_title=long_unit)
    ws = roster_sheet(honor=honours.national_medal, year=2024)
    assert ws.max_row == 3 + 602
    assert column_width(ws, "C") == 22 * 2 + 2  # row 604 decided it, not the first 500
    assert column_width(ws, "B") == 3 * 2 + 4 + 2  # 3-character names, "(女)", padding

    Award.objects.filter(person=last).update(unit_and_title=overlong_unit)
    ws = roster_sheet(honor=honours.national_medal, year=2024)
    assert column_width(ws, "C") == 60  # capped
    cells = {row[2].value: row[2] for row in ws.iter_rows(min_row=4) if len(row) > 2}
    assert cells[overlong_unit].alignment.wrap_text  # the one unit wider than the column wraps
    assert not cells["甲区精密机械有限公司钳工"].has_style  # units that fit stay plain values
