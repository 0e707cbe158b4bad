"""read_table additions for the registration import: merged data cells and uncalculated formulas."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from core.spreadsheets import ColumnSpec, SpreadsheetError, read_table
from core.spreadsheets.sheetxml import scan_sheet_part

COLUMNS = [
    ColumnSpec("name", "姓名", required=True),
    ColumnSpec("id_number", "身份证号", required=True),
    ColumnSpec("unit", "工作单位"),
    ColumnSpec("event", "赛项"),
]
HEADER = ["序号", "姓名", "身份证号", "工作单位", "赛项"]


def build(rows, merges=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read(data, **kwargs):
    return read_table(data, COLUMNS, max_rows=1000, max_bytes=10 * 1024 * 1024, **kwargs)


def rewrite_sheet(data: bytes, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body.decode()).encode()
            dst.writestr(info, body)
    return out.getvalue()


def test_unit_merged_down_over_its_people_is_given_to_every_row():
    rows = [
        ["报名表"],
        HEADER,
        [1, "张三", "id1", "天津第一机床厂", "焊工"],
        [2, "李四", "id2", None, "焊工"],
        [3, "王五", "id3", None, "钳工"],
        [4, "赵六", "id4", "滨海公司", "钳工"],
    ]
    result = read(build(rows, merges=["A1:E1", "D3:D5"]))
    assert [r.values["unit"] for r in result.rows] == ["天津第一机床厂"] * 3 + ["滨海公司"]


def test_merged_cells_over_empty_rows_do_not_create_rows():
    rows = [HEADER, [1, "张三", "id1", "一机床", "焊工"], [], []]
    result = read(build(rows, merges=["D2:D4"]))
    assert len(result.rows) == 1


def test_merged_fill_can_be_turned_off():
    rows = [HEADER, [1, "张三", "id1", "一机床", "焊工"], [2, "李四", "id2", None, "焊工"]]
    result = read(build(rows, merges=["D2:D3"]), fill_merged=False)
    assert result.rows[1].values["unit"] is None


def test_horizontal_merge_fills_each_covered_column():
    rows = [HEADER, [1, "张三", "id1", "焊工", None]]
    result = read(build(rows, merges=["D2:E2"]))
    assert result.rows[0].values["event"] == "焊工"


def test_too_many_merged_ranges_are_refused_not_expanded():
    rows = [HEADER, [1, "张三", "id1", "一机床", "焊工"]]

    def many(xml: str) -> str:
        refs = "".join(f'<mergeCell ref="D{r}:E{r}"/>' for r in range(3, 50_010))
        return re.sub(r"</sheetData>", f'</sheetData><mergeCells count="50007">{refs}</mergeCells>', xml, count=1)

    with pytest.raises(SpreadsheetError) as info:
        read(rewrite_sheet(build(rows), many))
    assert "合并单元格过多" in info.value.message


def test_huge_merged_range_is_cheap():
    rows = [HEADER, [1, "张三", "id1", "一机床", "焊工"], [2, "李四", "id2", None, "焊工"]]
    def huge(xml: str) -> str:
        # written into the XML: openpyxl itself would create a million MergedCell objects
        merge = '<mergeCells count="1"><mergeCell ref="D2:D1048576"/></mergeCells>'
        return xml.replace("</sheetData>", "</sheetData>" + merge, 1)

    result = read(rewrite_sheet(build(rows), huge))
    assert [r.values["unit"] for r in result.rows] == ["一机床", "一机床"]


def test_uncalculated_formulas_are_listed_by_row_and_column():
    rows = [HEADER, [1, "=1+1", "id1", '=CONCATENATE("一","机床")', "焊工"], [2, "李四", "id2", "一机床", "焊工"]]
    result = read(build(rows))
    assert result.rows[0].values["name"] is None
    assert result.uncalculated_formulas == {(2, "name"): "=1+1", (2, "unit"): '=CONCATENATE("一","机床")'}


def test_formulas_with_a_cached_value_are_not_listed():
    def cache(xml: str) -> str:
        return xml.replace("<f>1+1</f><v />", "<f>1+1</f><v>2</v>").replace("<f>1+1</f><v/>", "<f>1+1</f><v>2</v>")

    rows = [HEADER, [1, "=1+1", "id1", "一机床", "焊工"]]
    result = read(rewrite_sheet(build(rows), cache))
    assert result.rows[0].values["name"] == 2
    assert result.uncalculated_formulas == {}


def test_formula_giving_empty_text_counts_as_calculated():
    def empty_text(xml: str) -> str:
        return re.sub(r'<c r="B2"><f>1\+1</f><v\s*/>', '<c r="B2" t="str"><f>1+1</f><v></v>', xml)

    rows = [HEADER, [1, "=1+1", "id1", "一机床", "焊工"]]
    result = read(rewrite_sheet(build(rows), empty_text))
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
