"""read_table's two cell readers: python-calamine for ordinary sheets, openpyxl's stream for the rest.

calamine holds a sheet's bounding box as a dense grid, so only sheets whose extent the upload scan
has bounded go to it; both readers must hand the importers the same values."""

import datetime
import io

import pytest
from openpyxl import Workbook

import core.spreadsheets.reader as reader
from core.spreadsheets import ColumnSpec, read_table
from core.spreadsheets.safety import check_xlsx_bytes
from core.spreadsheets.sheetxml import SheetScanner
from tests.scenarios.registration_workbooks import rewrite_sheet

COLUMNS = [
    ColumnSpec("name", "姓名", required=True),
    ColumnSpec("id_number", "身份证号", required=True),
    ColumnSpec("phone", "手机号"),
    ColumnSpec("born", "出生日期"),
    ColumnSpec("start", "开始时间"),
    ColumnSpec("minutes", "用时"),
    ColumnSpec("score", "成绩"),
    ColumnSpec("unit", "工作单位"),
    ColumnSpec("ok", "合格"),
]



def varied_sheet() -> bytes:
    """Title rows, a table starting in column B, every kind of value an organiser's sheet holds."""
    wb = Workbook()
    ws = wb.active
    ws["B1"] = "2026年报名表"
    header = ["姓名", "身份证号", "手机号", "出生日期", "开始时间", "用时", "成绩", "工作单位", "合格"]
    for col, text in enumerate(header, start=2):
        ws.cell(3, col, text)
    rows = [
        ["  张 伟 ", 110101199003071234, 13800138000, datetime.date(1990, 3, 7), datetime.time(8, 30), 85, 92.5,
         "一机床", True],
        ["李娜", "11010119900307123X", "139 0000 0000", datetime.datetime(1991, 4, 1, 9, 15), None, 30.0, 0.1 + 0.2,
         None, False],
        ["王芳", "=A1&B1", None, None, None, "=20+10", None, None, None],
        [None, None, None, None, None, None, None, "三机床", None],  # only the merged unit's anchor
        ["赵强", "110101199003071250", 1.5e17, None, None, None, -3, "二机床", None],
    ]
    for r, row in enumerate(rows, start=4):
        for col, value in enumerate(row, start=2):
            if value is not None:
                ws.cell(r, col, value)
    ws.cell(4, 5).number_format = "yyyy-mm-dd"
    ws.merge_cells("I7:I8")  # 工作单位 merged down over 赵强
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read(data: bytes):
    return read_table(data, COLUMNS, max_rows=100, max_bytes=10 * 1024 * 1024)


