"""The registration import takes the sheet as units type it: every kind of messy cell."""

from datetime import date

import pytest

from competitions.importers.entries import EntryImporter
from competitions.models import Entry
from core.idcard import make_demo_id_number
from directory.models import Organization, Person
from tests.scenarios.registration_workbooks import HEADER, line, new_id, workbook

pytestmark = pytest.mark.django_db
TODAY = date(2024, 5, 1)


def run(reg, data, **kwargs):
    dry_run = kwargs.pop("dry_run", False)
    return EntryImporter(reg.competition, today=TODAY, **kwargs).run(data, filename="报名表.xlsx", dry_run=dry_run)


def test_title_rows_merged_title_and_note_row_above_the_header(reg):
    data = workbook(
        [line("张伟", new_id())], title="2024年某市职工职业技能大赛报名表", note="填报单位（盖章）：某市第一机床厂"
    )
    result = run(reg, data)
    assert result.ok, [str(e) for e in result.errors]
    assert Entry.objects.get().person.name == "张伟"


def test_header_spelled_with_spaces_line_breaks_stars_and_aliases(reg):
    header = [
        "序 号",
        "姓  名",
        "性\n别",
        "民族",
        "*身份证号码",
        "手机号码（必填）",
        "工作\n单位",
        "职务",
        "参赛项目",
        "代表队",
        "技能等级",
    ]
    result = run(reg, workbook([line("张伟", new_id())], header=header))
    assert result.ok, [str(e) for e in result.errors]


def test_full_width_digits_brackets_ideographic_and_zero_width_spaces(reg):
    number = new_id()
    full_width = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    rows = [
        line(
            "\u3000李\u200b娜\u3000",
            full_width,
            unit=" 某市第一机床厂\u200b ",
            event="汽车维修工（新能源汽车）",
            phone="１３９００１３９０００",
        ),
    ]
    result = run(reg, workbook(rows))
    assert result.ok, [str(e) for e in result.errors]
    entry = Entry.objects.select_related("person").get()
    assert (entry.person.name, entry.person.id_number, entry.person.phone) == ("李娜", number, "13900139000")
    assert entry.event == reg.auto  # 全角括号 matched 半角 in the event name


def test_traditional_unit_and_event_names_and_stray_spaces(reg):
    rows = [
        line("王 强", new_id(), unit="某市第一機床廠", event=" 焊  工 "),
        line("赵敏", new_id(), unit="某 市 公 交 集 團 有 限 公 司"),
    ]
    result = run(reg, workbook(rows))
    assert result.ok, [str(e) for e in result.errors]
    assert sorted(Entry.objects.values_list("delegation__name", flat=True)) == [
        "某市公交集团有限公司",
        "某市第一机床厂",
    ]
    assert Person.objects.filter(name="王强").exists()  # the alignment space inside a name is dropped


def test_short_name_of_a_unit_matches(reg):
    result = run(reg, workbook([line("周杰", new_id(), unit="某市供电")]))
    assert result.ok
    assert Entry.objects.get().delegation == reg.power


def test_phone_typed_as_a_number_is_kept_as_text(reg):
    rows = [line("张伟", new_id(), phone=13800138000), line("李娜", new_id(), phone=13900139000.0)]
    result = run(reg, workbook(rows))
    assert result.ok
    assert sorted(Person.objects.values_list("phone", flat=True)) == ["13800138000", "13900139000"]


def test_id_typed_as_a_number_is_refused_with_advice_to_retype_it_as_text(reg):
    number = next(n for n in (new_id() for _ in range(50)) if n[-1] != "X")
    result = run(reg, workbook([line("张伟", float(number))], text_id_format=False))
    assert not result.ok
    (error,) = result.errors
    assert (error.row, error.column) == (3, "身份证号")
    assert "文本" in error.message
    assert not Person.objects.exists()


def test_lowercase_x_is_accepted_and_stored_upper_case(reg):
    number = make_demo_id_number("120101", date(1990, 1, 1), 5, "M")
    for seq in range(500):
        if number.endswith("X"):
            break
        number = make_demo_id_number("120102", date(1991, 2, 3), seq, "M")
    assert number.endswith("X")
    result = run(reg, workbook([line("张伟", number.lower())]))
    assert result.ok, [str(e) for e in result.errors]
    assert Person.objects.get().id_number == number


def test_unit_merged_down_over_its_people(reg):
    rows = [line("张伟", new_id()), line("李娜", new_id(), unit=None), line("王强", new_id(), unit=None)]
    data = workbook(rows, merges=["G3:G5"])
    result = run(reg, data)
    assert result.ok, [str(e) for e in result.errors]
    assert Entry.objects.filter(delegation=reg.plant).count() == 3


def test_delegation_defaults_to_the_unit_and_xx_daibiaodui_matches_the_unit(reg):
    rows = [
        line("张伟", new_id()),
        line("李娜", new_id(), unit="某市第一机床厂", delegation="某市公交集团有限公司代表队"),
    ]
    result = run(reg, workbook(rows))
    assert result.ok
    by_name = dict(Entry.objects.values_list("person__name", "delegation__name"))
    assert by_name == {"张伟": "某市第一机床厂", "李娜": "某市公交集团有限公司"}
    assert Person.objects.get(name="李娜").employer == reg.plant


def test_gender_ethnicity_and_skill_level_spellings(reg):
    rows = [
        line("张伟", new_id("M"), gender="男", ethnicity="汉", skill="三级（高级工）"),
        line("李娜", new_id("F"), gender="女性", ethnicity="回族", skill="二级/技师"),
    ]
    result = run(reg, workbook(rows))
    assert result.ok, [str(e) for e in result.errors]
    zhang, li = Person.objects.get(name="张伟"), Person.objects.get(name="李娜")
    assert (zhang.gender, zhang.ethnicity, zhang.skill_level) == ("M", "汉族", "level3")
    assert (li.gender, li.ethnicity, li.skill_level) == ("F", "回族", "level2")
    assert zhang.birth_date == date(1990, 5, 17)


def test_footnote_and_blank_formatted_rows_under_the_table_are_not_data(reg):
    rows = [line("张伟", new_id()), [], [], ["注：以上人员均为本单位在职职工"], line("不是数据", "x")]
    result = run(reg, workbook(rows))
    assert result.ok and result.rows == 1


def test_columns_in_another_order_and_extra_columns(reg):
    header = ["姓名", "身份证号", "赛项", "工作单位", "备注", "政治面貌"]
    result = run(reg, workbook([["张伟", new_id(), "焊工", "某市第一机床厂", "无", "群众"]], header=header))
    assert result.ok
    assert Organization.objects.filter(name="某市第一机床厂").count() == 1


def test_required_column_missing_names_it(reg):
    header = [h for h in HEADER if h != "赛项"]
    result = run(
        reg, workbook([["1", "张伟", "男", "汉族", new_id(), "138", "某市第一机床厂", "", "", ""]], header=header)
    )
    assert not result.ok
    assert "缺少必填列：赛项" in result.errors[0].message
