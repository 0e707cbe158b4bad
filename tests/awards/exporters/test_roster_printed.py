"""Rosters as printed (issue 10): 姓氏笔画 or 姓名笔画 per export, stated under the title; collectives
by their name character by character, their own name never repeated as their unit; the decision's
文号 and date under the title when known; honour and count in each section heading; an optional
ethnicity mark in the (女) position. Every sheet is read back with openpyxl."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.exporters import NominationsExporter, NoticeExporter, RosterExporter
from awards.models import Award, Campaign, NominationStatus
from directory.models import Gender, Person
from tests.factories import AwardFactory, NominationFactory, OrganizationFactory, PersonFactory
from tests.scenarios.exports import data_rows, export_bytes, header_index, sheet_rows, workbook

pytestmark = pytest.mark.django_db

# One surname, single and double given names: 姓氏笔画 puts single given names first; 姓名笔画 goes
# character by character (小 3, 力 2, 毅 15 strokes).
WANG = ["王毅", "王小洪", "王力", "王一彪"]
WANG_BY_SURNAME = ["王力", "王毅", "王一彪", "王小洪"]
WANG_BY_FULLNAME = ["王一彪", "王力", "王小洪", "王毅"]


@pytest.fixture
def wangs(honours):
    for name in WANG:
        person = PersonFactory(name=name, employer=honours.company, id_number=None)
        AwardFactory(honor_type=honours.national_medal, year=2024, person=person, unit_and_title="甲区精密机械有限公司")
    return honours


def rows_of(exporter) -> list[list]:
    return sheet_rows(workbook(export_bytes(exporter)).active)


def names(rows: list[list], among) -> list[str]:
    return [r[1] for r in rows[header_index(rows) + 1 :] if len(r) > 1 and r[1] in among]


def test_surname_rule_is_the_default_and_stated(wangs):
    rows = rows_of(RosterExporter(honor=wangs.national_medal, year=2024))
    assert rows[1] == ["（以姓氏笔画为序）"]
    assert names(rows, WANG) == WANG_BY_SURNAME


def test_fullname_rule_orders_character_by_character_and_says_so(wangs):
    rows = rows_of(RosterExporter(honor=wangs.national_medal, year=2024, rule="fullname"))
    assert rows[1] == ["（以姓名笔画为序）"]
    assert names(rows, WANG) == WANG_BY_FULLNAME


def test_fullname_rule_from_the_command_line(wangs, tmp_path):
    out = tmp_path / "r.xlsx"
    options = ["--year", "2024", "--honor", "全国五一劳动奖章", "--rule", "fullname", "-o", str(out)]
    call_command("export", "roster", *options)
    rows = sheet_rows(workbook(out.read_bytes()).active)
    assert rows[1] == ["（以姓名笔画为序）"] and names(rows, WANG) == WANG_BY_FULLNAME
    call_command("export_roster", "--year", "2024", "--honor", "全国五一劳动奖章", "--rule", "fullname", "-o", str(out))
    assert names(sheet_rows(workbook(out.read_bytes()).active), WANG) == WANG_BY_FULLNAME


def test_the_rule_keeps_the_query_count_fixed(wangs):
    def count(**params):
        with CaptureQueriesContext(connection) as ctx:
            export_bytes(RosterExporter(honor=wangs.national_medal, year=2024, **params))
        return len(ctx.captured_queries)

    before = count(rule="fullname", ethnicity=True)
    for i in range(30):
        AwardFactory(
            honor_type=wangs.national_medal, year=2024,
            person=PersonFactory(name=f"王{i}号", employer=wangs.company, id_number=None, ethnicity="回族"),
        )
    assert count(rule="fullname", ethnicity=True) == before == count()


def test_collectives_keep_character_by_character_order_under_both_rules(honours):
    extra = ["工会先锋队", "工人先锋号甲", "工人先锋号"]
    for name in extra:
        org = OrganizationFactory(name=name, parent=honours.district_a)
        AwardFactory(honor_type=honours.pioneer, year=2024, person=None, organization=org, unit_and_title=org.name)
    expected = ["工人先锋号", "工人先锋号甲", "工会先锋队"]  # 人 (2) before 会 (6), then longer after shorter
    for rule in ("surname", "fullname"):
        rows = rows_of(RosterExporter(honor=honours.pioneer, year=2024, rule=rule))
        assert names(rows, extra) == expected
        assert rows[1] == ["（以名称笔画为序）"]


def test_collectives_do_not_repeat_their_name_as_their_unit(honours):
    org = OrganizationFactory(name="滨海新区某项目部", parent=honours.district_a)
    AwardFactory(honor_type=honours.banner, year=2024, person=None, organization=org, unit_and_title="中铁某局集团")
    rows = rows_of(RosterExporter(honor=honours.banner, year=2024))
    assert rows[header_index(rows)] == ["序号", "集体名称", "所在单位"]
    by_name = {r[1]: r[2:] for r in rows[header_index(rows) + 1 :]}
    assert by_name["滨海新区某项目部"] == ["中铁某局集团"]  # a real unit is printed
    assert by_name["乙区计量研究院"] == [] and by_name["甲区精密机械有限公司"] == []  # not its own name again
    # The notice likewise.
    nomination = NominationFactory(
        campaign=honours.campaign, honor_type=honours.banner, nominating_org=honours.district_b, person=None,
        organization=honours.institute, status=NominationStatus.IN_NOTICE, unit_and_title=honours.institute.name,
    )
    notice = {r[1]: r[2:] for r in data_rows(workbook(export_bytes(NoticeExporter(campaign=honours.campaign))).active)
              if len(r) > 1}
    assert notice[nomination.organization.name] == []


def test_decision_number_and_date_head_the_sheet_when_known(honours):
    rows = rows_of(RosterExporter(campaign=honours.campaign))
    assert rows[1] == ["（以姓氏笔画为序）"]  # not known yet: no line
    Campaign.objects.filter(pk=honours.campaign.pk).update(
        decision_number="津工发〔2024〕12号", decision_date=date(2024, 4, 28)
    )
    honours.campaign.refresh_from_db()
    rows = rows_of(RosterExporter(campaign=honours.campaign))
    assert rows[:3] == [
        ["2024年天津市五一劳动奖章评选表彰名单"],
        ["津工发〔2024〕12号　2024年4月28日"],
        ["（以姓氏笔画为序）"],
    ]
    # Without a campaign: from the awards, when every award listed carries the same.
    Award.objects.filter(honor_type=honours.national_medal).update(decision_number="总工发〔2024〕3号")
    rows = rows_of(RosterExporter(honor=honours.national_medal, year=2024))
    assert rows[1] == ["总工发〔2024〕3号"]
    AwardFactory(
        honor_type=honours.national_medal, year=2024, decision_number="总工发〔2024〕4号",
        person=PersonFactory(name="李四", employer=honours.company, id_number=None),
    )
    rows = rows_of(RosterExporter(honor=honours.national_medal, year=2024))
    assert rows[1] == ["（以姓氏笔画为序）"]  # two decisions: none printed


def test_section_headings_name_the_honour_and_its_count(honours):
    rows = rows_of(RosterExporter(year=2024))
    sections = [r[0] for r in rows[header_index(rows) + 1 :] if len(r) == 1]
    assert sections == [
        "一、全国五一劳动奖章（1名）",
        "二、天津市五一劳动奖章（12名）",
        "三、天津市五一劳动奖状（2个）",
        "四、天津市工人先锋号（1个）",
    ]


def test_ethnicity_mark_is_optional_and_in_the_female_position(honours):
    Person.objects.filter(pk=honours.people["文静"].pk).update(ethnicity="回族")
    Person.objects.filter(pk=honours.people["王伟"].pk).update(ethnicity="蒙古族")
    Person.objects.filter(pk=honours.people["方芳"].pk).update(ethnicity="汉族")
    plain = rows_of(RosterExporter(honor=honours.medal, year=2024))
    assert "文静(女)" in names(plain, {"文静(女)"}) and "王伟" in names(plain, {"王伟"})
    marked = rows_of(RosterExporter(honor=honours.medal, year=2024, ethnicity=True))
    listed = [r[1] for r in marked[header_index(marked) + 1 :] if len(r) > 1]
    assert "文静(女，回族)" in listed and "王伟(蒙古族)" in listed and "方芳" in listed
    # The notice, too.
    nominee = honours.nominations["王芳"].person
    Person.objects.filter(pk=nominee.pk).update(ethnicity="满族")
    notice = rows_of(NoticeExporter(campaign=honours.campaign, ethnicity=True))
    assert "王芳(女，满族)" in [r[1] for r in notice if len(r) > 1]
    notice = rows_of(NoticeExporter(campaign=honours.campaign))
    assert "王芳(女)" in [r[1] for r in notice if len(r) > 1]


def test_notice_and_nominations_take_the_rule(honours):
    for name in WANG:
        NominationFactory(
            campaign=honours.campaign, honor_type=honours.medal, nominating_org=honours.district_b,
            person=PersonFactory(name=name, employer=honours.institute, gender=Gender.MALE),
            status=NominationStatus.IN_NOTICE,
        )
    notice = rows_of(NoticeExporter(campaign=honours.campaign, rule="fullname"))
    assert notice[1] == ["（以姓名笔画为序）"] and names(notice, WANG) == WANG_BY_FULLNAME
    assert names(rows_of(NoticeExporter(campaign=honours.campaign)), WANG) == WANG_BY_SURNAME
    summary = rows_of(NominationsExporter(campaign=honours.campaign, rule="fullname"))
    assert [r[2] for r in summary if len(r) > 2 and r[2] in WANG] == WANG_BY_FULLNAME
    summary = rows_of(NominationsExporter(campaign=honours.campaign))
    assert [r[2] for r in summary if len(r) > 2 and r[2] in WANG] == WANG_BY_SURNAME
