"""Create many accounts from one spreadsheet (批量创建账号), all or nothing.

One row per person: 姓名, 单位, 角色 (管理员/组织者/联络员/裁判/评审/查看), 手机号, and optionally 用户名
(default: the phone number). Units are matched by name among the organisations the importing user
organises (and below); every problem is reported at once as 第N行 列：原因. The accounts are saved
by ``directory.services.accounts_import_save``; their initial passwords are handed back once, on the
report (``report.passwords``), for the printable list; each person must change it at first login.

Queries do not grow with the rows: the units and the usernames already taken are read once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from core.errors import DomainError
from core.imports import PREVIEW_ROWS, Importer, ImportReport
from core.spreadsheets import ColumnSpec, TableResult
from core.text import clean_text, match_key

from ..models import Organization, Role
from ..selectors.accounts import assignable_organizations, assignable_roles
from ..services.accounts import IMPORT_KIND, accounts_import_save, parse_role, parse_username
from ..services.people import FieldError, parse_person_name, parse_phone

COLUMNS = [
    ColumnSpec("name", "姓名", ("职工姓名",), required=True),
    ColumnSpec("unit", "单位", ("工作单位", "所在单位"), required=True),
    ColumnSpec("role", "角色", ("账号角色",), required=True),
    ColumnSpec("phone", "手机号", ("手机", "手机号码", "联系电话"), required=True),
    ColumnSpec("username", "用户名", ("登录名", "账号")),
]
LABELS = {c.key: c.label for c in COLUMNS}


@dataclass
class AccountPlan:
    row: int
    name: str
    organization: Organization
    role: str
    phone: str
    username: str


@dataclass
class AccountImportReport(ImportReport):
    plans: list[AccountPlan] = field(default_factory=list)
    # (姓名, 单位, 角色, 用户名, 初始密码) of the saved accounts: shown once, never stored.
    passwords: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    noun: ClassVar[str] = "个账号"
    preview_header: ClassVar[Sequence[str]] = ("行", "姓名", "单位", "角色", "手机号", "用户名")

    def planned(self) -> int:
        return len(self.plans)

    def counts(self) -> list[tuple[str, int]]:
        return [("新建账号", len(self.plans))]

    def preview_rows(self, limit: int = PREVIEW_ROWS) -> list[Sequence[Any]]:
        return [
            (p.row, p.name, p.organization.name, Role(p.role).label, p.phone, p.username) for p in self.plans[:limit]
        ]


class AccountImporter(Importer):
    kind = IMPORT_KIND
    report_class = AccountImportReport

    def columns(self) -> list[ColumnSpec]:
        return COLUMNS

    def save(self, report: AccountImportReport) -> None:
        accounts_import_save(report=report, by=self.by)

    def validate(self, table: TableResult, report: AccountImportReport) -> None:
        if not table.rows:
            raise DomainError("表中没有数据行")
        by = self.by
        scope = assignable_organizations(by) if by is not None else Organization.objects.all()
        units: dict[str, list[Organization]] = {}
        for org in scope:
            units.setdefault(org.name_key, []).append(org)
            if org.short_name and match_key(org.short_name) != org.name_key:
                units.setdefault(match_key(org.short_name), []).append(org)
        roles = dict(assignable_roles(by)) if by is not None else dict(Role.choices)
        taken = set(
            get_user_model().objects.annotate(u=Lower("username")).values_list("u", flat=True).iterator()
        )
        seen: dict[str, int] = {}
        for sheet_row in table.rows:
            row, v = sheet_row.number, sheet_row.values
            ok = True
            try:
                name = parse_person_name(v["name"])
            except FieldError as exc:
                report.error(row, LABELS["name"], exc.message)
                ok = False
            unit_text = clean_text(v["unit"]) if v["unit"] is not None else ""
            found = units.get(match_key(unit_text), []) if unit_text else []
            if not unit_text:
                report.error(row, LABELS["unit"], "单位不能为空")
                ok = False
            elif not found:
                report.error(row, LABELS["unit"], f"找不到名为“{unit_text}”的单位（或不在您管理的范围内）")
                ok = False
            elif len(found) > 1:
                report.error(row, LABELS["unit"], f"有{len(found)}个名为“{unit_text}”的单位，无法确定是哪一个")
                ok = False
            try:
                role = parse_role(v["role"])
                if role not in roles:
                    report.error(row, LABELS["role"], "只有管理员可以授予管理员角色")
                    ok = False
            except DomainError as exc:
                report.error(row, LABELS["role"], exc.message)
                ok = False
            try:
                phone = parse_phone(v["phone"])
                if not phone:
                    raise FieldError("手机号不能为空")
            except FieldError as exc:
                report.error(row, LABELS["phone"], exc.message)
                phone, ok = "", False
            username_cell = v["username"]
            column = LABELS["username"] if username_cell not in (None, "") else LABELS["phone"]
            username = ""
            if username_cell not in (None, "") or phone:
                try:
                    username = parse_username(clean_text(username_cell) if username_cell not in (None, "") else phone)
                except DomainError as exc:
                    report.error(row, column, exc.message)
                    ok = False
            if username:
                key = username.lower()
                if key in taken:
                    report.error(row, column, f"用户名“{username}”已被使用，请在“用户名”列另填一个")
                    ok = False
                elif key in seen:
                    report.error(row, column, f"用户名“{username}”与第{seen[key]}行重复")
                    ok = False
                else:
                    seen[key] = row
            if ok:
                report.plans.append(AccountPlan(row, name, found[0], role, phone, username))
