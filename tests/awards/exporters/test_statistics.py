"""统计表 (statistics): counts by year × level × honour × unit, AwardTally numbers, composition shares."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.exporters import StatisticsExporter
from core.exports import ExportError
from directory.models import Role
from tests.factories import AwardFactory, PersonFactory
from tests.scenarios.exports import assert_no_formulas, data_rows, export_bytes, sheet_rows, workbook

pytestmark = pytest.mark.django_db


def export(**params):
    return workbook(export_bytes(StatisticsExporter(**params)))


def test_counts_by_year_level_honour_and_unit_with_reported_numbers(honours):
    ws = export(year=2024).worksheets[0]
    rows = sheet_rows(ws)
    assert rows[0] == ["2024年表彰统计表"]
    assert rows[1] == [
        "年度", "级别", "荣誉称号", "授予对象", "单位（地区）", "有名单（人/个）", "仅有数量（人/个）", "合计",
    ]
    assert rows[2:] == [
        ["2024年"],
        [2024, "全国", "全国五一劳动奖章", "个人", "甲区总工会", 1, 0, 1],
        [2024, "全国", "全国五一劳动奖章", "个人", "乙区总工会", 0, 3, 3],  # an AwardTally: numbers only
        [2024, "省级", "天津市五一劳动奖章", "个人", "甲区总工会", 6, 0, 6],  # the revoked award not counted
        [2024, "省级", "天津市五一劳动奖章", "个人", "乙区总工会", 6, 0, 6],
        [2024, "省级", "天津市五一劳动奖状", "集体", "甲区总工会", 1, 0, 1],
        [2024, "省级", "天津市五一劳动奖状", "集体", "乙区总工会", 1, 0, 1],
        [2024, "省级", "天津市工人先锋号", "集体", "乙区总工会", 1, 0, 1],
        [None, None, "小计", None, None, 16, 3, 19],
        [None, None, "总计", None, None, 16, 3, 19],
    ]


def test_grouping_depth_below_an_organisation(honours):
    rows = data_rows(export(year=2024, organization=honours.district_a, depth=0).worksheets[0])
    assert {r[4] for r in rows if len(r) > 4 and r[0]} == {"甲区总工会"}
    deeper = data_rows(export(year=2024, organization=honours.district_a.name, depth=1).worksheets[0])
    assert {r[4] for r in deeper if len(r) > 4 and r[0]} == {"甲区精密机械有限公司"}
    with pytest.raises(ExportError, match="分组层级"):
        StatisticsExporter(depth=99)


def test_composition_shares_per_year_and_individual_honour(honours):
    ws = export(year=2024).worksheets[1]
    assert ws.title == "构成比例"
    rows = {(r[1], r[2]): r for r in data_rows(ws)}
    assert rows[("天津市五一劳动奖章", "女性")][3:5] == [1, 12]
    assert rows[("天津市五一劳动奖章", "女性")][5] == pytest.approx(1 / 12, abs=1e-4)
    assert rows[("天津市五一劳动奖章", "非公有制经济组织")][3:] == [6, 12, 0.5]
    assert rows[("全国五一劳动奖章", "产业工人")][3:] == [0, 1, 0]
    assert ("天津市工人先锋号", "女性") not in rows  # collectives have no composition
    assert ws.cell(row=3, column=6).number_format == "0.00%"


def test_seed_data_tallies_without_names(seed_data):
    rows = data_rows(export(year=2024, organization="河北省总工会").worksheets[0])
    langfang = {r[2]: r for r in rows if len(r) > 4 and r[4] == "廊坊市总工会"}
    assert langfang["全国五一劳动奖章"] == [2024, "全国", "全国五一劳动奖章", "个人", "廊坊市总工会", 0, 3, 3]
    assert langfang["河北省劳动模范"][6] == 49
    every_year = [r[0] for r in data_rows(export(depth=1).worksheets[0]) if len(r) == 1]
    assert every_year[0] == "2024年" and every_year[-1] == "年份不详"


def test_scoped_to_the_user(honours, user_with):
    user = user_with((honours.district_b, Role.VIEWER))
    rows = data_rows(workbook(export_bytes(StatisticsExporter(user=user, year=2024))).worksheets[0])
    units = {r[4] for r in rows if len(r) > 4 and r[0]}
    assert units == {"乙区总工会"}


def test_queries_do_not_grow_with_awards(honours, tmp_path):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            export_bytes(StatisticsExporter(year=2024))
        return len(ctx.captured_queries)

    before = count()
    for i in range(30):
        person = PersonFactory(employer=honours.institute, id_number=None, name=f"李{i}")
        AwardFactory(honor_type=honours.medal, year=2024, person=person)
    assert count() == before
    out = tmp_path / "s.xlsx"
    call_command("export", "statistics", "--year", "2024", "--organization", "测试市总工会", "-o", str(out))
    data = out.read_bytes()
    assert_no_formulas(data)
    assert sheet_rows(workbook(data).worksheets[0])[0] == ["2024年表彰统计表（测试市总工会）"]
