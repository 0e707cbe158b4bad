"""read_table on sheets shaped like the ones organisers really get back from units."""

import datetime
import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import ColumnSpec, SpreadsheetError, read_table
from core.spreadsheets.sheetxml import scan_sheet_part
from tests.scenarios.registration_workbooks import rewrite_sheet

MB = 1024 * 1024

COLUMNS = [
    ColumnSpec("name", "姓名", aliases=("职工姓名",), required=True),
    ColumnSpec("id_number", "身份证号", aliases=("身份证号码",), required=True),
    ColumnSpec("unit", "单位", aliases=("工作单位",)),
    ColumnSpec("event", "赛项", required=True),
    ColumnSpec("minutes", "用时(分钟)"),
]


def build(rows, *, title="报名表", merges=(), extra_sheets=(), first_sheets=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    for name, sheet_rows in first_sheets:
        other = wb.create_sheet(name, 0)
        for row in sheet_rows:
            other.append(row)
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    for name, sheet_rows in extra_sheets:
        other = wb.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read(data, columns=COLUMNS, **kwargs):
    kwargs.setdefault("max_rows", 1000)
    kwargs.setdefault("max_bytes", 10 * MB)
    return read_table(data, columns, **kwargs)


HEADER = ["序号", "姓名", "身份证号", "单位", "赛项", "用时(分钟)"]


def person(n: int):
    return [n, f"职工{n}", f"11010119900307{n:04d}", "天津市第一机床厂", "焊工", 30 + n]


def test_header_found_under_title_and_note_rows_with_merged_title():
    rows = [
        ["2023年天津市职工职业技能大赛报名表"],
        ["填报单位（盖章）：", None, None, "填报日期：2023年5月1日"],
        [],
        HEADER,
        person(1),
        person(2),
    ]
    result = read(build(rows, merges=["A1:F1", "A2:C2"]))
    assert result.header_row_number == 4
    assert result.sheet_title == "报名表"
    assert [r.number for r in result.rows] == [5, 6]
    assert result.rows[0].values["name"] == "职工1"
    assert result.rows[0].values["minutes"] == 31
    assert result.unknown_headers == ["序号"]
    assert result.columns_found["event"] == "赛项"
    assert result.column_letters == {
        "name": "B",
        "id_number": "C",
        "unit": "D",
        "event": "E",
        "minutes": "F",
    }


def test_header_spelling_variants():
    rows = [
        ["姓  名", "身份证\n号", "工作單位", "*赛项", "用时（分钟）", "备注"],
        ["張三", "110101199003071234", "天津市總工會", "焊工", 42, "无"],
    ]
    result = read(build(rows))
    assert set(result.columns_found) == {"name", "id_number", "unit", "event", "minutes"}
    assert result.columns_found["id_number"] == "身份证 号"  # as written, cleaned to one line
    assert result.unknown_headers == ["备注"]
    values = result.rows[0].values
    # Values are cleaned but not converted to Simplified: that is the importer's matching job.
    assert values["unit"] == "天津市總工會"
    assert values["minutes"] == 42


def test_traditional_header_with_slash():
    columns = [ColumnSpec("name_unit", "姓名/单位", required=True)]
    result = read(build([["姓名/單位"], ["张三/一机床"]]), columns)
    assert result.rows[0].values == {"name_unit": "张三/一机床"}


def test_cell_text_is_cleaned_and_numbers_keep_their_type():
    rows = [
        HEADER,
        [1, "张\u3000三\u200b", "ＡＢ１２３４５６７８９０１２３４５６", " 天津市　第一机床厂 ", "焊工", 12.0],
        [2, "李四", 110101199003071234, "一机床", "焊工", None],
        [3, "王五", 1.1010119900307123e17, "一机床", "焊工", 7.5],
    ]
    result = read(build(rows))
    first, second, third = (r.values for r in result.rows)
    assert first["name"] == "张 三"
    assert first["id_number"] == "AB1234567890123456"
    assert first["unit"] == "天津市 第一机床厂"
    assert first["minutes"] == 12
    # An ID typed as a number arrives as a number, so the importer can tell the user.
    # (openpyxl writes numbers with 16 significant digits, as Excel keeps 15: the tail is lost.)
    assert isinstance(second["id_number"], (int, float))
    assert int(second["id_number"]) // 10**4 == 110101199003071234 // 10**4
    assert isinstance(third["id_number"], float)
    assert second["minutes"] is None
    assert third["minutes"] == 7.5


def test_dates_and_bools_are_python_values():
    columns = [ColumnSpec("name", "姓名"), ColumnSpec("born", "出生日期"), ColumnSpec("ok", "确认")]
    data = build([["姓名", "出生日期", "确认"], ["张三", datetime.date(1990, 3, 7), True]])
    values = read(data, columns).rows[0].values
    assert values["born"] == datetime.datetime(1990, 3, 7)
    assert values["ok"] is True


def test_absent_optional_columns_read_as_none():
    rows = [["姓名", "身份证号", "赛项"], ["张三", "110101199003071234", "焊工"]]
    result = read(build(rows))
    assert result.rows[0].values == {
        "name": "张三",
        "id_number": "110101199003071234",
        "unit": None,
        "event": "焊工",
        "minutes": None,
    }
    assert "unit" not in result.columns_found


def test_whitespace_only_cells_are_none():
    rows = [HEADER, [1, "张三", "110101199003071234", "\u3000 ", "焊工", "\u200b"]]
    values = read(build(rows)).rows[0].values
    assert values["unit"] is None
    assert values["minutes"] is None


def test_footnote_row_ends_the_table():
    rows = [
        HEADER,
        person(1),
        person(2),
        [],
        ["注：1. 身份证号请填写18位；2. 每个单位限报3人。"],
        [None, "联系人：王老师", "电话：022-12345678", None, "焊工"],
        person(99),
    ]
    result = read(build(rows))
    assert [r.number for r in result.rows] == [2, 3]


@pytest.mark.parametrize(
    "note", ["注:请用黑色字体", "说明：本表一式两份", "备注：无", "填表说明", "　注：前有全角空格"]
)
def test_footnote_prefixes(note):
    rows = [HEADER, person(1), [note], person(2)]
    assert len(read(build(rows)).rows) == 1


def test_row_starting_with_note_word_but_with_other_cells_is_data():
    rows = [HEADER, ["注:", "张三", "110101199003071234", None, "焊工"]]
    assert read(build(rows)).rows[0].values["name"] == "张三"


def test_trailing_and_middle_empty_rows():
    rows = [HEADER, person(1), [], [None, None, None], person(2), [None, "  ", ""]]
    rows += [[]] * 300  # formatted-looking tail
    data = build(rows)
    result = read(data, max_rows=2)  # the empty rows do not count towards the limit
    assert [r.number for r in result.rows] == [2, 5]


def test_styled_empty_rows_at_the_end():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(person(1))
    for row in range(3, 2000):
        ws.cell(row=row, column=2).font = Font(bold=True)  # styled, no value
    buf = io.BytesIO()
    wb.save(buf)
    assert len(read(buf.getvalue(), max_rows=1).rows) == 1


def test_pre_numbered_rows_without_data_are_skipped():
    rows = [HEADER, person(1)] + [[n] for n in range(2, 51)]
    result = read(build(rows))
    assert len(result.rows) == 1


def test_missing_required_columns():
    rows = [["序号", "姓名", "单位"], [1, "张三", "一机床"]]
    with pytest.raises(SpreadsheetError) as info:
        read(build(rows))
    assert info.value.message.startswith("缺少必填列：身份证号、赛项")


def test_duplicate_header_columns():
    rows = [["姓名", "身份证号", "赛项", "职工姓名"], ["张三", "1", "焊工", "张三"]]
    with pytest.raises(SpreadsheetError) as info:
        read(build(rows))
    assert "表头重复" in info.value.message
    assert "A 列" in info.value.message and "D 列" in info.value.message


def test_no_header_at_all():
    rows = [["这是一张说明表"], ["随便写的内容"]]
    with pytest.raises(SpreadsheetError) as info:
        read(build(rows))
    assert "没有找到表头" in info.value.message


def test_header_below_search_window_is_not_found():
    rows = [[f"说明第{i}行"] for i in range(40)] + [HEADER, person(1)]
    with pytest.raises(SpreadsheetError):
        read(build(rows), header_search_rows=30)
    assert len(read(build(rows), header_search_rows=50).rows) == 1


def test_chooses_first_sheet_with_the_header():
    data = build(
        [HEADER, person(1)],
        title="报名表",
        first_sheets=[("填表说明", [["填表说明"], ["1. 姓名请填写全名"]])],
    )
    result = read(data)
    assert result.sheet_title == "报名表"
    assert len(result.rows) == 1


def test_sheet_name_given():
    data = build([HEADER, person(1)], title="焊工", extra_sheets=[("电工", [HEADER, person(2), person(3)])])
    assert len(read(data, sheet_name="电工").rows) == 2
    assert len(read(data, sheet_name=" 電工 ").rows) == 2  # matched like a header
    with pytest.raises(SpreadsheetError) as info:
        read(data, sheet_name="钳工")
    assert "找不到工作表" in info.value.message
    assert "“焊工”" in info.value.message


def test_row_limit():
    rows = [HEADER] + [person(n) for n in range(1, 12)]
    with pytest.raises(SpreadsheetError) as info:
        read(build(rows), max_rows=10)
    assert "行数超过上限" in info.value.message
    assert len(read(build(rows), max_rows=11).rows) == 11



def fake_dimension(xml: str) -> str:
    assert "<dimension" in xml
    return re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:A1"/>', xml)


def test_row_limit_is_counted_not_taken_from_a_fake_dimension():
    rows = [HEADER] + [person(n) for n in range(1, 51)]
    data = rewrite_sheet(build(rows), fake_dimension)
    with pytest.raises(SpreadsheetError) as info:
        read(data, max_rows=10)
    assert "行数超过上限" in info.value.message
    # And nothing is cut short by the fake A1:A1: every row and column is read.
    result = read(data, max_rows=100)
    assert len(result.rows) == 50
    assert result.rows[-1].values["minutes"] == 80


def test_row_number_beyond_excel_limit_is_refused():
    def add_far_row(xml: str) -> str:
        far = '<row r="1048577"><c r="B1048577" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace("</sheetData>", far + "</sheetData>")

    data = rewrite_sheet(build([HEADER, person(1)]), add_far_row)
    with pytest.raises(SpreadsheetError):
        read(data)


def test_formula_without_cached_value_reads_as_none():
    rows = [HEADER, [1, "张三", "110101199003071234", "一机床", "焊工", "=20+10"]]
    assert read(build(rows)).rows[0].values["minutes"] is None


def test_formula_with_cached_value_reads_the_value():
    def cache(xml: str) -> str:
        xml, n = re.subn(r"<f>20\+10</f><v\s*/>|<f>20\+10</f><v></v>", "<f>20+10</f><v>30</v>", xml)
        assert n == 1
        return xml

    rows = [HEADER, [1, "张三", "110101199003071234", "一机床", "焊工", "=20+10"]]
    data = rewrite_sheet(build(rows), cache)
    assert read(data).rows[0].values["minutes"] == 30


def test_sources_path_file_object_and_bytes(tmp_path):
    data = build([HEADER, person(1)])
    path = tmp_path / "报名表.xlsx"
    path.write_bytes(data)
    for source in (data, bytearray(data), io.BytesIO(data), path, str(path)):
        assert len(read(source).rows) == 1
    with open(path, "rb") as fh:
        fh.read(10)  # a half-read upload is rewound
        assert len(read(fh).rows) == 1


def test_oversize_path_refused_without_reading(tmp_path):
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 2048)
    with pytest.raises(SpreadsheetError) as info:
        read(path, max_bytes=1024)
    assert "上限" in info.value.message


