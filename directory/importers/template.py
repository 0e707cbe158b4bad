"""The blank sheet of 批量创建账号: header 姓名, 单位, 角色, 手机号, 用户名, phones as text, 角色 as a
drop-down of fixed words (no user text goes into the list formula)."""

from __future__ import annotations

from core.spreadsheets.blank import blank_template_bytes

from .accounts import COLUMNS

TEMPLATE_FILENAME = "批量创建账号模板.xlsx"
ROLE_WORDS = ("联络员", "组织者", "裁判", "评审", "查看")
ROWS = 500


def account_template_bytes() -> bytes:
    return blank_template_bytes(
        "账号",
        [c.label for c in COLUMNS],
        (10, 30, 10, 14, 16),
        rows=ROWS,
        formats={"D": "@", "E": "@"},
        choices={"C": (ROLE_WORDS, "请从列表中选择角色")},
    )