def read_with_openpyxl(data: bytes, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(reader, "MAX_DENSE_CELLS", -1)
        return read(data)


def opened_with(data: bytes) -> str:
    wb = reader._open_workbook(data, check_xlsx_bytes(data, max_bytes=10 * 1024 * 1024).sheets)
    wb.close()
    return "calamine" if isinstance(wb, reader._CalamineBook) else "openpyxl"


def test_an_ordinary_sheet_is_read_by_calamine():
    assert opened_with(varied_sheet()) == "calamine"


def test_calamine_and_openpyxl_give_the_importers_the_same_values(monkeypatch):
    data = varied_sheet()
    fast, slow = read(data), read_with_openpyxl(data, monkeypatch)
    assert [(r.number, r.values) for r in fast.rows] == [(r.number, r.values) for r in slow.rows]
    assert (fast.header_row_number, fast.columns_found, fast.column_letters, fast.uncalculated_formulas) == (
        slow.header_row_number,
        slow.columns_found,
        slow.column_letters,
        slow.uncalculated_formulas,
    )
    first, second, third, _anchor, fifth = (r.values for r in fast.rows)
    # Whole numbers are ints (an ID typed as a number stays a number: the importer refuses it).
    assert first["minutes"] == 85 and type(first["minutes"]) is int
    assert type(first["id_number"]) is not str and first["phone"] == 13800138000
    assert second["minutes"] == 30 and type(second["minutes"]) is int
    assert first["born"] == datetime.datetime(1990, 3, 7) and first["start"] == datetime.time(8, 30)
    assert (first["ok"], second["ok"]) == (True, False)
    # Uncalculated formulas read as empty and are listed for the importer's message.
    assert third["id_number"] is None and third["minutes"] is None
    assert fast.uncalculated_formulas == {(6, "id_number"): "=A1&B1", (6, "minutes"): "=20+10"}
    # The merged 工作单位 reaches the row under its anchor; text is cleaned, numbers stay numbers.
    assert fifth["unit"] == "三机床" and fifth["phone"] == 1.5e17 and fifth["score"] == -3
    assert first["name"] == "张 伟" and second["phone"] == "139 0000 0000"


def test_a_sparse_sheet_never_reaches_calamine():
    # Two cells in a 10 KB file whose bounding box is 100 000 rows × 16 384 columns: calamine would
    # ask for about 50 GB and abort the process. The scan bounds the box first: openpyxl streams it.
    def far_cell(xml: str) -> str:
        far = '<row r="100000"><c r="XFD100000" t="inlineStr"><is><t>远</t></is></c></row>'
        return xml.replace("</sheetData>", far + "</sheetData>")

    wb = Workbook()
    wb.active.append(["姓名", "身份证号"])
    wb.active.append(["张三", "110101199003071234"])
    buf = io.BytesIO()
    wb.save(buf)
    data = rewrite_sheet(buf.getvalue(), far_cell)
    assert opened_with(data) == "openpyxl"
    result = read_table(data, COLUMNS[:2], max_rows=10, max_bytes=10 * 1024 * 1024)
    assert [r.values["name"] for r in result.rows] == ["张三"]


@pytest.mark.parametrize(
    ("body", "unknown", "max_row", "max_column"),
    [
        (b'<row r="1"><c r="A1"><v>1</v></c><c r="C9"><v>2</v></c></row>', False, 9, 26),
        (b'<row r="2"><c r="AB2"><v>1</v></c><c r="xfd3"><v>1</v></c></row>', False, 3, 16384),
        (b'<row r="1"><c><v>1</v></c></row>', True, 1, 26),  # placed by counting
        (b'<row r="1"><c s="1" t=\'r="A1"\'><v>1</v></c></row>', True, 1, 26),  # r="" hidden in a value
        (b'<row r="1"><c r="A12345678"><v>1</v></c></row>', True, 1, 26),  # beyond Excel's rows
        (b'<row r="1"><c r="ABCD1"><v>1</v></c></row>', True, 1, 26),  # beyond Excel's columns
        (b'<x:row r="1"><x:c><x:v>1</x:v></x:c></x:row>', True, 1, 26),  # a prefixed cell placed by counting
        (b'<x:row r="1"><x:c r="B4"><x:v>1</x:v></x:c></x:row>', False, 4, 26),
        (b'<row r="1"><c\tfoor="A1"><v>1</v></c></row>', True, 1, 26),  # a lookalike of r is not r
        (b'<row r="1"><c\nr="A7"><v>1</v></c></row>', False, 7, 26),  # any white space before r
        # Another attribute ending in r only ever widens the bound.
        (b'<row r="1"><c r="A1" foor="AB20"><v>1</v></c></row>', False, 20, 28),
    ],
)
def test_the_scan_bounds_the_cells_extent(body, unknown, max_row, max_column):
    scanner = SheetScanner()
    scanner.feed(b"<worksheet><sheetData>" + body + b"</sheetData></worksheet>")
    scan = scanner.close()
    assert (scan.extent_unknown, scan.max_row, scan.max_column) == (unknown, max_row, max_column)


def test_cells_without_references_are_read_by_openpyxl():
    def drop_refs(xml: str) -> str:
        import re

        return re.sub(r'(<c) r="[A-Z]+\d+"', r"\1", xml)

    wb = Workbook()
    wb.active.append(["姓名", "身份证号"])
    wb.active.append(["张三", "110101199003071234"])
    buf = io.BytesIO()
    wb.save(buf)
    data = rewrite_sheet(buf.getvalue(), drop_refs)
    assert opened_with(data) == "openpyxl"
    result = read_table(data, COLUMNS[:2], max_rows=10, max_bytes=10 * 1024 * 1024)
    assert [r.values["id_number"] for r in result.rows] == ["110101199003071234"]


def test_a_sheet_with_error_values_is_read_by_openpyxl_so_the_error_text_is_not_lost():
    """calamine reads #DIV/0! as an empty cell; the importer must see the text and refuse it."""
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号"])
    ws.append(["张三", "#DIV/0!"])
    ws["B2"].data_type = "e"
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    scans = check_xlsx_bytes(data, max_bytes=10 * 1024 * 1024).sheets
    assert [scan.has_error_cells for scan in scans.values()] == [True]
    assert opened_with(data) == "openpyxl"
    assert read(data).rows[0].values["id_number"] == "#DIV/0!"
    assert opened_with(varied_sheet()) == "calamine"  # ordinary sheets keep the fast reader
