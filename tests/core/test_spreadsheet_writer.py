"""write_workbook: formula safety, identifiers as text, real dates, print setup, streaming."""

import datetime
import io
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from core.spreadsheets import (
    Column,
    ColumnSpec,
    SectionRow,
    SheetSpec,
    read_table,
    write_workbook,
    write_workbook_to_tempfile,
)
from core.spreadsheets.writer import fit_width, sanitize_sheet_title, text_width
from tests.scenarios.exports import assert_no_formulas, column_width, read_back

RISKY = ["=1+1", "+86 13800138000", "-5", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")', "#N/A"]


def write(sheets, **kwargs) -> bytes:
    buf = io.BytesIO()
    write_workbook(buf, sheets, **kwargs)
    return buf.getvalue()


def sheet_xml(data: bytes, n: int = 1) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(f"xl/worksheets/sheet{n}.xml").decode()


def roster_spec(**kwargs) -> SheetSpec:
    defaults = dict(
        title="表彰名单",
        columns=[
            Column("序号", "int"),
            Column("姓名"),
            Column("身份证号", "identifier"),
            Column("单位及职务", wrap=True),
            Column("出生日期", "date"),
            Column("成绩", "decimal"),
        ],
        rows=[
            [1, "张三", "110101199003071234", "天津市第一机床厂焊工", datetime.date(1990, 3, 7), Decimal("95.5")],
            [2, "李四", 11010119850101123, "天津市第二机床厂电工", datetime.datetime(1985, 1, 1, 9), 88.25],
        ],
    )
    defaults.update(kwargs)
    return SheetSpec(**defaults)


def test_identifiers_are_text_cells():
    data = write([roster_spec()])
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["C2"].value == "110101199003071234"
    assert ws["C2"].data_type == "s"
    assert ws["C3"].value == "11010119850101123"  # given as int, written as text
    assert "E+" not in sheet_xml(data)


def test_identifier_given_as_integral_float_or_decimal():
    spec = SheetSpec("x", [Column("手机", "identifier")], [[13800138000.0], [Decimal("13900139000")]])
    ws = load_workbook(io.BytesIO(write([spec]))).active
    assert [ws["A2"].value, ws["A3"].value] == ["13800138000", "13900139000"]


@pytest.mark.parametrize("kind", ["text", "identifier", "int", "decimal", "date"])
def test_risky_text_is_never_a_formula(kind):
    spec = SheetSpec("x", [Column("值", kind), Column("备注", wrap=True)], [[v, v] for v in RISKY])
    data = write([spec])
    xml = sheet_xml(data)
    assert "<f>" not in xml and "<f " not in xml
    ws = load_workbook(io.BytesIO(data)).active
    col_a = [ws.cell(row=r, column=1).value for r in range(2, 2 + len(RISKY))]
    col_b = [ws.cell(row=r, column=2).value for r in range(2, 2 + len(RISKY))]
    # A lone CR reads back as CR or LF depending on openpyxl's serialiser (tests.scenarios.exports);
    # either way it reads back as text.
    expected = [read_back(v) for v in RISKY]
    assert col_a == expected
    assert col_b == expected
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(2, 2 + len(RISKY)))


def test_risky_headers_heading_and_sections_are_text_too():
    spec = SheetSpec("x", [Column("=A1"), Column("b")], [SectionRow("=SUM(1)"), ["a", "b"]], heading="=1")
    data = write([spec])
    assert "<f>" not in sheet_xml(data)
    ws = load_workbook(io.BytesIO(data)).active
    assert [ws["A1"].value, ws["A2"].value, ws["A3"].value] == ["=1", "=A1", "=SUM(1)"]


def test_control_characters_are_dropped_not_fatal():
    spec = SheetSpec("x", [Column("a"), Column("b")], [["a\x01b", "=\x02c"], ["行1\n行2", None]])
    ws = load_workbook(io.BytesIO(write([spec]))).active
    assert [ws["A2"].value, ws["B2"].value, ws["A3"].value] == ["ab", "=c", "行1\n行2"]


def test_dates_are_real_dates():
    data = write([roster_spec()])
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["E2"].value == datetime.datetime(1990, 3, 7)
    assert ws["E2"].is_date
    assert ws["E2"].number_format == "yyyy-mm-dd"
    # A datetime in a "date" column loses its time.
    assert ws["E3"].value == datetime.datetime(1985, 1, 1)
    assert ws["E3"].number_format == "yyyy-mm-dd"
    assert ws["F2"].value == 95.5 and ws["F2"].data_type == "n"
    assert ws["A2"].value == 1


