"""Import historical honours (历史表彰名单) from a spreadsheet, all or nothing.

Columns: 姓名 or 集体名称, 性别, 身份证号 (optional), 工作单位, 职务, 荣誉称号, 年份, 授予单位, 文号.
Every row is checked first and every problem reported at once (row number, column, reason);
only a file without problems is saved, in one short transaction (pretix's modelimport, Tabbycat's
importer). People are matched by ID number when given, else by name and unit, else created;
collectives are matched to organisations by name; a unit that does not exist is refused unless
``create_units`` is set. The same recipient, honour and year twice (in the file, or already on
record) is refused with the earlier record named.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.idcard import IdNumberError, parse_id_number
from core.models import ImportRecord
from core.spreadsheets import ColumnSpec, SpreadsheetError, read_table
from core.text import clean_text, match_key
from directory.models import Gender, Organization, OrgKind, Person
from directory.selectors import organization_list_visible

from ..models import Award, HonorType, RecipientKind

IMPORT_KIND = "awards_history"

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
GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE, "m": Gender.MALE, "f": Gender.FEMALE}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the column's label, "" for the row as a whole
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class _Plan:
    row: int
    honor: HonorType
    year: int
    person: Person | None = None
    new_person_key: tuple | None = None  # (name, unit key) of a person to create
    person_fill_id: str | None = None  # existing person without an ID: fill it in
    organization: Organization | None = None
    unit_name: str = ""  # a unit to create (create_units)
    name: str = ""
    gender: str = ""
    id_number: str | None = None
    title: str = ""
    unit_label: str = ""
    conferring_org: Organization | None = None
    decision_number: str = ""
    note: str = ""


@dataclass
class ImportReport:
    filename: str
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    plans: list[_Plan] = field(default_factory=list)
    dry_run: bool = True
    awards_created: int = 0
    people_created: int = 0
    people_matched: int = 0
    people_updated: int = 0
    units_created: int = 0
    collectives_matched: int = 0
    record: ImportRecord | None = None
    new_ids: dict = field(default_factory=dict, repr=False)  # ID number → (row, name key) of new people

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary_lines(self) -> list[str]:
        verb = "将" if self.dry_run else "已"
        return [
            f"共{self.rows}行数据",
            f"{verb}新建表彰记录{self.awards_created}条",
            f"匹配到已有人员{self.people_matched}人，{verb}新建人员{self.people_created}人，补全身份证号{self.people_updated}人",
            f"匹配到集体{self.collectives_matched}个，{verb}新建单位{self.units_created}个",
        ]


def _year(value, errors, row) -> int | None:
    if value is None:
        errors.append(RowError(row, LABELS["year"], "年份不能为空"))
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    text = clean_text(value).removesuffix("年")
    try:
        year = int(float(text)) if text.replace(".", "", 1).isdigit() else int(text)
    except ValueError:
        errors.append(RowError(row, LABELS["year"], f"年份“{clean_text(value)}”不是有效的年份"))
        return None
    if not 1949 <= year <= timezone.localdate().year:
        errors.append(RowError(row, LABELS["year"], f"年份{year}不在1949年至今年之间"))
        return None
    return year


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


def import_history(
    source,
    *,
    filename: str,
    user=None,
    dry_run: bool = True,
    create_units: bool = False,
    parent: Organization | None = None,
) -> ImportReport:
    """Check (and unless ``dry_run``, save) a history file. ``user`` None = command line, no scope."""
    report = ImportReport(filename=filename, dry_run=dry_run)
    data = source if isinstance(source, (bytes, bytearray)) else None
    if data is None:
        if hasattr(source, "read"):
            if hasattr(source, "seek"):
                source.seek(0)
            data = source.read(settings.JIANGXIN_UPLOAD_MAX_BYTES + 1)
        else:
            with open(source, "rb") as fh:
                data = fh.read(settings.JIANGXIN_UPLOAD_MAX_BYTES + 1)
    try:
        table = read_table(
            bytes(data),
            COLUMNS,
            max_rows=settings.JIANGXIN_IMPORT_MAX_ROWS,
            max_bytes=settings.JIANGXIN_UPLOAD_MAX_BYTES,
        )
    except SpreadsheetError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report
    if "name" not in table.columns_found and "collective" not in table.columns_found:
        report.errors.append(RowError(table.header_row_number, "", "缺少“姓名”或“集体名称”列"))
        return report
    if "name" in table.columns_found and "unit" not in table.columns_found:
        report.errors.append(RowError(table.header_row_number, "", "有“姓名”列时须有“工作单位”列"))
        return report
    report.rows = len(table.rows)
    if not table.rows:
        report.errors.append(RowError(table.header_row_number, "", "表中没有数据行"))
        return report

    if create_units and parent is None:
        report.errors.append(RowError(0, "", "自动新建单位时须指定新单位的上级组织"))
        return report
    scope = organization_list_visible(user) if user is not None else Organization.objects.all()
    if parent is not None and user is not None and not scope.filter(pk=parent.pk).exists():
        report.errors.append(RowError(0, "", f"您无权在“{parent.name}”下新建单位"))
        return report
    units = _Units(scope.select_related("parent"))
    all_units = _Units(Organization.objects.select_related("parent")) if user is not None else units
    honours = {h.name_key: h for h in HonorType.objects.select_related("conferring_body")}

    seen: dict[tuple, int] = {}
    errors = report.errors
    for sheet_row in table.rows:
        row, v = sheet_row.number, sheet_row.values
        before = len(errors)
        name = clean_text(v["name"]) if v["name"] is not None else ""
        collective = clean_text(v["collective"]) if v["collective"] is not None else ""
        if bool(name) == bool(collective):
            errors.append(RowError(row, "", "每行须填写“姓名”或“集体名称”之一（不能都填或都不填）"))
            continue
        honor_text = clean_text(v["honor"]) if v["honor"] is not None else ""
        honor = honours.get(match_key(honor_text)) if honor_text else None
        if not honor_text:
            errors.append(RowError(row, LABELS["honor"], "荣誉称号不能为空"))
        elif honor is None:
            errors.append(RowError(row, LABELS["honor"], f"荣誉称号“{honor_text}”不在荣誉目录中，请先由管理员添加"))
        elif name and honor.recipient_kind != RecipientKind.INDIVIDUAL:
            errors.append(RowError(row, LABELS["honor"], f"“{honor.name}”授予集体，该行却填写了个人姓名"))
        elif collective and honor.recipient_kind != RecipientKind.COLLECTIVE:
            errors.append(RowError(row, LABELS["honor"], f"“{honor.name}”授予个人，该行却填写了集体名称"))
        year = _year(v["year"], errors, row)
        plan = _Plan(row=row, honor=honor, year=year or 0)

        conferring_text = clean_text(v["conferring"]) if v["conferring"] is not None else ""
        if conferring_text:
            org, _problem = all_units.find(conferring_text)
            plan.conferring_org = org
            if org is None:
                plan.note = f"授予单位：{conferring_text}"
        elif honor is not None:
            plan.conferring_org = honor.conferring_body
        plan.decision_number = clean_text(v["decision_number"])[:100] if v["decision_number"] is not None else ""

        if name:
            _plan_person(plan, v, name, units, create_units, errors, row, report)
        else:
            org, problem = units.find(collective)
            if org is None:
                if problem == "not_found":
                    problem = f"找不到名为“{collective}”的组织" + (
                        "（或不在您的管辖范围内）" if user is not None else ""
                    )
                errors.append(RowError(row, LABELS["collective"], problem))
            else:
                plan.organization = org
                plan.name = org.name
                plan.unit_label = org.name
                report.collectives_matched += 1

        if len(errors) > before or honor is None or year is None:
            continue
        key = _recipient_key(plan)
        dup_key = (key, honor.pk, year)
        if dup_key in seen:
            errors.append(RowError(row, "", f"与第{seen[dup_key]}行重复（同一获奖者、同一荣誉、同一年份）"))
            continue
        seen[dup_key] = row
        existing = _existing_award(plan)
        if existing is not None:
            errors.append(
                RowError(
                    row,
                    "",
                    f"已有相同的表彰记录：{existing.year}年{existing.honor_type.name} {existing.recipient_name}"
                    f"（{existing.decision_number or existing.source or '无文号'}）",
                )
            )
            continue
        report.plans.append(plan)

    if errors:
        return report
    new_people = {p.new_person_key for p in report.plans if p.new_person_key}
    report.people_created = len(new_people)
    report.units_created = len({p.unit_name for p in report.plans if p.unit_name and p.person is None})
    report.people_updated = len({p.person.pk for p in report.plans if p.person_fill_id})
    report.awards_created = len(report.plans)
    if not dry_run:
        _save(report, data=bytes(data), user=user, parent=parent)
    return report


def _recipient_key(plan: _Plan) -> tuple:
    if plan.organization is not None:
        return ("org", plan.organization.pk)
    if plan.person is not None:
        return ("person", plan.person.pk)
    return ("new", plan.new_person_key)


def _existing_award(plan: _Plan) -> Award | None:
    qs = Award.objects.filter(honor_type=plan.honor, year=plan.year).select_related("honor_type")
    if plan.organization is not None:
        return qs.filter(organization=plan.organization).first()
    if plan.person is not None:
        return qs.filter(person=plan.person).first()
    return None


def _plan_person(plan, v, name, units, create_units, errors, row, report) -> None:
    plan.name = name
    gender_text = clean_text(v["gender"]).lower() if v["gender"] is not None else ""
    gender = GENDERS.get(gender_text, "")
    if gender_text and not gender:
        errors.append(RowError(row, LABELS["gender"], f"性别“{clean_text(v['gender'])}”应为“男”或“女”"))
    plan.title = clean_text(v["title"])[:100] if v["title"] is not None else ""
    unit_text = clean_text(v["unit"]) if v["unit"] is not None else ""
    unit = None
    if not unit_text:
        errors.append(RowError(row, LABELS["unit"], "个人的工作单位不能为空"))
    else:
        unit, problem = units.find(unit_text)
        if unit is None and problem == "not_found":
            if create_units:
                plan.unit_name = unit_text
            else:
                errors.append(
                    RowError(
                        row,
                        LABELS["unit"],
                        f"找不到工作单位“{unit_text}”；请先在系统中建立该单位，或选择“自动新建单位”",
                    )
                )
        elif unit is None:
            errors.append(RowError(row, LABELS["unit"], problem))
    plan.unit_label = f"{unit.name if unit else unit_text}{plan.title}"

    id_number = None
    if v["id_number"] is not None and clean_text(v["id_number"]):
        try:
            info = parse_id_number(v["id_number"])
        except IdNumberError as exc:
            errors.append(RowError(row, LABELS["id_number"], exc.message))
            return
        id_number = info.number
        if gender and gender != info.gender:
            errors.append(RowError(row, LABELS["gender"], "性别与身份证号不符"))
            return
        gender = info.gender
    plan.gender = gender
    plan.id_number = id_number

    if id_number:
        person = Person.objects.filter(id_number=id_number).select_related("employer").first()
        if person is not None:
            if match_key(person.name) != match_key(name):
                errors.append(
                    RowError(row, LABELS["id_number"], f"该身份证号已登记为“{person.name}”，与姓名“{name}”不符")
                )
                return
            plan.person = person
            report.people_matched += 1
            return
    if unit is not None:
        candidates = list(Person.objects.filter(name=name, employer=unit))
        if id_number:
            candidates = [p for p in candidates if not p.id_number]
        if len(candidates) > 1:
            errors.append(
                RowError(row, LABELS["name"], f"{unit.name}有{len(candidates)}名“{name}”，请填写身份证号以区分")
            )
            return
        if candidates:
            plan.person = candidates[0]
            if id_number:
                plan.person_fill_id = id_number
            report.people_matched += 1
            return
    if id_number:
        earlier = report.new_ids.setdefault(id_number, (row, match_key(name)))
        if earlier[1] != match_key(name):
            errors.append(RowError(row, LABELS["id_number"], f"与第{earlier[0]}行的身份证号相同，但姓名不同"))
            return
    plan.new_person_key = (match_key(name), unit.pk if unit else f"new:{match_key(plan.unit_name)}", id_number)


def _save(report: ImportReport, *, data: bytes, user, parent) -> None:
    source = f"历史导入：{report.filename}"[:200]
    with transaction.atomic():
        new_units: dict[str, Organization] = {}
        new_people: dict[tuple, Person] = {}
        for plan in report.plans:
            if plan.person is None and plan.organization is None:
                employer = None
                if plan.unit_name:
                    key = match_key(plan.unit_name)
                    employer = new_units.get(key)
                    if employer is None:
                        employer = Organization.objects.create(
                            name=plan.unit_name, parent=parent, kind=OrgKind.EMPLOYER, source=source
                        )
                        new_units[key] = employer
                else:
                    employer = Organization.objects.get(pk=plan.new_person_key[1])
                person = new_people.get(plan.new_person_key)
                if person is None:
                    person = Person.objects.create(
                        name=plan.name,
                        gender=plan.gender,
                        id_number=plan.id_number,
                        employer=employer,
                        job_title=plan.title,
                        source=source,
                    )
                    new_people[plan.new_person_key] = person
                plan.person = person
            elif plan.person_fill_id:
                Person.objects.filter(pk=plan.person.pk, id_number__isnull=True).update(id_number=plan.person_fill_id)
            Award.objects.create(
                honor_type=plan.honor,
                year=plan.year,
                person=plan.person,
                organization=plan.organization,
                recipient_name=plan.name,
                gender=plan.gender if plan.person is not None else "",
                unit_and_title=plan.unit_label[:300],
                conferring_org=plan.conferring_org,
                decision_number=plan.decision_number,
                source=source,
                note=plan.note[:300],
            )
        report.record = ImportRecord.objects.create(
            kind=IMPORT_KIND,
            target="历史表彰记录",
            filename=report.filename[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            rows=report.rows,
            created_count=report.awards_created,
            updated_count=report.people_updated,
            summary={
                "awards_created": report.awards_created,
                "people_created": report.people_created,
                "people_matched": report.people_matched,
                "people_updated": report.people_updated,
                "units_created": len(new_units),
                "collectives_matched": report.collectives_matched,
            },
            imported_by=user if user is not None and user.is_authenticated else None,
        )
    report.dry_run = False