def test_oversize_file_object_read_only_up_to_the_limit():
    data = build([HEADER, person(1)])
    with pytest.raises(SpreadsheetError) as info:
        read(io.BytesIO(data), max_bytes=len(data) - 1)
    assert "上限" in info.value.message


def test_safety_check_runs_first():
    with pytest.raises(SpreadsheetError) as info:
        read("姓名,身份证号\n张三,1\n".encode())
    assert "CSV" in info.value.message


def test_corrupt_sheet_xml_is_a_spreadsheet_error():
    data = rewrite_sheet(build([HEADER, person(1)]), lambda xml: xml.replace("</sheetData>", "<row>"))
    with pytest.raises(SpreadsheetError) as info:
        read(data)
    assert "损坏" in info.value.message


def test_conflicting_specs_are_a_programming_error():
    with pytest.raises(ValueError):
        read(build([HEADER]), [ColumnSpec("a", "姓名"), ColumnSpec("b", "职工", aliases=("姓 名",))])


# --- merged data cells and uncalculated formulas (the registration import's sheets) ---------------------

PLAIN_COLUMNS = [
    ColumnSpec("name", "姓名", required=True),
    ColumnSpec("id_number", "身份证号", required=True),
    ColumnSpec("unit", "工作单位"),
    ColumnSpec("event", "赛项"),
]
PLAIN_HEADER = ["序号", "姓名", "身份证号", "工作单位", "赛项"]


