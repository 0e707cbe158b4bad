"""The blank sheet of 导入关爱台账: header 姓名, 身份证号, 项目, 日期, 金额, 说明; 身份证号 as text, 项目 as a
drop-down of the fixed kinds (no user text goes into the list formula), 日期 as a date."""

from __future__ import annotations

from core.spreadsheets.blank import blank_template_bytes

from ..models import CareKind
from .ledger import COLUMNS

TEMPLATE_FILENAME = "关爱台账导入模板.xlsx"
ROWS = 1000


def ledger_template_bytes() -> bytes:
    return blank_template_bytes(
        "关爱台账",
        [c.label for c in COLUMNS],
        (10, 22, 12, 12, 12, 30),
        rows=ROWS,
        formats={"B": "@", "D": "yyyy-mm-dd", "E": "0.00"},
        choices={"C": ([str(label) for label in CareKind.labels], "请从列表中选择项目")},
    )
