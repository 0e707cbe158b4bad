"""The blank sheet of 导入关爱台账: header 姓名, 身份证号, 项目, 日期, 金额, 说明; 身份证号 as text, 项目 as a
drop-down of the fixed kinds (no user text goes into the list formula), 日期 as a date."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from ..models import CareKind
from .ledger import COLUMNS

TEMPLATE_FILENAME = "关爱台账导入模板.xlsx"
ROWS = 1000


def ledger_template_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "关爱台账"
    ws.append([c.label for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (10, 22, 12, 12, 12, 30), strict=True):
        ws.column_dimensions[letter].width = width
    for row in range(2, ROWS + 2):
        ws[f"B{row}"].number_format = "@"
        ws[f"D{row}"].number_format = "yyyy-mm-dd"
        ws[f"E{row}"].number_format = "0.00"
    kinds = DataValidation(
        type="list", formula1='"' + ",".join(str(label) for label in CareKind.labels) + '"', allow_blank=True
    )
    kinds.error = "请从列表中选择项目"
    ws.add_data_validation(kinds)
    kinds.add(f"C2:C{ROWS + 1}")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