def test_datetime_column_and_aware_datetimes():
    aware = datetime.datetime(2023, 5, 1, 0, 30, tzinfo=datetime.UTC)
    spec = SheetSpec("x", [Column("时间", "datetime")], [[aware], [datetime.datetime(2023, 5, 1, 8)]])
    ws = load_workbook(io.BytesIO(write([spec]))).active
    local = aware.astimezone(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)  # settings.TIME_ZONE
    assert ws["A2"].value == local
    assert ws["A2"].is_date
    assert ws["A3"].value == datetime.datetime(2023, 5, 1, 8)


def test_freeze_and_print_setup():
    data = write([roster_spec(), roster_spec(title="横向", landscape=True, heading="2023年表彰名单")])
    wb = load_workbook(io.BytesIO(data))
    portrait, landscape = wb.worksheets
    assert portrait.freeze_panes == "A2"
    assert portrait.print_title_rows == "$1:$1"
    assert landscape.freeze_panes == "A3"
    assert landscape.print_title_rows == "$2:$2"
    for ws, orientation in ((portrait, "portrait"), (landscape, "landscape")):
        setup = ws.page_setup
        assert int(setup.paperSize) == 9
        assert setup.orientation == orientation
        assert int(setup.fitToWidth or 1) == 1  # 1 is the default, which XlsxWriter leaves out
        assert int(setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_options.horizontalCentered
        assert ws.page_margins.left == 0.5
        assert "&P" in ws.oddFooter.center.text


def test_heading_and_header_styles():
    ws = load_workbook(io.BytesIO(write([roster_spec(heading="2023年表彰名单")]))).active
    assert ws["A1"].value == "2023年表彰名单"
    assert ws["A1"].font.b and ws["A1"].font.sz == 16
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    header = ws["B2"]
    assert header.value == "姓名" and header.font.b
    assert header.border.bottom.style == "thin"
    assert header.fill.fgColor.rgb == "FFD9D9D9"
    # Data cells stay unstyled (except wrapped text and dates).
    assert not ws["B3"].has_style
    assert ws["D3"].alignment.wrap_text


def test_section_rows_are_merged_bold_lines():
    rows = [SectionRow("全国五一劳动奖章"), [1, "张三"], [2, "李四"], SectionRow("全国工人先锋号"), [1, "王五"]]
    spec = SheetSpec("名单", [Column("序号", "int"), Column("姓名"), Column("单位")], rows, heading="名单")
    ws = load_workbook(io.BytesIO(write([spec]))).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {"A1:C1", "A3:C3", "A6:C6"}
    assert ws["A3"].value == "全国五一劳动奖章" and ws["A3"].font.b
    assert ws["A6"].value == "全国工人先锋号"
    assert ws["B7"].value == "王五"


def test_column_widths_count_cjk_double():
    spec = SheetSpec(
        "x",
        [Column("a"), Column("b"), Column("c"), Column("d", width=33), Column("e", wrap=True)],
        [["abcdefghij", "天津市第一机床厂", "x", "y", "长" * 100], ["abc", "短", None, None, None]],
    )
    ws = load_workbook(io.BytesIO(write([spec]))).active
    assert column_width(ws, "A") == 12  # 10 ASCII + 2
    assert column_width(ws, "B") == 18  # 8 CJK × 2 + 2
    assert column_width(ws, "C") == 6  # minimum
    assert column_width(ws, "D") == 33  # given
    assert column_width(ws, "E") == 40  # wrapped column capped


def test_widths_measure_only_the_first_rows():
    rows = [["短"]] * 500 + [["很长很长很长很长很长很长很长很长"]]
    ws = load_workbook(io.BytesIO(write([SheetSpec("x", [Column("姓名")], rows)]))).active
    assert column_width(ws, "A") == 6
    assert ws["A502"].value == "很长很长很长很长很长很长很长很长"  # still written


def test_text_width():
    assert text_width("abc") == 3
    assert text_width("天津") == 4
    assert text_width("ＡＢ") == 4
    assert text_width("第一行\nab") == 6
    assert text_width(datetime.date(2023, 1, 1)) == 10
    assert text_width(None) == 0
    assert text_width(12.5) == 4


def test_default_font_in_styles_xml():
    data = write([roster_spec()])
    styles = zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml").decode()
    fonts = styles.split("<fonts", 1)[1].split("</fonts>", 1)[0]
    first_font = fonts.split("<font>", 2)[1]
    assert '<name val="宋体"' in first_font
    assert "scheme" not in first_font  # a theme scheme would override the name
    assert "Calibri" not in styles
    wb = load_workbook(io.BytesIO(data))
    assert wb._named_styles["Normal"].font.name == "宋体"
    assert wb.active["B2"].font.name == "宋体"

    other = write([roster_spec()], font_name="仿宋_GB2312")
    assert '<name val="仿宋_GB2312"' in zipfile.ZipFile(io.BytesIO(other)).read("xl/styles.xml").decode()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("名单[1]:*?/\\", "名单_1______"),
        ("一" * 40, "一" * 31),
        ("'引号'", "引号"),
        ("", "Sheet"),
    ],
)
def test_sanitize_sheet_title(title, expected):
    assert sanitize_sheet_title(title) == expected