def build_plain(rows, merges=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_plain(data, **kwargs):
    return read_table(data, PLAIN_COLUMNS, max_rows=1000, max_bytes=10 * 1024 * 1024, **kwargs)



def test_unit_merged_down_over_its_people_is_given_to_every_row():
    rows = [
        ["报名表"],
        PLAIN_HEADER,
        [1, "张三", "id1", "天津第一机床厂", "焊工"],
        [2, "李四", "id2", None, "焊工"],
        [3, "王五", "id3", None, "钳工"],
        [4, "赵六", "id4", "滨海公司", "钳工"],
    ]
    result = read_plain(build_plain(rows, merges=["A1:E1", "D3:D5"]))
    assert [r.values["unit"] for r in result.rows] == ["天津第一机床厂"] * 3 + ["滨海公司"]


def test_merged_cells_over_empty_rows_do_not_create_rows():
    rows = [PLAIN_HEADER, [1, "张三", "id1", "一机床", "焊工"], [], []]
    result = read_plain(build_plain(rows, merges=["D2:D4"]))
    assert len(result.rows) == 1


def test_merged_fill_can_be_turned_off():
    rows = [PLAIN_HEADER, [1, "张三", "id1", "一机床", "焊工"], [2, "李四", "id2", None, "焊工"]]
    result = read_plain(build_plain(rows, merges=["D2:D3"]), fill_merged=False)
    assert result.rows[1].values["unit"] is None


def test_horizontal_merge_fills_each_covered_column():
    rows = [PLAIN_HEADER, [1, "张三", "id1", "焊工", None]]
    result = read_plain(build_plain(rows, merges=["D2:E2"]))
    assert result.rows[0].values["event"] == "焊工"


def test_too_many_merged_ranges_are_refused_not_expanded():
    rows = [PLAIN_HEADER, [1, "张三", "id1", "一机床", "焊工"]]

    def many(xml: str) -> str:
        refs = "".join(f'<mergeCell ref="D{r}:E{r}"/>' for r in range(3, 50_010))
        return re.sub(r"</sheetData>", f'</sheetData><mergeCells count="50007">{refs}</mergeCells>', xml, count=1)

    with pytest.raises(SpreadsheetError) as info:
        read_plain(rewrite_sheet(build_plain(rows), many))
    assert "合并单元格过多" in info.value.message


def test_huge_merged_range_is_cheap():
    rows = [PLAIN_HEADER, [1, "张三", "id1", "一机床", "焊工"], [2, "李四", "id2", None, "焊工"]]
    def huge(xml: str) -> str:
        # written into the XML: openpyxl itself would create a million MergedCell objects
        merge = '<mergeCells count="1"><mergeCell ref="D2:D1048576"/></mergeCells>'
        return xml.replace("</sheetData>", "</sheetData>" + merge, 1)

    result = read_plain(rewrite_sheet(build_plain(rows), huge))
    assert [r.values["unit"] for r in result.rows] == ["一机床", "一机床"]


def test_uncalculated_formulas_are_listed_by_row_and_column():
    rows = [PLAIN_HEADER, [1, "=1+1", "id1", '=CONCATENATE("一","机床")', "焊工"], [2, "李四", "id2", "一机床", "焊工"]]
    result = read_plain(build_plain(rows))
    assert result.rows[0].values["name"] is None
    assert result.uncalculated_formulas == {(2, "name"): "=1+1", (2, "unit"): '=CONCATENATE("一","机床")'}


def test_formulas_with_a_cached_value_are_not_listed():
    def cache(xml: str) -> str:
        # openpyxl writes the empty value as <v />, <v/> or <v></v> (stdlib or lxml serialiser)
        return re.sub(r"<f>1\+1</f><v\s*/>|<f>1\+1</f><v></v>", "<f>1+1</f><v>2</v>", xml)

    rows = [PLAIN_HEADER, [1, "=1+1", "id1", "一机床", "焊工"]]
    result = read_plain(rewrite_sheet(build_plain(rows), cache))
    assert result.rows[0].values["name"] == 2
    assert result.uncalculated_formulas == {}


def test_formula_giving_empty_text_counts_as_calculated():
    def empty_text(xml: str) -> str:
        return re.sub(r'<c r="B2"><f>1\+1</f>(?:<v\s*/>|<v></v>)', '<c r="B2" t="str"><f>1+1</f><v></v>', xml)

    rows = [PLAIN_HEADER, [1, "=1+1", "id1", "一机床", "焊工"]]
    result = read_plain(rewrite_sheet(build_plain(rows), empty_text))
    assert result.uncalculated_formulas == {}


def test_scan_handles_prefixed_elements():
    xml = (
        '<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="2"><x:c r="B2"><x:f>A1*2</x:f></x:c></x:row>'
        '</x:sheetData><x:mergeCells><x:mergeCell ref="A3:B4"/></x:mergeCells></x:worksheet>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("s.xml", xml)
    scan = scan_sheet_part(zipfile.ZipFile(buf), "s.xml")
    assert scan.uncalculated_formulas == {(2, 2): "=A1*2"}
    assert [(m.min_col, m.min_row, m.max_col, m.max_row) for m in scan.merged] == [(1, 3, 2, 4)]
