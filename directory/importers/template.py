"""The blank sheet of 批量创建账号: header 姓名, 单位, 角色, 手机号, 用户名, phones as text, 角色 as a
drop-down of fixed words (no user text goes into the list formula)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from .accounts import COLUMNS

TEMPLATE_FILENAME = "批量创建账号模板.xlsx"
ROLE_WORDS = ("联络员", "组织者", "裁判", "评审", "查看")
ROWS = 500


def account_template_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "账号"
    ws.append([c.label for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (10, 30, 10, 14, 16), strict=True):
        ws.column_dimensions[letter].width = width
    for row in range(2, ROWS + 2):
        ws[f"D{row}"].number_format = "@"
        ws[f"E{row}"].number_format = "@"
    roles = DataValidation(type="list", formula1='"' + ",".join(ROLE_WORDS) + '"', allow_blank=True)
    roles.error = "请从列表中选择角色"
    ws.add_data_validation(roles)
    roles.add(f"C2:C{ROWS + 1}")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