def test_duplicate_sheet_titles_made_unique():
    data = write([roster_spec(title="名单"), roster_spec(title="名单"), roster_spec(title="名单")])
    assert load_workbook(io.BytesIO(data)).sheetnames == ["名单", "名单(2)", "名单(3)"]


def test_write_to_path_and_tempfile(tmp_path):
    path = tmp_path / "名单.xlsx"
    write_workbook(path, [roster_spec()])
    assert load_workbook(path).active["B2"].value == "张三"

    fh = write_workbook_to_tempfile([roster_spec()], font_name="宋体")
    try:
        assert fh.tell() == 0
        assert load_workbook(fh).active["B3"].value == "李四"
    finally:
        fh.close()


def test_round_trip_through_the_reader():
    data = write([roster_spec(heading="2023年表彰名单")])
    specs = [ColumnSpec("name", "姓名", required=True), ColumnSpec("id", "身份证号", required=True)]
    result = read_table(data, specs, max_rows=10, max_bytes=10 * 1024 * 1024)
    assert result.header_row_number == 2
    assert [r.values["id"] for r in result.rows] == ["110101199003071234", "11010119850101123"]


def test_unknown_kind_rejected():
    with pytest.raises(ValueError):
        Column("x", kind="money")


def test_no_sheets_rejected():
    with pytest.raises(ValueError):
        write_workbook(io.BytesIO(), [])


MEMORY_PROBE = """
import resource, sys
from core.spreadsheets import Column, SheetSpec, write_workbook_to_tempfile

def rows(n):
    for i in range(n):
        yield (i + 1, f"职工{i}" if i % 1000 else "=danger", f"1101011990{i:08d}", "天津市第一机床厂")

def run(n):
    cols = [Column("序号", "int"), Column("姓名"), Column("身份证号", "identifier"), Column("单位")]
    write_workbook_to_tempfile([SheetSpec("x", cols, rows(n))]).close()
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, peak so far

small = run(2_000)
large = run(20_000)
print(small, large)
"""


def test_writing_rows_keeps_memory_flat():
    # Peak RSS of a fresh interpreter (tracemalloc would make this 4× slower): write 2 000 rows,
    # then 20 000. Streaming means the peak barely moves (measured: +0.5 MB; +1.6 MB at 100 000);
    # holding the 18 000 more rows would add over 4 MB even as bare tuples (measured 5 MB), and
    # about 21 MB as openpyxl cells.
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE], cwd=root, capture_output=True, text=True, check=True, timeout=120
    )
    small_kib, large_kib = map(int, out.stdout.split())
    assert (large_kib - small_kib) * 1024 < 4 * 1024 * 1024, (small_kib, large_kib)


# --- What this issue added to core.spreadsheets.writer: percentages, wrapping only over-wide text, ----------

def written(spec: SheetSpec):
    buf = io.BytesIO()
    write_workbook(buf, [spec])
    assert_no_formulas(buf.getvalue())
    return load_workbook(io.BytesIO(buf.getvalue())).active


def test_percent_columns_are_numbers_shown_as_percentages():
    ws = written(SheetSpec("比例", [Column("类别"), Column("占比", "percent")], [
        ["产业工人", Decimal("0.3500")], ["女性", 0.125], ["科教人员", 1], ["未知", None], ["说明", "无"],
    ]))
    assert [ws.cell(row=r, column=2).value for r in range(2, 7)] == [0.35, 0.125, 1, None, "无"]
    assert ws["B2"].number_format == "0.00%" and ws["B4"].number_format == "0.00%"
    assert ws["B6"].number_format == "General"  # text stays text


