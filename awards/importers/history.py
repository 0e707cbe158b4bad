"""Import historical honours (历史表彰名单) from a spreadsheet, all or nothing.

Columns: 姓名 or 集体名称, 性别, 身份证号 (optional), 工作单位, 职务, 荣誉称号, 年份, 授予单位, 文号.
An ``Importer`` of the one pipeline (``core.imports``): every row is checked and every problem
reported at once (row, column, reason); only a file without problems is saved, by
``awards_history_import_save`` in one transaction. People are matched by ID number when given,
else by name and unit, else created; collectives are matched to organisations by name; a unit
that does not exist is refused unless ``create_units`` is set. The same recipient, honour and year
twice (in the file, or already on record) is refused with the earlier record named.

Queries do not grow with the rows: honours and units are read once, then people (by ID number,
and by name within the units named) and the awards already on record are each fetched in bulk.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db.models import Q
from django.utils import timezone

from core.errors import DomainError
from core.idcard import IdNumberError, parse_id_number
from core.imports import PREVIEW_ROWS, Importer, ImportReport, RowError
from core.spreadsheets import ColumnSpec, TableResult
from core.text import clean_text, match_key
from directory.models import Organization, Person, Role
from directory.selectors import organizer_paths, path_within, people_by_id_number, scoped
from directory.services import FieldError, parse_gender

from ..models import Award, HonorType, RecipientKind
from ..services.history_import import IMPORT_KIND, awards_history_import_save

COLUMNS = [
    ColumnSpec("name", "姓名", ("获奖者姓名", "获奖人")),
    ColumnSpec("collective", "集体名称", ("获奖集体", "集体")),
    ColumnSpec("gender", "性别"),
    ColumnSpec("id_number", "身份证号", ("身份证号码", "公民身份号码")),
    ColumnSpec("unit", "工作单位", ("单位", "所在单位")),
    ColumnSpec("title", "职务", ("职务职称", "职称")),
    ColumnSpec("honor", "荣誉称号", ("荣誉", "荣誉名称", "称号"), required=True),
    ColumnSpec("year", "年份", ("年度", "获奖年份", "表彰年份"), required=True),
    ColumnSpec("conferring", "授予单位", ("表彰单位", "颁发单位")),
    ColumnSpec("decision_number", "文号", ("表彰文号", "文件号")),
]
LABELS = {c.key: c.label for c in COLUMNS}


@dataclass
class HistoryPlan:
    row: int
    honor: HonorType | None
    year: int
    person: Person | None = None
    new_person_key: tuple | None = None  # (name key, unit pk or "new:…", ID number) of a person to create
    person_fill_id: str | None = None  # existing person without an ID: fill it in
    organization: Organization | None = None
    unit: Organization | None = None  # the person's unit, when it exists
    unit_name: str = ""  # a unit to create (create_units)
    name: str = ""
    gender: str = ""
    id_number: str | None = None
    title: str = ""
    unit_label: str = ""
    conferring_org: Organization | None = None
    decision_number: str = ""
    note: str = ""

    def match_label(self) -> str:
        if self.organization is not None:
            return f"集体：{self.organization.name}"
        if self.person is not None:
            return "已有人员（补全身份证号）" if self.person_fill_id else "已有人员"
        return f"新建人员，新建单位“{self.unit_name}”" if self.unit_name else "新建人员"


@dataclass
class HistoryImportReport(ImportReport):
    plans: list[HistoryPlan] = field(default_factory=list)
    awards_created: int = 0
    people_created: int = 0
    people_matched: int = 0
    people_updated: int = 0
    units_created: int = 0
    collectives_matched: int = 0

    noun: ClassVar[str] = "条表彰记录"
    preview_header: ClassVar[Sequence[str]] = ("行", "获奖者", "荣誉", "年份", "匹配")

    def planned(self) -> int:
        return len(self.plans)

    def counts(self) -> list[tuple[str, int]]:
        return [
            ("表彰记录", self.awards_created),
            ("匹配已有人员", self.people_matched),
            ("新建人员", self.people_created),
            ("补全身份证号", self.people_updated),
            ("匹配集体", self.collectives_matched),
            ("新建单位", self.units_created),
        ]

    def preview_rows(self, limit: int = PREVIEW_ROWS) -> list[Sequence[Any]]:
        return [(p.row, p.name, p.honor.name, p.year, p.match_label()) for p in self.plans[:limit]]

    def summary_lines(self) -> list[str]:
        verb = "已" if self.saved else "将"
        return [
            f"共{self.rows}行数据",
            f"{verb}新建表彰记录{self.awards_created}条",
            f"匹配到已有人员{self.people_matched}人，{verb}新建人员{self.people_created}人，补全身份证号{self.people_updated}人",
            f"匹配到集体{self.collectives_matched}个，{verb}新建单位{self.units_created}个",
        ]

    def summary_line(self) -> str:
        return ("导入完成：" if self.saved else "检查通过：") + "；".join(self.summary_lines())


class _Units:
    """Organisation lookup by name (match_key, or short name) within what the user may see."""

    def __init__(self, scope):
        self.by_key: dict[str, list[Organization]] = {}
        for org in scope:
            self.by_key.setdefault(org.name_key, []).append(org)
            if org.short_name:
                key = match_key(org.short_name)
                if org not in self.by_key.get(key, []):
                    self.by_key.setdefault(key, []).append(org)

    def find(self, name: str) -> tuple[Organization | None, str]:
        found = self.by_key.get(match_key(name), [])
        if len(found) == 1:
            return found[0], ""
        if len(found) > 1:
            parents = "、".join(sorted({o.parent.name if o.parent_id else "（顶级）" for o in found}))
            return None, f"有{len(found)}个名为“{name}”的单位（上级分别为{parents}），无法确定是哪一个"
        return None, "not_found"


def _text(value) -> str:
    return clean_text(value) if value is not None else ""


class HistoryImporter(Importer):
    """Check (and unless dry run, save) a history file. ``by`` None = command line, no scope limit.

    ``create_units`` creates the units the file names and the database lacks, under ``parent``.
    """

    kind = IMPORT_KIND
    report_class = HistoryImportReport

    def __init__(self, *, by=None, create_units: bool = False, parent: Organization | None = None, **limits):
        super().__init__(by=by, **limits)
        self.create_units = create_units
        self.parent = parent

    def columns(self) -> list[ColumnSpec]:
        return COLUMNS

    def save(self, report: HistoryImportReport) -> None:
        awards_history_import_save(report=report, by=self.by, parent=self.parent)

    # -- validation ----------------------------------------------------------------------------

    def validate(self, table: TableResult, report: HistoryImportReport) -> None:
        found = table.columns_found
        if "name" not in found and "collective" not in found:
            raise DomainError("缺少“姓名”或“集体名称”列")
        if "name" in found and "unit" not in found:
            raise DomainError("有“姓名”列时须有“工作单位”列")
        if not table.rows:
            raise DomainError("表中没有数据行")
        if self.create_units and self.parent is None:
            raise DomainError("自动新建单位时须指定新单位的上级组织")
        by = self.by
        # Ownership (README “谁的数据”): units, collectives and people are those the user organises
        # (管理员/组织者 there or above); an award is never attached to another organisation's record.
        scope = (
            scoped(Organization.objects.all(), by, roles=[Role.ADMIN, Role.ORGANIZER])
            if by is not None else Organization.objects.all()
        )
        if self.parent is not None and by is not None and not scope.filter(pk=self.parent.pk).exists():
            raise DomainError(f"您无权在“{self.parent.name}”下新建单位")
        self.owned_paths = organizer_paths(by)
        self.units = _Units(scope.select_related("parent"))
        self.all_units = _Units(Organization.objects.select_related("parent")) if by is not None else self.units
        self.honours = {h.name_key: h for h in HonorType.objects.select_related("conferring_body")}

        # 1. each row on its own, no queries
        plans: list[HistoryPlan] = []
        for sheet_row in table.rows:
            before = len(report.errors)
            plan = self._row(sheet_row.number, sheet_row.values, report)
            if plan is not None and len(report.errors) == before:
                plans.append(plan)
        # 2. people, in bulk
        self._match_people(plans, report)
        plans = [p for p in plans if p.row not in self._bad_rows]
        # 3. duplicates in the file and awards already on record, in bulk
        report.plans = self._check_duplicates(plans, report)
        if report.errors:
            return
        report.people_created = len({p.new_person_key for p in report.plans if p.new_person_key})
        report.units_created = len({p.unit_name for p in report.plans if p.unit_name and p.person is None})
        report.people_updated = len({p.person.pk for p in report.plans if p.person_fill_id})
        report.awards_created = len(report.plans)

    def _row(self, row: int, v: dict, report: HistoryImportReport) -> HistoryPlan | None:
        name, collective = _text(v["name"]), _text(v["collective"])
        if bool(name) == bool(collective):
            report.error(row, "", "每行须填写“姓名”或“集体名称”之一（不能都填或都不填）")
            return None
        honor_text = _text(v["honor"])
        honor = self.honours.get(match_key(honor_text)) if honor_text else None
        if not honor_text:
            report.error(row, LABELS["honor"], "荣誉称号不能为空")
        elif honor is None:
            report.error(row, LABELS["honor"], f"荣誉称号“{honor_text}”不在荣誉目录中，请先由管理员添加")
        elif name and honor.recipient_kind != RecipientKind.INDIVIDUAL:
            report.error(row, LABELS["honor"], f"“{honor.name}”授予集体，该行却填写了个人姓名")
        elif collective and honor.recipient_kind != RecipientKind.COLLECTIVE:
            report.error(row, LABELS["honor"], f"“{honor.name}”授予个人，该行却填写了集体名称")
        year = _year(v["year"], report, row)
        plan = HistoryPlan(row=row, honor=honor, year=year or 0)
        conferring_text = _text(v["conferring"])
        if conferring_text:
            org, _problem = self.all_units.find(conferring_text)
            plan.conferring_org = org
            if org is None:
                plan.note = f"授予单位：{conferring_text}"
        elif honor is not None:
            plan.conferring_org = honor.conferring_body
        plan.decision_number = _text(v["decision_number"])[:100]
        if name:
            self._person_cells(plan, v, name, report)
        else:
            org, problem = self.units.find(collective)
            if org is None:
                if problem == "not_found":
                    problem = f"找不到名为“{collective}”的组织" + ("（或不在您的管辖范围内）" if self.by else "")
                report.error(row, LABELS["collective"], problem)
            else:
                plan.organization = org
                plan.name = plan.unit_label = org.name
                report.collectives_matched += 1
        self._limit_conferring(plan)
        return plan if honor is not None and year is not None else None

    def _limit_conferring(self, plan: HistoryPlan) -> None:
        """The conferring body is linked only when it would see the award anyway (it is within the
        importer's own organisations, or above the recipient); otherwise it stays as text in the note,
        so that an import never puts an award into another organisation's records."""
        org = plan.conferring_org
        if org is None or self.owned_paths is None or path_within(org.path, self.owned_paths):
            return
        recipient = plan.organization or plan.unit or (self.parent if plan.unit_name else None)
        if recipient is not None and recipient.path.startswith(org.path):
            return
        plan.conferring_org = None
        plan.note = plan.note or f"授予单位：{org.name}"

    def _person_cells(self, plan: HistoryPlan, v: dict, name: str, report: HistoryImportReport) -> None:
        row = plan.row
        plan.name = name
        try:
            gender = parse_gender(v["gender"])
        except FieldError as exc:
            report.error(row, LABELS["gender"], exc.message)
            gender = ""
        plan.title = _text(v["title"])[:100]
        unit_text = _text(v["unit"])
        unit = None
        if not unit_text:
            report.error(row, LABELS["unit"], "个人的工作单位不能为空")
        else:
            unit, problem = self.units.find(unit_text)
            if unit is None and problem == "not_found":
                if self.create_units:
                    plan.unit_name = unit_text
                else:
                    report.error(
                        row,
                        LABELS["unit"],
                        f"找不到工作单位“{unit_text}”；请先在系统中建立该单位，或选择“自动新建单位”",
                    )
            elif unit is None:
                report.error(row, LABELS["unit"], problem)
        plan.unit = unit
        plan.unit_label = f"{unit.name if unit else unit_text}{plan.title}"
        if v["id_number"] is not None and clean_text(v["id_number"]):
            try:
                info = parse_id_number(v["id_number"])
            except IdNumberError as exc:
                report.error(row, LABELS["id_number"], exc.message)
                return
            if gender and gender != info.gender:
                report.error(row, LABELS["gender"], "性别与身份证号不符")
                return
            plan.id_number, gender = info.number, info.gender
        plan.gender = gender

    def _match_people(self, plans: list[HistoryPlan], report: HistoryImportReport) -> None:
        self._bad_rows: set[int] = set()
        people = [p for p in plans if p.organization is None]
        by_id = people_by_id_number(p.id_number for p in people)
        named = [p for p in people if p.unit is not None]
        by_name: dict[tuple[str, int], list[Person]] = defaultdict(list)
        if named:
            for person in Person.objects.filter(
                name__in={p.name for p in named}, employer_id__in={p.unit.pk for p in named}
            ).order_by("pk"):
                by_name[(person.name, person.employer_id)].append(person)
        new_ids: dict[str, tuple[int, str]] = {}
        for plan in people:
            row, name, id_number, unit = plan.row, plan.name, plan.id_number, plan.unit
            if id_number and id_number in by_id:
                person = by_id[id_number]
                owned = self.owned_paths is None or (
                    person.employer is not None and path_within(person.employer.path, self.owned_paths)
                )
                if match_key(person.name) != match_key(name):
                    if owned:
                        message = f"该身份证号已登记为“{person.name}”，与姓名“{name}”不符"
                    else:
                        message = "该身份证号已登记在另一姓名的人员名下（可能属于其他单位），请核对姓名和身份证号"
                    self._bad(report, row, LABELS["id_number"], message)
                elif not owned:
                    message = "该身份证号的人员属于其他单位，不能为其导入表彰记录；请由其所在单位导入"
                    self._bad(report, row, LABELS["id_number"], message)
                else:
                    plan.person = person
                    report.people_matched += 1
                continue
            if unit is not None:
                candidates = by_name.get((name, unit.pk), [])
                if id_number:
                    candidates = [p for p in candidates if not p.id_number]
                if len(candidates) > 1:
                    message = f"{unit.name}有{len(candidates)}名“{name}”，请填写身份证号以区分"
                    self._bad(report, row, LABELS["name"], message)
                    continue
                if candidates:
                    plan.person = candidates[0]
                    plan.person_fill_id = id_number
                    report.people_matched += 1
                    continue
            if id_number:
                earlier = new_ids.setdefault(id_number, (row, match_key(name)))
                if earlier[1] != match_key(name):
                    self._bad(report, row, LABELS["id_number"], f"与第{earlier[0]}行的身份证号相同，但姓名不同")
                    continue
            plan.new_person_key = (match_key(name), unit.pk if unit else f"new:{match_key(plan.unit_name)}", id_number)

    def _bad(self, report: HistoryImportReport, row: int, column: str, message: str) -> None:
        self._bad_rows.add(row)
        report.error(row, column, message)

    def _check_duplicates(self, plans: list[HistoryPlan], report: HistoryImportReport) -> list[HistoryPlan]:
        person_ids = {p.person.pk for p in plans if p.person is not None}
        org_ids = {p.organization.pk for p in plans if p.organization is not None}
        on_record: dict[tuple, Award] = {}
        if person_ids or org_ids:
            awards = Award.objects.filter(
                honor_type_id__in={p.honor.pk for p in plans}, year__in={p.year for p in plans}
            ).filter(Q(person_id__in=person_ids) | Q(organization_id__in=org_ids))
            for award in awards.select_related("honor_type").order_by("pk"):
                key = ("org", award.organization_id) if award.organization_id else ("person", award.person_id)
                on_record.setdefault((key, award.honor_type_id, award.year), award)
        seen: dict[tuple, int] = {}
        keep: list[HistoryPlan] = []
        for plan in plans:
            dup_key = (_recipient_key(plan), plan.honor.pk, plan.year)
            if dup_key in seen:
                report.error(plan.row, "", f"与第{seen[dup_key]}行重复（同一获奖者、同一荣誉、同一年份）")
                continue
            seen[dup_key] = plan.row
            existing = on_record.get(dup_key)
            if existing is not None:
                report.error(
                    plan.row,
                    "",
                    f"已有相同的表彰记录：{existing.year}年{existing.honor_type.name} {existing.recipient_name}"
                    f"（{existing.decision_number or existing.source or '无文号'}）",
                )
                continue
            keep.append(plan)
        return keep


def _recipient_key(plan: HistoryPlan) -> tuple:
    if plan.organization is not None:
        return ("org", plan.organization.pk)
    if plan.person is not None:
        return ("person", plan.person.pk)
    return ("new", plan.new_person_key)


def _year(value, report: HistoryImportReport, row: int) -> int | None:
    if value is None:
        report.error(row, LABELS["year"], "年份不能为空")
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    text = clean_text(value).removesuffix("年")
    try:
        year = int(float(text)) if text.replace(".", "", 1).isdigit() else int(text)
    except ValueError:
        report.error(row, LABELS["year"], f"年份“{clean_text(value)}”不是有效的年份")
        return None
    if not 1949 <= year <= timezone.localdate().year:
        report.error(row, LABELS["year"], f"年份{year}不在1949年至今年之间")
        return None
    return year


__all__ = ["COLUMNS", "HistoryImportReport", "HistoryImporter", "HistoryPlan", "RowError"]
