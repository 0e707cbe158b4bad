"""The blank registration sheet (报名表模板) of one competition.

Row 1 is a merged title, row 2 a note on how to fill it in, row 3 the header (the columns the
importer reads, required ones marked with *, which the importer ignores). 身份证号 and 手机号 are
formatted as text so Excel and WPS keep all 18 digits; 性别, 赛项 and 技能等级 offer drop-down lists
fed from a hidden sheet (no list is written into a formula, so names with commas or quotes are safe).
Team events get an extra 队名 column.

Written with openpyxl's normal mode: the file is small and needs data validation and column
formats, which the streaming writer of ``core.spreadsheets`` does not do. Every text that comes
from the database is bound as a string cell, so a name starting with "=" never becomes a formula.
"""

from __future__ import annotations

import io

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from directory.models import SkillLevel

from ..models import Competition, EventKind
from .entries import COLUMNS

TEMPLATE_ROWS = 500  # rows pre-formatted for data
_WIDTHS = {"name": 10, "gender": 6, "ethnicity": 8, "id_number": 22, "phone": 14, "unit": 30, "job_title": 12,
           "event": 22, "delegation": 24, "skill_level": 14, "team": 18}
_TEXT_COLUMNS = ("id_number", "phone")


def _text(cell, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # never a formula, whatever the name starts with


def template_filename(competition: Competition) -> str:
    return f"{competition.name}-报名表模板.xlsx"


def template_bytes(competition: Competition) -> bytes:
    events = list(competition.events.all())
    has_team = any(e.kind == EventKind.TEAM for e in events)
    columns = [c for c in COLUMNS if c.key != "team" or has_team]
    headers = ["序号"] + [f"{c.label}*" if c.required else c.label for c in columns]

    font_name = settings.JIANGXIN_EXPORT_FONT
    wb = Workbook()
    ws = wb.active
    ws.title = "报名表"
    width = len(headers)
    last = get_column_letter(width)

    _text(ws.cell(1, 1), f"{competition.name}报名表")
    ws.cell(1, 1).font = Font(name=font_name, size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 30

    places = "；".join(
        f"{e.name}每个代表队限报{e.places_per_delegation}{'队' if e.kind == EventKind.TEAM else '人'}"
        for e in events
        if e.places_per_delegation
    )
    note = (
        "填写说明：带*的列必填；身份证号、手机号请按文本填写（本模板已设为文本格式，勿改为数字）；"
        "赛项请从下拉列表选择；代表队不填则为工作单位"
        + ("；团体赛项请填写队名，同一队的队员队名相同" if has_team else "")
        + (f"。名额：{places}" if places else "")
        + "。请勿修改表头。"
    )
    _text(ws.cell(2, 1), note)
    ws.cell(2, 1).font = Font(name=font_name, size=10, color="FFC00000")
    ws.cell(2, 1).alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 48

    thin = Side(style="thin")
    header_fill = PatternFill(fill_type="solid", fgColor="FFD9D9D9")
    for i, text in enumerate(headers, start=1):
        cell = ws.cell(3, i)
        _text(cell, text)
        cell.font = Font(name=font_name, bold=True)
        cell.fill = header_fill
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = "A4"
    ws.column_dimensions["A"].width = 6

    first, end = 4, 3 + TEMPLATE_ROWS
    letters = {}
    for i, col in enumerate(columns, start=2):
        letter = get_column_letter(i)
        letters[col.key] = letter
        ws.column_dimensions[letter].width = _WIDTHS.get(col.key, 14)
        if col.key in _TEXT_COLUMNS:
            for r in range(first, end + 1):
                ws.cell(r, i).number_format = "@"

    # Drop-down lists, fed from a hidden sheet.
    lists = wb.create_sheet("选项")
    options = {
        "gender": ["男", "女"],
        "event": [e.name for e in events],
        "skill_level": [str(label) for _v, label in SkillLevel.choices],
    }
    for col_index, (key, values) in enumerate(options.items(), start=1):
        if not values or key not in letters:
            continue
        for r, value in enumerate(values, start=1):
            _text(lists.cell(r, col_index), value)
        col_letter = get_column_letter(col_index)
        ref = f"{quote_sheetname(lists.title)}!${col_letter}$1:${col_letter}${len(values)}"
        dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=key != "skill_level")
        dv.error = "请从下拉列表中选择"
        dv.errorTitle = "输入有误"
        dv.add(f"{letters[key]}{first}:{letters[key]}{end}")
        ws.add_data_validation(dv)
    lists.sheet_state = "hidden"

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9
    ws.print_title_rows = "3:3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