def test_wrap_long_wraps_only_the_cells_wider_than_the_column():
    units = ["短单位"] * 3 + ["很长的单位名称" * 3]  # 6 and 42 display columns
    ws = written(SheetSpec("x", [Column("单位", width=20, wrap_long=True)], [[u] for u in units]))
    assert not ws["A2"].has_style
    assert ws["A5"].alignment.wrap_text
    assert column_width(ws, "A") == 20


def test_wrap_long_also_applies_to_risky_text():
    ws = written(SheetSpec("x", [Column("单位", width=10, wrap_long=True)], [["=" + "长" * 20], ["=短"]]))
    assert ws["A2"].value == "=" + "长" * 20 and ws["A2"].alignment.wrap_text
    assert ws["A3"].value == "=短" and not ws["A3"].alignment.wrap_text


def test_fit_width_counts_cjk_double_and_caps():
    assert fit_width(10, "序号") == 12
    assert fit_width(0, "单位及职务") == 12  # the header decides
    assert fit_width(1) == 6  # minimum
    assert fit_width(200) == 60
    assert fit_width(200, wrap=True) == 40


# XlsxWriter copies a string shaped like its own rich-string XML into the sheet unescaped: a name
# typed as below would otherwise end the cell and add a formula cell of its own.
RICH_XML = [
    "<r><t>x</t></r>",
    '<r><t>a</t></r></is></c><c r="Z1"><f>HYPERLINK("http://evil.example/","x")</f></c>'
    '<c r="Z2" t="inlineStr"><is><r><t>b</t></r>',
]


@pytest.mark.parametrize("value", RICH_XML)
def test_text_shaped_like_rich_string_xml_stays_the_same_text(value):
    columns = [Column("姓名"), Column("单位", width=10, wrap_long=True)]
    spec = SheetSpec("x", columns, [SectionRow(value), [value, value]], heading=value)
    data = write([spec])
    xml = sheet_xml(data)
    assert "<f>" not in xml and '<c r="Z1"' not in xml
    ws = written(spec)
    assert [ws["A1"].value, ws["A3"].value, ws["A4"].value, ws["B4"].value] == [value] * 4
    assert ws["A1"].font.sz == 16 and ws["A1"].font.b  # the heading's format, fragments or not


def test_str_subclasses_and_lazy_text_are_text_never_formulas():
    from django.utils.functional import lazy
    from django.utils.safestring import mark_safe

    lazy_text = lazy(lambda: "=2+2", str)()
    ws = written(SheetSpec("x", [Column("a"), Column("b")], [[mark_safe("=1+1"), lazy_text]]))
    assert (ws["A2"].value, ws["A2"].data_type) == ("=1+1", "s")
    assert (ws["B2"].value, ws["B2"].data_type) == ("=2+2", "s")


def test_booleans_nan_and_infinity():
    ws = written(SheetSpec("x", [Column("a"), Column("b", "decimal")], [[True, float("nan")], [False, float("inf")]]))
    assert [ws["A2"].value, ws["A3"].value] == [True, False]
    assert [ws["B2"].value, ws["B3"].value] == ["nan", "inf"]  # text: a number cell cannot hold them


def test_plain_rows_write_plain_cells():
    # The cheap path: no format, no copy of the text, numbers as numbers.
    columns = [Column("序号", "int"), Column("姓名"), Column("身份证号", "identifier")]
    rows = [(1, "王伟", "120101199001011234"), (2, "=1+1", 120101199001011234), [3, "王伟", "x", "extra"]]
    ws = written(SheetSpec("x", columns, rows))
    assert [ws["A2"].value, ws["B2"].value, ws["C2"].value] == [1, "王伟", "120101199001011234"]
    assert not any(ws.cell(row=2, column=c).has_style for c in (1, 2, 3))
    assert (ws["B3"].value, ws["B3"].data_type, ws["C3"].value) == ("=1+1", "s", "120101199001011234")
    assert ws["D4"].value is None  # values past the columns are left out


@pytest.mark.parametrize("value", ["@SUM(A1)", "+1", "-1", "\t=1", "\r=1", "=A1"])
def test_percent_and_text_columns_never_hold_formulas(value):
    written(SheetSpec("x", [Column("a"), Column("b", "percent")], [[value, value]]))
