"""What this issue added to core.spreadsheets.writer: percentages, wrapping only over-wide text,
widths known in advance, rows passed through untouched when nothing in them needs changing."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.spreadsheets import Column, SheetSpec, write_workbook
from core.spreadsheets.writer import _RowConverter, _Styles, fit_width

from .conftest import assert_no_formulas


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
    assert ws.column_dimensions["A"].width == 20


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


def test_rows_needing_no_change_are_passed_through_not_copied():
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    columns = [Column("序号", "int"), Column("姓名"), Column("身份证号", "identifier")]
    convert = _RowConverter(ws, columns, _Styles(wb, "宋体"), [6, 10, 20])
    plain = (1, "王伟", "120101199001011234")
    assert convert(plain) is plain
    changed = convert((2, "=1+1", 120101199001011234))
    assert changed[2] == "120101199001011234"
    assert changed[1].data_type == "s" and changed[1].value == "=1+1"
    assert convert([1, "王伟", "x", "extra"]) == [1, "王伟", "x"]


@pytest.mark.parametrize("value", ["@SUM(A1)", "+1", "-1", "\t=1", "\r=1", "=A1"])
def test_percent_and_text_columns_never_hold_formulas(value):
    written(SheetSpec("x", [Column("a"), Column("b", "percent")], [[value, value]]))
