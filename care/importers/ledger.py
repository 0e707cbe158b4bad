"""Import the ledger (关爱台账) from the spreadsheets unions keep today, all or nothing.

Columns: 姓名, 身份证号 (to tell two people of the same name apart), 项目 (荣誉津贴, 健康体检, 疗休养, 节日慰问,
生日慰问, 困难帮扶, 去世慰问, 走访慰问), 日期, 金额, 说明. Through the one pipeline (``core.imports``):
every row checked, every problem reported 第N行 列：原因, nothing saved unless every row is good. People
are matched among those the importing user's care scope holds. Queries do not grow with the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.utils import timezone

from core.errors import DomainError
from core.idcard import IdNumberError, parse_id_number
from core.imports import PREVIEW_ROWS, Importer, ImportReport
from core.spreadsheets import ColumnSpec, TableResult
from core.text import clean_text, match_key

from ..models import CareKind
from ..selectors.subjects import Subject, subject_list
from ..services.events import NOTE_MAX, check_event
from ..services.ledger_import import IMPORT_KIND, care_ledger_import_save

COLUMNS = [
    ColumnSpec("name", "姓名", ("劳模姓名",), required=True),
    ColumnSpec("id_number", "身份证号", ("身份证号码", "公民身份号码")),
    ColumnSpec("kind", "项目", ("关爱项目", "类别", "类型"), required=True),
    ColumnSpec("date", "日期", ("发放日期", "时间"), required=True),
    ColumnSpec("amount", "金额", ("金额（元）", "金额(元)")),
    ColumnSpec("note", "说明", ("备注",)),
]
LABELS = {c.key: c.label for c in COLUMNS}
KIND_WORDS = {match_key(label): value for value, label in CareKind.choices} | {
    match_key("津贴"): CareKind.ALLOWANCE,
    match_key("体检"): CareKind.HEALTH_CHECK,
    match_key("慰问金"): CareKind.FESTIVAL,
    match_key("走访"): CareKind.VISIT,
}


@dataclass
class LedgerPlan:
    row: int
    subject: Subject
    kind: str
    date: dt.date
    amount: Decimal | None
    note: str


@dataclass
class LedgerImportReport(ImportReport):
    plans: list[LedgerPlan] = field(default_factory=list)
    noun: ClassVar[str] = "条台账记录"
    preview_header: ClassVar[Sequence[str]] = ("行", "姓名", "项目", "日期", "金额")

    def planned(self) -> int:
        return len(self.plans)

    def counts(self) -> list[tuple[str, int]]:
        return [("台账记录", len(self.plans)), ("涉及人员", len({p.subject.pk for p in self.plans}))]

    def preview_rows(self, limit: int = PREVIEW_ROWS) -> list[Sequence[Any]]:
        return [
            (p.row, p.subject.person.name, CareKind(p.kind).label, p.date, p.amount if p.amount is not None else "")
            for p in self.plans[:limit]
        ]


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = clean_text(value).replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    try:
        return dt.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        return None


class LedgerImporter(Importer):
    kind = IMPORT_KIND
    report_class = LedgerImportReport

    def columns(self) -> list[ColumnSpec]:
        return COLUMNS

    def validate(self, table: TableResult, report: LedgerImportReport) -> None:
        if not table.rows:
            raise DomainError("表中没有数据行")
        subjects = subject_list(self.by)
        by_name: dict[str, list[Subject]] = {}
        by_id: dict[str, Subject] = {}
        for s in subjects:
            by_name.setdefault(match_key(s.person.name), []).append(s)
            if s.person.id_number:
                by_id[s.person.id_number] = s
        today = timezone.localdate()
        for sheet_row in table.rows:
            row, v = sheet_row.number, sheet_row.values
            before = len(report.errors)
            name = clean_text(v["name"]) if v["name"] is not None else ""
            subject = None
            if not name:
                report.error(row, LABELS["name"], "姓名不能为空")
            elif v["id_number"] is not None and clean_text(v["id_number"]):
                try:
                    number = parse_id_number(v["id_number"]).number
                except IdNumberError as exc:
                    report.error(row, LABELS["id_number"], exc.message)
                else:
                    subject = by_id.get(number)
                    if subject is None:
                        report.error(row, LABELS["id_number"], "找不到该身份证号的关爱对象（或不在您负责的范围内）")
                    elif match_key(subject.person.name) != match_key(name):
                        report.error(row, LABELS["name"], f"该身份证号登记的姓名为“{subject.person.name}”")
                        subject = None
            else:
                found = by_name.get(match_key(name), [])
                if not found:
                    report.error(row, LABELS["name"], f"找不到关爱对象“{name}”（或不在您负责的范围内）")
                elif len(found) > 1:
                    report.error(row, LABELS["name"], f"有{len(found)}位关爱对象名为“{name}”，请填写身份证号以区分")
                else:
                    subject = found[0]
            kind_text = clean_text(v["kind"]) if v["kind"] is not None else ""
            kind = KIND_WORDS.get(match_key(kind_text))
            if not kind_text:
                report.error(row, LABELS["kind"], "项目不能为空")
            elif kind is None:
                choices = "、".join(str(label) for label in CareKind.labels)
                report.error(row, LABELS["kind"], f"项目“{kind_text}”不在可选范围内（{choices}）")
            day = _date(v["date"]) if v["date"] is not None else None
            if v["date"] is None:
                report.error(row, LABELS["date"], "日期不能为空")
            elif day is None:
                report.error(row, LABELS["date"], f"日期“{clean_text(v['date'])}”无法识别，请写成 2024-05-01")
            amount = None
            if v["amount"] is not None and clean_text(v["amount"]):
                try:
                    amount = Decimal(clean_text(v["amount"]).replace(",", "")).quantize(Decimal("0.01"))
                except (InvalidOperation, ValueError):
                    report.error(row, LABELS["amount"], f"金额“{clean_text(v['amount'])}”不是数字")
            if subject is not None and kind is not None and day is not None and len(report.errors) == before:
                for fname, message in check_event(subject, kind=kind, date=day, amount=amount, today=today).items():
                    report.error(row, LABELS.get(fname, LABELS["kind"]), message)
            if len(report.errors) == before:
                note = clean_text(v["note"]) if v["note"] is not None else ""
                report.plans.append(LedgerPlan(row, subject, kind, day, amount, note[:NOTE_MAX]))

    def save(self, report: LedgerImportReport) -> None:
        care_ledger_import_save(report=report, by=self.by)


TEMPLATE_ROWS = [("姚正新", "", "健康体检", "2024-05-01", "", "市总工会组织体检")]
