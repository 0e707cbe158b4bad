"""Score sheets (成绩登记表): the downloadable template and reading a filled one back.

Layout: 参赛号 or 身份证号 (at least one; both must then name the same contestant), 姓名 (checked
against the entry), one column per score component named as the event names it
(``ScoreComponent.column_header``: 理论成绩, 实操成绩 …), and 用时（分钟） when the event records
time. Other columns (序号, 代表队 …) are ignored.

Validation reports every problem of every row at once (row, column, message) and the caller
stores nothing unless there are none (``competitions.services.marks.marks_import``). A blank
score cell changes nothing; a score must lie in 0..满分 with at most two decimals.

What an imported score means: it is the component's final score for that entry (the panel's
figure on the sheet), stored as a mark without a judge (“导入”), and it takes precedence over the
judges' individual marks for that component.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.utils.translation import gettext as _

from core.errors import DomainError
from core.idcard import IdNumberError, parse_id_number
from core.imports import PREVIEW_ROWS, Importer, ImportReport, RowError
from core.spreadsheets import Column, ColumnSpec, SheetSpec, TableResult
from core.text import clean_text, header_key, match_key

from ..models import Entry, EntryStatus, Event, Mark, ScoreComponent
from ..services.marks import marks_import

__all__ = [
    "BIB_LABEL",
    "ID_LABEL",
    "IMPORT_KIND",
    "NAME_LABEL",
    "TIME_LABEL",
    "ScoreImportReport",
    "ScoreImporter",
    "ScoreRow",
    "score_columns",
    "score_template_sheets",
]

IMPORT_KIND = "scores"
BIB_LABEL = "参赛号"
ID_LABEL = "身份证号"
NAME_LABEL = "姓名"
TIME_LABEL = "用时（分钟）"
# Columns the template writes for the reader's convenience; not read back.
_INFORMATIONAL = {header_key(h) for h in ("序号", "代表队", "工作单位", "性别", "备注", "单位")}
_NOISE = Decimal("0.000000001")
_TWO = Decimal("0.01")


@dataclass
class ScoreRow:
    number: int
    entry: Entry
    values: dict[ScoreComponent, Decimal]
    time: Decimal | None


@dataclass
class ScoreImportReport(ImportReport):
    """The check of one score sheet; ``scores`` is what ``marks_import`` stores, the counts its preview."""

    event: Event | None = None
    components: list[ScoreComponent] = field(default_factory=list)
    scores: list[ScoreRow] = field(default_factory=list)
    columns_found: list[str] = field(default_factory=list)
    empty_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    times: int = 0
    overriding: int = 0
    judge_marks: int = 0
    store_notices: list[RowError] = field(default_factory=list, repr=False)

    noun: ClassVar[str] = "行成绩"

    @property
    def preview_header(self) -> Sequence[str]:
        time = [TIME_LABEL] if self.event is not None and self.event.uses_time else []
        return ["行", BIB_LABEL, NAME_LABEL, *(c.column_header for c in self.components), *time]

    def planned(self) -> int:
        return len(self.scores)

    @property
    def uses_time(self) -> bool:
        return self.event is not None and self.event.uses_time

    def counts(self) -> list[tuple[str, int]]:
        counts = [
            (_("成绩行"), len(self.scores)),
            (_("新增成绩"), self.created),
            (_("修改已导入的成绩"), self.updated),
            (_("未变"), self.unchanged),
        ]
        if self.uses_time:
            counts.append((_("用时"), self.times))
        counts.append((_("将取代的裁判评分"), self.judge_marks))
        return counts

    def preview_rows(self, limit: int = PREVIEW_ROWS) -> list[Sequence[Any]]:
        out = []
        for row in self.scores[:limit]:
            values = [row.values.get(c, "") for c in self.components]
            time = [row.time or ""] if self.event.uses_time else []
            out.append([row.number, row.entry.bib, row.entry.person.name, *values, *time])
        return out

    def summary_line(self) -> str:
        """One sentence: what was (or would be) stored; 用时 only on a timed event; the judges' marks
        the imported scores replace (take precedence over) are named before anything is saved."""
        numbers = {"rows": len(self.scores), "c": self.created, "u": self.updated, "n": self.unchanged, "t": self.times}
        line = _("%(rows)d 行：新增 %(c)d 项，修改 %(u)d 项，未变 %(n)d 项") % numbers
        if self.uses_time:
            line += _("，用时 %(t)d 项") % numbers
        if self.saved:
            return _("已导入 ") + line
        line = _("检查通过（未保存）：将导入 ") + line
        if self.judge_marks:
            line += _("；将取代 %(m)d 条裁判评分（导入的成绩优先）") % {"m": self.judge_marks}
        return line


def _components(event: Event) -> list[ScoreComponent]:
    return list(ScoreComponent.objects.filter(event=event).order_by("order", "id"))


def score_columns(event: Event, components: list[ScoreComponent]) -> list[ColumnSpec]:
    specs = [
        ColumnSpec("bib", BIB_LABEL, ("参赛编号", "选手编号", "编号", "参赛证号")),
        ColumnSpec("id_number", ID_LABEL, ("身份证号码", "公民身份号码", "证件号码")),
        ColumnSpec("name", NAME_LABEL, ("选手姓名", "参赛选手"), required=True),
    ]
    taken = {header_key(t) for s in specs for t in (s.label, *s.aliases)}
    for component in components:
        label = component.column_header
        taken.add(header_key(label))
        aliases = []
        for alias in (f"{component.name}得分", f"{component.name}分", component.name, f"{component.name}成绩(分)"):
            if header_key(alias) not in taken:
                taken.add(header_key(alias))
                aliases.append(alias)
        specs.append(ColumnSpec(f"c{component.pk}", label, tuple(aliases)))
    if event.uses_time:
        specs.append(ColumnSpec("time", TIME_LABEL, ("用时", "用时(分)", "完成用时", "完成时间（分钟）", "用时分钟")))
    return specs


def _number(value: Any, *, suffixes: tuple[str, ...]) -> Decimal:
    """A number typed in a cell: int, float (Excel's binary noise removed) or text like "88.5分"."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError
        exact = Decimal(repr(value))
        rounded = exact.quantize(_TWO)
        # 61.949999999999996 from =88.5*0.7 is 61.95 as Excel shows it; 88.555 stays itself.
        return rounded if abs(exact - rounded) < _NOISE else exact
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        text = clean_text(value).replace(" ", "")
        for suffix in suffixes:
            if text.endswith(suffix):
                text = text[: -len(suffix)]
                break
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError from None
        if not number.is_finite():
            raise ValueError
        return number
    raise ValueError


def _check_places(number: Decimal) -> bool:
    return number.as_tuple().exponent >= -2 or number == number.quantize(_TWO)


class ScoreImporter(Importer):
    """Check (and unless dry run, store) a filled score sheet for ``event``; ``by`` must organise it.

    A file that cannot be used at all (unreadable, no header, no identifier or no score column) is
    one whole-file error; every problem of every row is listed otherwise. The preview counts what
    storing would create, change and leave as it is, and how many judges' marks the imported
    scores would take precedence over.
    """

    kind = IMPORT_KIND
    report_class = ScoreImportReport

    def __init__(self, event: Event, *, by=None, max_rows: int | None = None, max_bytes: int | None = None):
        super().__init__(by=by, max_rows=max_rows, max_bytes=max_bytes)
        self.event = event
        self.components = _components(event)
        self.specs = score_columns(event, self.components)

    def columns(self) -> list[ColumnSpec]:
        return self.specs

    def new_report(self, filename: str, dry_run: bool) -> ScoreImportReport:
        return ScoreImportReport(filename=filename, dry_run=dry_run, event=self.event, components=self.components)

    def validate(self, table: TableResult, report: ScoreImportReport) -> None:
        found = table.columns_found
        if "bib" not in found and "id_number" not in found:
            raise DomainError(_("缺少“参赛号”或“身份证号”列：至少要有其中一列来确定选手"))
        value_specs = self.specs[3:]
        if not any(s.key in found for s in value_specs):
            expected = "、".join(f"“{s.label}”" for s in value_specs)
            raise DomainError(_("没有找到成绩列：应有 %(columns)s 中的至少一列") % {"columns": expected})
        report.columns_found = list(found.values())
        ignored = [h for h in table.unknown_headers if header_key(h) not in _INFORMATIONAL]
        if ignored:
            report.notice(None, "", _("以下列不是本赛项的成绩列，已忽略：%(cols)s") % {"cols": "、".join(ignored)})
        if not table.rows:
            report.error(None, "", _("表中没有数据行"))
            return
        entries = list(Entry.objects.filter(event=self.event).select_related("person"))
        self.by_bib = {e.bib: e for e in entries if e.bib}
        self.by_id = {e.person.id_number: e for e in entries if e.person.id_number}
        self.uncalculated = getattr(table, "uncalculated_formulas", {}) or {}
        self.header = {s.key: found.get(s.key, s.label) for s in self.specs}
        self.seen: dict[int, int] = {}
        for row in table.rows:
            self._row(row, report)
        if report.empty_rows:
            report.notice(None, "", _("%(n)d 行没有填写成绩，已跳过") % {"n": report.empty_rows})
        if not report.errors and not report.scores:
            report.error(None, "", _("表中没有任何成绩"))

    def _row(self, row, report: ScoreImportReport) -> None:
        v = row.values
        errors: list[RowError] = []

        def err(key: str, message: str) -> None:
            errors.append(RowError(row.number, self.header.get(key, "") if key else "", message))

        entry = _find_entry(v, self.by_bib, self.by_id, err)
        if entry is not None:
            self._check_contestant(entry, v, row.number, err)
        values: dict[ScoreComponent, Decimal] = {}
        for component in self.components:
            key = f"c{component.pk}"
            value = self._score(component, key, v.get(key), row.number, err)
            if value is not None:
                values[component] = value
        time = self._time(v.get("time"), err) if self.event.uses_time else None
        if errors:
            report.errors.extend(errors)
        elif not values and time is None:
            report.empty_rows += 1
        else:
            report.scores.append(ScoreRow(row.number, entry, values, time))

    def _check_contestant(self, entry: Entry, v: dict, number: int, err) -> None:
        name = clean_text(v.get("name"))
        if not name:
            err("name", _("请填写姓名"))
        elif match_key(name) != match_key(entry.person.name):
            err(
                "name",
                _("姓名“%(name)s”与该选手（%(who)s）不符，请核对参赛号/身份证号和姓名")
                % {"name": name, "who": entry.person.name},
            )
        if entry.status == EntryStatus.WITHDRAWN:
            err("", _("选手 %(name)s 已退赛，不能录入成绩") % {"name": entry.person.name})
        elif entry.status == EntryStatus.DISQUALIFIED:
            err("", _("选手 %(name)s 已被取消资格，不能录入成绩") % {"name": entry.person.name})
        if entry.pk in self.seen:
            err("", _("与第 %(row)d 行是同一选手") % {"row": self.seen[entry.pk]})
        else:
            self.seen[entry.pk] = number

    def _score(self, component: ScoreComponent, key: str, raw: Any, number: int, err) -> Decimal | None:
        if raw is None:
            if (number, key) in self.uncalculated:
                err(key, _("公式没有计算结果：请在 Excel/WPS 中打开并保存后再上传，或改填数值"))
            return None
        try:
            value = _number(raw, suffixes=("分",))
        except ValueError:
            err(key, _("“%(value)s”不是数字") % {"value": clean_text(raw)})
            return None
        if not _check_places(value):
            err(key, _("%(value)s 超过两位小数") % {"value": value})
        elif value < 0 or value > component.max_score:
            err(
                key,
                _("%(value)s 超出范围：应在 0 到 %(max)s 之间")
                % {"value": value, "max": f"{component.max_score.normalize():f}"},
            )
        else:
            return value.quantize(_TWO)
        return None

    def _time(self, raw: Any, err) -> Decimal | None:
        if raw is None:
            return None
        try:
            value = _number(raw, suffixes=("分钟", "分", "min"))
        except ValueError:
            err("time", _("“%(value)s”不是分钟数（如 35 或 35.5）") % {"value": clean_text(raw)})
            return None
        if not _check_places(value):
            err("time", _("%(value)s 超过两位小数") % {"value": value})
        elif value <= 0 or value > Decimal("999999.99"):
            err("time", _("用时应大于 0 分钟"))
        else:
            return value.quantize(_TWO)
        return None

    def preview(self, report: ScoreImportReport) -> None:
        self._store(report, dry_run=True)

    def save(self, report: ScoreImportReport) -> None:
        self._store(report, dry_run=False)

    def _store(self, report: ScoreImportReport, *, dry_run: bool) -> None:
        # A refusal (locked scores, no right) is a DomainError: the pipeline reports it as a whole-file error.
        summary = marks_import(sheet=report, by=self.by, filename=report.filename, dry_run=dry_run)
        for name in ("created", "updated", "unchanged", "times", "overriding", "judge_marks"):
            setattr(report, name, getattr(summary, name))
        # The preview's notices are replaced by the save's (they say the same, counted under lock).
        report.notices = [n for n in report.notices if n not in report.store_notices]
        report.store_notices = [RowError(None, "", text) for text in summary.notices]
        report.notices += report.store_notices
        report.record = summary.record


def _find_entry(v: dict, by_bib: dict, by_id: dict, err) -> Entry | None:
    raw_bib, raw_id = v.get("bib"), v.get("id_number")
    if raw_bib is None and raw_id is None:
        err("bib", _("请填写参赛号或身份证号"))
        return None
    entry_by_bib = entry_by_id = None
    if raw_bib is not None:
        bib = clean_text(raw_bib)
        entry_by_bib = by_bib.get(bib)
        if entry_by_bib is None:
            hint = _("（参赛号被存成了数字，开头的 0 可能已丢失）") if not isinstance(raw_bib, str) else ""
            err("bib", _("参赛号 %(bib)s 不是本赛项的选手%(hint)s") % {"bib": bib, "hint": hint})
    if raw_id is not None:
        try:
            number = parse_id_number(raw_id).number
        except IdNumberError as exc:
            err("id_number", exc.message)
        else:
            entry_by_id = by_id.get(number)
            if entry_by_id is None:
                err("id_number", _("该身份证号不是本赛项的选手"))
    if entry_by_bib is not None and entry_by_id is not None and entry_by_bib.pk != entry_by_id.pk:
        err("id_number", _("参赛号和身份证号不是同一位选手"))
        return None
    if (raw_bib is not None and entry_by_bib is None) or (raw_id is not None and entry_by_id is None):
        return None
    return entry_by_bib or entry_by_id


def score_template_sheets(event: Event) -> list[SheetSpec]:
    """The score sheet of one event, pre-filled with its contestants (and already imported scores).

    Withdrawn and disqualified entries are left out. A 身份证号 column is added only when some
    contestant has no 参赛号 (so the sheet carries as little personal data as it can).
    """
    components = _components(event)
    entries = list(
        Entry.objects.filter(event=event, status=EntryStatus.REGISTERED)
        .select_related("person", "delegation")
        .order_by("bib", "pk")
    )
    need_id = any(not e.bib for e in entries)
    imported = {
        (entry_id, component_id): value
        for entry_id, component_id, value in Mark.objects.filter(entry__event=event, judge__isnull=True).values_list(
            "entry_id", "component_id", "value"
        )
    }
    columns = [Column("序号", "int", width=6), Column(BIB_LABEL, "identifier")]
    if need_id:
        columns.append(Column(ID_LABEL, "identifier", width=22))
    columns += [Column(NAME_LABEL), Column("代表队", wrap=True)]
    columns += [Column(c.column_header, "decimal", width=12) for c in components]
    if event.uses_time:
        columns.append(Column(TIME_LABEL, "decimal", width=12))
    rows: list[list[Any]] = []
    for n, entry in enumerate(entries, start=1):
        row: list[Any] = [n, entry.bib]
        if need_id:
            row.append(entry.person.id_number if not entry.bib else "")
        row += [entry.person.name, entry.delegation.name]
        row += [imported.get((entry.pk, c.pk)) for c in components]
        if event.uses_time:
            row.append(entry.time_minutes)
        rows.append(row)
    ranges = "，".join(f"{c.name} 0–{c.max_score.normalize():f}" for c in components)
    rows.append(
        [
            _(
                "注：按参赛号（或身份证号）和姓名核对选手；成绩最多两位小数（%(ranges)s）；"
                "空白表示不修改；导入的成绩即该项最终成绩。"
            )
            % {"ranges": ranges}
        ]
    )
    heading = _("%(competition)s · %(event)s 成绩登记表") % {
        "competition": event.competition.name,
        "event": event.name,
    }
    return [SheetSpec(title=_("成绩登记表"), columns=columns, rows=rows, heading=heading, landscape=False)]
