"""Validation of the registration import: every row checked, every error reported, nothing half-saved."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook
from stdnum.cn.ric import calc_check_digit

from competitions.importers.entries import EntryImporter
from competitions.models import CompetitionStatus, Entry, Team
from competitions.services.entries import entry_register
from core.idcard import make_demo_id_number
from core.models import ImportRecord
from directory.models import Organization, Person
from tests.factories import PersonFactory
from tests.scenarios.registration_workbooks import HEADER, line, new_id, workbook

pytestmark = pytest.mark.django_db
TODAY = date(2024, 5, 1)


def run(reg, rows, *, dry_run=False, **kwargs):
    importer = EntryImporter(reg.competition, today=kwargs.pop("today", TODAY), **kwargs)
    return importer.run(workbook(rows), filename="报名表.xlsx", dry_run=dry_run)


def errors(result):
    return [(e.row, e.column, e.message) for e in result.errors]


def nothing_saved():
    return not Entry.objects.exists() and not Person.objects.exists() and not ImportRecord.objects.exists()


def wrong_check_digit(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def with_check_digit(body17: str) -> str:
    return body17 + calc_check_digit(body17 + "0")


def test_every_bad_row_is_reported_with_row_column_and_reason_and_nothing_is_saved(reg):
    rows = [
        line("张伟", new_id()),  # row 3: fine
        line("李娜", "12010119900517123"),  # 17 characters
        line("王强", wrong_check_digit(new_id())),
        line("赵敏", with_check_digit("12010119901332001")),  # 13th month
        line("", new_id(), event="跳高"),  # two problems in one row
        line("周杰", new_id(), unit="不存在的单位", phone="1380013800"),
    ]
    result = run(reg, rows)
    assert not result.ok
    got = errors(result)
    assert [(r, c) for r, c, _m in got] == [
        (4, "身份证号"),
        (5, "身份证号"),
        (6, "身份证号"),
        (7, "姓名"),
        (7, "赛项"),
        (8, "手机号"),
        (8, "工作单位"),
    ]
    messages = dict(((r, c), m) for r, c, m in got)
    assert "18位" in messages[(4, "身份证号")]
    assert "校验位" in messages[(5, "身份证号")]
    assert "出生日期" in messages[(6, "身份证号")]
    assert "不能为空" in messages[(7, "姓名")]
    assert "“跳高”不是本竞赛的赛项" in messages[(7, "赛项")] and "焊工" in messages[(7, "赛项")]
    assert "11位" in messages[(8, "手机号")]
    assert "找不到单位“不存在的单位”" in messages[(8, "工作单位")]
    assert str(result.errors[0]).startswith("第4行 身份证号：")
    assert nothing_saved()


def test_area_code_is_not_a_reason_to_refuse(reg):
    # 999999 is no district at all; the check digit and birth date are valid.
    result = run(reg, [line("张伟", make_demo_id_number("999999", date(1990, 1, 1), 1, "M"))])
    assert result.ok


@pytest.mark.parametrize(
    ("birth", "ok"),
    [(date(2008, 6, 1), True), (date(2008, 6, 2), False), (date(1953, 6, 2), True), (date(1953, 6, 1), False)],
)
def test_age_must_be_16_to_70_on_the_start_date(reg, birth, ok):
    result = run(reg, [line("张伟", make_demo_id_number("120101", birth, 7, "M"))])
    assert result.ok is ok
    if not ok:
        assert "16–70" in result.errors[0].message


def test_age_counts_on_1_january_when_there_is_no_start_date(reg):
    reg.competition.start_date = None
    reg.competition.save()
    result = run(reg, [line("张伟", make_demo_id_number("120101", date(2008, 1, 2), 7, "M"))])
    assert not result.ok and "2024-01-01" in result.errors[0].message


def test_gender_comes_from_the_id_and_a_conflicting_cell_is_reported(reg):
    result = run(reg, [line("张伟", new_id("M"), gender="女"), line("李娜", new_id("F"), gender="未知")])
    assert errors(result) == [
        (3, "性别", "性别“女”与身份证号不符（身份证号显示为男）"),
        (4, "性别", "性别应填“男”或“女”，当前为“未知”"),
    ]


def test_duplicates_inside_the_file_after_normalisation(reg):
    number = new_id()
    full_width = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows = [
        line("张伟", number),
        line("张伟", full_width, event=" 焊工 "),
        line("张  伟", number, event="汽车维修工(新能源汽车)"),
        line("张大伟", number, event="汽车维修工(新能源汽车)"),
    ]
    result = run(reg, rows)
    assert errors(result) == [
        (4, "身份证号", "与第3行重复：同一人重复报名“焊工”"),
        (6, "姓名", "与第3行身份证号相同，但姓名不同（“张伟”）"),
    ]


def test_already_registered_in_the_event_is_refused(reg):
    person = PersonFactory(name="张伟", employer=reg.plant)
    entry = entry_register(event=reg.welding, person=person, delegation=reg.plant, by=None)
    result = run(reg, [line("张伟", person.id_number)])
    assert errors(result) == [(3, "身份证号", f"张伟 已报名“焊工”（参赛号 {entry.bib}，已报名）")]


def test_existing_person_is_reused_blank_fields_filled_conflicts_reported(reg):
    person = PersonFactory(name="张伟", employer=reg.plant, phone="13700137000", ethnicity="", job_title="")
    result = run(
        reg,
        [
            line(
                "张伟",
                person.id_number,
                phone="13800138000",
                job="班组长",
                ethnicity="满族",
                unit="某市公交集团有限公司",
            )
        ],
    )
    assert result.ok
    assert (result.people_new, result.people_reused, result.people_updated) == (0, 1, 1)
    person.refresh_from_db()
    assert (person.phone, person.ethnicity, person.job_title, person.employer) == (
        "13700137000",
        "满族",
        "班组长",
        reg.plant,
    )
    notices = {(n.column, n.message) for n in result.notices}
    assert ("手机号", "系统中为“137****7000”，表中为“138****8000”，保留系统中的记录") in notices
    assert ("工作单位", "系统中为“某市第一机床厂”，表中为“某市公交集团有限公司”，保留系统中的记录") in notices
    assert Person.objects.count() == 1


def test_same_id_with_another_name_is_an_error_and_hides_a_name_the_user_may_not_see(reg, organizer_of):
    outsider = PersonFactory(name="钱七", employer=reg.other)
    result = EntryImporter(reg.competition, today=TODAY, user=reg.organizer).run(
        workbook([line("张伟", outsider.id_number)]), filename="x.xlsx"
    )
    (error,) = result.errors
    assert error.column == "姓名" and "钱七" not in error.message
    insider = PersonFactory(name="孙八", employer=reg.plant)
    result = EntryImporter(reg.competition, today=TODAY, user=reg.organizer).run(
        workbook([line("张伟", insider.id_number)]), filename="x.xlsx"
    )
    assert "孙八" in result.errors[0].message


def test_unknown_units_are_created_under_the_organiser_only_when_asked(reg):
    rows = [
        line("张伟", new_id(), unit="某市新能源公司"),
        line("李娜", new_id(), unit="某市新能源公司 "),
        line("王强", new_id(), unit="某市第一机床厂", delegation="某市汽车队"),
    ]
    refused = run(reg, rows)
    assert [(e.row, e.column) for e in refused.errors] == [(3, "工作单位"), (4, "工作单位"), (5, "代表队")]
    dry = run(reg, rows, create_units=True, dry_run=True)
    assert dry.ok and dry.units_new == ["某市新能源公司", "某市汽车队"]
    assert not Organization.objects.filter(name="某市新能源公司").exists()
    result = run(reg, rows, create_units=True)
    assert result.ok
    created = Organization.objects.get(name="某市新能源公司")
    assert created.parent == reg.root and created.path.startswith(reg.root.path)
    assert Entry.objects.filter(delegation__name="某市汽车队").count() == 1
    assert Person.objects.get(name="张伟").employer == created


def test_ambiguous_unit_name_is_reported_not_guessed(reg):
    from tests.factories import OrganizationFactory

    OrganizationFactory(name="工会办公室", parent=reg.plant)
    OrganizationFactory(name="工会办公室", parent=reg.bus)
    result = run(reg, [line("张伟", new_id(), unit="工会办公室")])
    assert "对应多个单位" in result.errors[0].message


def test_places_per_delegation_exceeded(reg):
    rows = [line(n, new_id()) for n in ("张伟", "李娜", "王强", "赵敏")]
    existing = PersonFactory(employer=reg.plant)
    entry_register(event=reg.welding, person=existing, delegation=reg.plant, by=None)
    result = run(reg, rows)
    assert [(e.row, e.column) for e in result.errors] == [(5, "代表队"), (6, "代表队")]
    assert "限报 3 人，已报 1 人，本表报了第3、4、5、6行共 4 人" in result.errors[0].message
    # withdrawn entries free their place
    Entry.objects.filter(pk=existing.entries.get().pk).update(status="withdrawn")
    assert [e.row for e in run(reg, rows).errors] == [6]


def test_team_events_group_rows_into_teams_and_respect_size_and_places(reg):
    rows = [line(n, new_id(), event="电工团体赛") for n in ("张伟", "李娜", "王强")]
    result = run(reg, rows, dry_run=True)
    assert result.ok and result.teams_new == 1
    four = [*rows, line("赵敏", new_id(), event="电工团体赛")]
    result = run(reg, four)
    assert [(e.row, e.column) for e in result.errors] == [(6, "队名")]
    assert "超员" in result.errors[0].message
    result = run(reg, rows)
    assert result.ok
    team = Team.objects.get()
    assert team.name == "某市第一机床厂" and team.members.count() == 3
    # one team per delegation: a second team of the same unit exceeds the places
    second = [[*line("孙八", new_id(), event="电工团体赛"), "二队"]]
    result = EntryImporter(reg.competition, today=TODAY).run(
        workbook(second, header=[*HEADER, "队名"]), filename="x.xlsx"
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "代表队")]
    assert "限报 1 队" in result.errors[0].message


def test_registration_window_and_status_unless_forced(reg):
    rows = [line("张伟", new_id())]
    reg.competition.registration_closes = date(2024, 4, 30)
    reg.competition.save()
    closed = run(reg, rows)
    assert [(e.row, e.message) for e in closed.errors] == [
        (None, "报名已于 2024-04-30 截止，不能导入报名。如确需补报，请选择“强制导入（不受报名时间和状态限制）”")
    ]
    assert run(reg, rows, force=True).ok
    reg.competition.status = CompetitionStatus.DRAFT
    reg.competition.save()
    assert "不在报名期间" in run(reg, [line("李娜", new_id())]).errors[0].message
    reg.competition.status = CompetitionStatus.PUBLISHED
    reg.competition.save()
    assert "不能再导入" in run(reg, [line("李娜", new_id())], force=True).errors[0].message


def test_dry_run_shows_what_would_be_created_and_saves_nothing(reg):
    known = PersonFactory(name="张伟", employer=reg.plant)
    rows = [line("张伟", known.id_number), line("李娜", new_id("F")), line("王强", new_id(), unit="某市新单位")]
    result = run(reg, rows, dry_run=True, create_units=True)
    assert result.ok and not result.saved
    assert (len(result.entries), result.people_new, result.people_reused, result.units_new) == (3, 2, 1, ["某市新单位"])
    assert [e.bib for e in result.entries] == ["01001", "01002", "01003"]
    assert result.summary_line().startswith("试运行（未保存）：将导入 3 条报名")
    assert Entry.objects.count() == 0 and Person.objects.count() == 1 and not ImportRecord.objects.exists()


def test_a_real_import_is_recorded_with_bibs_and_registered_by(reg):
    result = run(
        reg, [line("张伟", new_id()), line("李娜", new_id(), event="汽车维修工（新能源汽车）")], user=reg.organizer
    )
    assert result.saved
    record = ImportRecord.objects.get()
    assert (record.kind, record.filename, record.rows, record.created_count, record.imported_by) == (
        "entries",
        "报名表.xlsx",
        2,
        2,
        reg.organizer,
    )
    assert record.summary["competition"] == "city-2024" and record.summary["people_new"] == 2
    assert len(record.sha256) == 64
    assert sorted(Entry.objects.values_list("bib", flat=True)) == ["01001", "02001"]
    assert set(Entry.objects.values_list("registered_by", flat=True)) == {reg.organizer.pk}


def test_formula_cells_are_refused_with_a_clear_message(reg):
    rows = [line("=1+1", new_id()), line("李娜", new_id(), job='=HYPERLINK("http://x")')]
    result = run(reg, rows)
    assert [(e.row, e.column) for e in result.errors] == [(3, "姓名"), (4, "职务")]
    assert "公式" in result.errors[0].message and "=1+1" in result.errors[0].message
    assert nothing_saved()


def test_text_that_would_become_a_formula_is_refused(reg):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "工作单位", "赛项", "职务"])
    ws.append(["张伟", new_id(), "某市第一机床厂", "焊工", None])
    cell = ws.cell(2, 5)
    cell.value = "=cmd|' /C calc'!A0"
    cell.data_type = "s"  # stored as text, as a careful attacker would
    buf = io.BytesIO()
    wb.save(buf)
    result = EntryImporter(reg.competition, today=TODAY).run(buf.getvalue(), filename="x.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(2, "职务")]
    assert "公式" in result.errors[0].message


def test_import_query_count_does_not_grow_with_rows(reg):
    """A fixed set of reads, then one bulk write per table: the count does not depend on the rows."""

    def count(n):
        Entry.objects.all().delete()
        Person.objects.all().delete()
        units = ("某市第一机床厂", "某市公交集团有限公司", "某市供电")
        rows = [
            line(f"张{chr(0x4E00 + i)}", new_id(), event="汽车维修工（新能源汽车）", unit=units[i % 3])
            for i in range(n)
        ]
        data = workbook(rows)
        with CaptureQueriesContext(connection) as ctx:
            result = EntryImporter(reg.competition, today=TODAY).run(data, filename="x.xlsx")
        assert result.saved, [str(e) for e in result.errors[:3]]
        return [q["sql"] for q in ctx.captured_queries]

    small, large = count(20), count(200)
    # + the change history of people and entries: one INSERT … SELECT each (and on PostgreSQL the keys
    # drawn from each table's sequence first), whatever the number of rows
    history = 2 + (2 if connection.vendor == "postgresql" else 0)
    # + one UPDATE of the events' 报名人数 (Event.registered_count), whatever the number of rows
    assert len(large) == len(small) <= 17 + history
    # people, entries (executemany on SQLite; COPY on PostgreSQL, not seen here), the import record, and
    # the history rows of people and entries
    assert sum("INSERT INTO" in q for q in large) <= 3 + 2
