"""Registration import (报名表导入): the spreadsheet as units send it, all rows or none.

An ``Importer`` of the one pipeline in ``core.imports``:

1. read — ``core.spreadsheets.read_table`` finds the header under title and note rows, maps
   "姓  名"/"身份证号码"/… onto the columns, cleans every text cell (full-width, U+3000,
   zero-width characters, stray spaces) and refuses hostile or unreadable files;
2. validate — every row, every column, nothing written; all problems collected as
   (row, column, message) in Chinese. Units and events are matched through ``match_key``
   (Traditional → Simplified, no spaces, one shape of brackets) against dicts built by a fixed
   number of queries, people are fetched by ID number in bulk;
3. save — ``services.entry_imports.entries_import_save``, in the pipeline's one transaction, only
   when there is no error and it is not a dry run; an ``ImportRecord`` keeps who imported which
   file and what it created.

What is fixed without asking: half-width/full-width and Traditional spellings, spaces inside
names, phones typed as numbers, a lower-case x in an ID number, 民族 without 族, 代表队 left empty
(it is then the 工作单位). What is refused: everything else that is wrong, with the row, the column
and the reason.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from django.utils import timezone

from core.idcard import IdNumberError, mask_id_number, parse_id_number
from core.imports import PREVIEW_ROWS, Importer, ImportReport, RowError
from core.spreadsheets import ColumnSpec
from core.text import clean_text, match_key
from directory.models import Organization, Person
from directory.selectors import people_by_id_number, person_owner_checker
from directory.services import (
    FieldError,
    parse_ethnicity,
    parse_gender,
    parse_person_name,
    parse_phone,
    parse_skill_level,
    person_merge_blanks,
)

from ..models import Competition, Entry, EntryStatus, Event, EventKind, Team
from ..rules.registration import age_problem, effective_bib_prefix, format_bib, next_bib_sequence
from ..selectors.competitions import competition_units
from ..services.competitions import REGISTRATION_LOCKED, registration_problem
from ..services.entry_imports import IMPORT_KIND, entries_import_save

COLUMNS = [
    ColumnSpec("name", "姓名", aliases=("职工姓名", "选手姓名", "参赛选手", "选手", "参赛人员姓名"), required=True),
    ColumnSpec("gender", "性别"),
    ColumnSpec("ethnicity", "民族"),
    ColumnSpec(
        "id_number", "身份证号", aliases=("身份证号码", "公民身份号码", "身份证", "居民身份证号码"), required=True
    ),
    ColumnSpec("phone", "手机号", aliases=("手机号码", "手机", "联系电话", "联系方式", "电话", "移动电话")),
    ColumnSpec("unit", "工作单位", aliases=("单位", "所在单位", "单位名称", "工作单位全称", "单位全称"), required=True),
    ColumnSpec("job_title", "职务", aliases=("职务/职称", "职务职称", "岗位", "职务(岗位)")),
    ColumnSpec("event", "赛项", aliases=("参赛项目", "比赛项目", "参赛赛项", "竞赛项目", "赛项名称"), required=True),
    ColumnSpec("delegation", "代表队", aliases=("参赛代表队", "所属代表队", "代表单位")),
    ColumnSpec("skill_level", "技能等级", aliases=("职业技能等级", "技术等级", "现有技能等级")),
    ColumnSpec("team", "队名", aliases=("参赛队", "参赛队名称", "团队名称")),
]
LABELS = {c.key: c.label for c in COLUMNS}
_COLUMN_ORDER = {c.key: i for i, c in enumerate(COLUMNS)}
# Text that a spreadsheet program would run as a formula if it were typed back in.
_FORMULA_START = ("=", "@")
_MAX = {
    "job_title": Person._meta.get_field("job_title").max_length,
    "unit": Organization._meta.get_field("name").max_length,
    "team": Team._meta.get_field("name").max_length,
}


# --- results ----------------------------------------------------------------------------------


@dataclass(slots=True)
class NewUnit:
    """A unit the file names and the database lacks, to be created under the organiser."""

    name: str
    rows: list[int] = field(default_factory=list)
    org: Organization | None = None


@dataclass(slots=True)
class PlannedEntry:
    row: int
    name: str
    id_number: str
    gender: str
    event: Event
    unit: Organization | NewUnit
    delegation: Organization | NewUnit
    person: Person | None = None  # existing person (reused), else a new one is created
    person_values: dict[str, Any] = field(default_factory=dict)
    team_key: tuple[int, str] | None = None
    team_name: str = ""
    bib: str = ""

    @property
    def delegation_name(self) -> str:
        return self.delegation.name

    @property
    def person_action(self) -> str:
        return "reused" if self.person is not None else "new"


@dataclass
class EntryImportReport(ImportReport):
    """The check of one registration sheet, and the plan ``entries_import_save`` carries out."""

    competition: Competition | None = None
    entries: list[PlannedEntry] = field(default_factory=list)
    people_new: int = 0
    people_reused: int = 0
    people_updated: int = 0
    units_new: list[str] = field(default_factory=list)
    teams_new: int = 0
    forced: bool = False
    # the plan, for the service
    new_units: list[NewUnit] = field(default_factory=list, repr=False)
    updated_people: dict[int, tuple[Person, list[str]]] = field(default_factory=dict, repr=False)
    new_teams: dict[tuple[int, str], tuple[str, Organization | NewUnit]] = field(default_factory=dict, repr=False)
    teams: dict[tuple[int, str], Team] = field(default_factory=dict, repr=False)
    snapshot: tuple = ()

    noun: ClassVar[str] = "条报名"
    preview_header: ClassVar[Sequence[str]] = (
        "行", "参赛号", "姓名", "性别", "身份证号", "赛项", "代表队", "参赛队", "人员"
    )

    def planned(self) -> int:
        return len(self.entries)

    def by_event(self) -> dict[str, int]:
        return dict(Counter(e.event.name for e in self.entries))

    def summary(self) -> dict[str, Any]:
        return {
            "entries": len(self.entries),
            "people_new": self.people_new,
            "people_reused": self.people_reused,
            "people_updated": self.people_updated,
            "units_new": self.units_new,
            "teams_new": self.teams_new,
            "by_event": self.by_event(),
            "forced": self.forced,
            "notices": len(self.notices),
        }

    def counts(self) -> list[tuple[str, int]]:
        counts = [
            ("报名", len(self.entries)),
            ("新建人员", self.people_new),
            ("沿用已有人员", self.people_reused),
            ("补全信息", self.people_updated),
            ("新建单位", len(self.units_new)),
        ]
        return [*counts, ("新建参赛队", self.teams_new)] if self.teams_new else counts

    def details(self) -> list[str]:
        return [f"新建单位：{'、'.join(self.units_new)}"] if self.units_new else []

    def preview_rows(self, limit: int = PREVIEW_ROWS) -> list[Sequence[Any]]:
        return [
            (
                e.row,
                e.bib,
                e.name,
                "女" if e.gender == "F" else "男",
                mask_id_number(e.id_number),
                e.event.name,
                e.delegation_name,
                e.team_name,
                "沿用" if e.person is not None else "新建",
            )
            for e in self.entries[:limit]
        ]

    def summary_line(self) -> str:
        units = f"，新建单位 {len(self.units_new)} 个" if self.units_new else ""
        teams = f"，新建参赛队 {self.teams_new} 个" if self.teams_new else ""
        body = (
            f"{len(self.entries)} 条报名（{self.rows} 行）：新建人员 {self.people_new} 人，"
            f"沿用已有人员 {self.people_reused} 人（补全信息 {self.people_updated} 人）{units}{teams}"
        )
        if self.saved:
            return f"已导入 {body} → {self.competition.name}"
        return f"试运行（未保存）：将导入 {body} → {self.competition.name}"


# --- matching units ---------------------------------------------------------------------------


class UnitIndex:
    """Hand-typed unit names → organisations of the competition, by ``match_key``.

    Full names first, then short names (简称); a key shared by several organisations is ambiguous
    and reported, never guessed. "XX代表队" also matches the unit "XX".
    """

    def __init__(self, orgs: list[Organization]):
        self.by_name: dict[str, list[Organization]] = defaultdict(list)
        self.by_short: dict[str, list[Organization]] = defaultdict(list)
        parents = {o.pk: o for o in orgs}
        self.parent_names = {o.pk: parents[o.parent_id].name if o.parent_id in parents else "" for o in orgs}
        for org in orgs:
            self.by_name[org.name_key or match_key(org.name)].append(org)
            if org.short_name:
                self.by_short[match_key(org.short_name)].append(org)

    def lookup(self, text: str) -> list[Organization]:
        key = match_key(text)
        found = self.by_name.get(key) or self.by_short.get(key)
        if not found and key.endswith("代表队") and len(key) > 3:
            base = key[: -len("代表队")]
            found = self.by_name.get(base) or self.by_short.get(base)
        return found or []

    def describe(self, orgs: list[Organization]) -> str:
        return "、".join(
            f"{self.parent_names.get(o.pk) + ' / ' if self.parent_names.get(o.pk) else ''}{o.name}" for o in orgs[:5]
        )


# --- the importer -----------------------------------------------------------------------------


class EntryImporter(Importer):
    """Check (and unless dry run, save) one registration sheet for ``competition``.

    ``user`` (or ``by``) is who imports (None on the command line: full access); ``create_units``
    creates units the file names and the database lacks, under the organiser; ``force`` imports
    outside the registration window or status (never once results are published).
    """

    kind = IMPORT_KIND
    report_class = EntryImportReport

    def __init__(
        self,
        competition: Competition,
        *,
        user=None,
        by=None,
        create_units: bool = False,
        force: bool = False,
        today: date | None = None,
        max_rows: int | None = None,
        max_bytes: int | None = None,
    ):
        super().__init__(by=by or user, max_rows=max_rows, max_bytes=max_bytes)
        self.competition = competition
        self.create_units = create_units
        self.force = force
        self.today = today or timezone.localdate()

    # -- the pipeline's steps ------------------------------------------------------------------

    def columns(self) -> list[ColumnSpec]:
        return COLUMNS

    def new_report(self, filename: str, dry_run: bool) -> EntryImportReport:
        return EntryImportReport(filename=filename, dry_run=dry_run, competition=self.competition, forced=self.force)

    def validate(self, table, report: EntryImportReport) -> None:
        self._check_registration_open(report)
        if not table.rows:
            where = f"表头在第 {table.header_row_number} 行，" if table.header_row_number else ""
            extra = "（有公式单元格没有计算结果）" if table.uncalculated_formulas else ""
            report.error(None, "", f"表中没有报名数据：{where}下面没有填写任何人员{extra}")
            return
        self._prefetch()
        planned = self._validate_rows(table, report)
        self._check_across_rows(planned, report)
        if report.errors:
            return
        self._assign_bibs(planned)
        report.entries = planned
        report.new_units = list(self.new_units.values())
        report.units_new = [u.name for u in report.new_units]
        report.people_new = len({p.id_number for p in planned if p.person is None})
        report.people_reused = len({p.person.pk for p in planned if p.person is not None})
        report.updated_people = self.updated_people
        report.people_updated = len(self.updated_people)
        report.new_teams = self.new_teams
        report.teams = self.teams
        report.teams_new = len(self.new_teams)
        report.snapshot = self.snapshot

    def save(self, report: EntryImportReport) -> None:
        entries_import_save(report=report, by=self.by)

    def sort_errors(self, errors: list[RowError]) -> None:
        errors.sort(key=lambda e: (e.row or 0, _COLUMN_ORDER.get(_key_of(e.column), 99)))

    # -- registration window -------------------------------------------------------------------

    def _check_registration_open(self, result: EntryImportReport) -> None:
        c = self.competition
        if c.status in REGISTRATION_LOCKED:
            result.errors.append(RowError(None, "", f"竞赛当前为“{c.get_status_display()}”，不能再导入报名"))
            return
        problem = registration_problem(c, today=self.today)
        if problem and not self.force:
            result.errors.append(
                RowError(None, "", f"{problem}，不能导入报名。如确需补报，请选择“强制导入（不受报名时间和状态限制）”")
            )

    # -- prefetch: a fixed number of queries whatever the file size ----------------------------

    def _prefetch(self) -> None:
        c = self.competition
        self.events = list(c.events.all())
        self.events_by_key: dict[str, Event] = {}
        for ev in self.events:
            self.events_by_key.setdefault(ev.name_key or match_key(ev.name), ev)
        orgs = list(competition_units(c).only("id", "name", "short_name", "name_key", "parent_id", "path"))
        self.units = UnitIndex(orgs)
        # One row per existing entry of the competition: duplicates, places, teams and bibs.
        self.entry_rows = list(
            Entry.objects.filter(event__competition=c).values_list(
                "event_id", "person_id", "delegation_id", "team_id", "status", "bib", "id"
            )
        )
        self.snapshot = (len(self.entry_rows), max((r[6] for r in self.entry_rows), default=None))
        self.teams: dict[tuple[int, str], Team] = {}
        for team in Team.objects.filter(event__competition=c).select_related("delegation"):
            self.teams[(team.event_id, match_key(team.name))] = team
        self.new_units: dict[str, NewUnit] = {}
        self.new_teams: dict[tuple[int, str], tuple[str, Organization | NewUnit]] = {}
        self.updated_people: dict[int, tuple[Person, list[str]]] = {}
        # Whose records the importing user owns (README “谁的数据”): only those are filled in, and only
        # their details are named in a message.
        self.owns = person_owner_checker(self.by)

    # -- one row at a time ---------------------------------------------------------------------

    def _validate_rows(self, table, result: EntryImportReport) -> list[PlannedEntry]:
        errors = result.errors
        formulas = table.uncalculated_formulas
        formula_rows = {row for row, _key in formulas}
        planned: list[PlannedEntry] = []
        for sheet_row in table.rows:
            n = sheet_row.number
            v = sheet_row.values
            row_errors: list[RowError] = []

            def bad(key: str, message: str, n=n, row_errors=row_errors) -> None:
                row_errors.append(RowError(n, LABELS[key], message))

            if n in formula_rows:
                for (row, key), formula in formulas.items():
                    if row == n:
                        bad(key, f"单元格是公式“{formula[:40]}”，没有计算结果。请复制后“选择性粘贴 → 数值”再上传")
            name = _field(bad, "name", parse_person_name, v["name"])
            info = None
            raw_id = v["id_number"]
            if raw_id is None:
                bad("id_number", "身份证号不能为空")
            else:
                try:
                    info = parse_id_number(raw_id, today=self.today)
                except IdNumberError as exc:
                    bad("id_number", exc.message)
            if info is not None:
                problem = age_problem(info.birth_date, self.competition)
                if problem:
                    bad("id_number", problem)
                gender = _field(bad, "gender", parse_gender, v["gender"])
                if gender and gender != info.gender:
                    shown = "男" if info.gender == "M" else "女"
                    bad("gender", f"性别“{clean_text(v['gender'])}”与身份证号不符（身份证号显示为{shown}）")
            ethnicity = _field(bad, "ethnicity", parse_ethnicity, v["ethnicity"])
            phone = _field(bad, "phone", parse_phone, v["phone"])
            skill = _field(bad, "skill_level", parse_skill_level, v["skill_level"])
            job_title = self._text(bad, "job_title", v["job_title"])
            event = self._event(bad, v["event"])
            unit = self._unit(bad, "unit", v["unit"], n)
            delegation = unit
            if v["delegation"] is not None:
                delegation = self._unit(bad, "delegation", v["delegation"], n)
            team_name = self._text(bad, "team", v["team"])

            if row_errors:
                if n in formula_rows:
                    # "empty" would be misleading for a formula cell: keep only the formula message.
                    shown = {LABELS[key] for (row, key) in formulas if row == n}
                    row_errors = [e for e in row_errors if e.column not in shown or "公式" in e.message]
                errors.extend(row_errors)
                continue
            entry = PlannedEntry(
                row=n,
                name=name,
                id_number=info.number,
                gender=info.gender,
                event=event,
                unit=unit,
                delegation=delegation,
                person_values={
                    "gender": info.gender,
                    "birth_date": info.birth_date,
                    "ethnicity": ethnicity,
                    "phone": phone,
                    "job_title": job_title,
                    "skill_level": skill,
                    "trade": event.trade,
                },
            )
            if event.kind == EventKind.TEAM:
                entry.team_name = team_name or delegation.name
                entry.team_key = (event.pk, match_key(entry.team_name))
            elif team_name:
                result.notices.append(RowError(n, LABELS["team"], f"“{event.name}”是个人赛项，队名已忽略"))
            planned.append(entry)
        return planned

    def _text(self, bad, key: str, value: Any) -> str:
        if value is None:
            return ""
        # The reader hands text cells over already clean_text-ed; only numbers and dates need it.
        text = value if value.__class__ is str else clean_text(value)
        if text.startswith(_FORMULA_START):
            bad(key, f"内容“{text[:20]}”以“{text[0]}”开头，会被表格软件当作公式，请去掉该符号")
            return ""
        limit = _MAX.get(key)
        if limit and len(text) > limit:
            bad(key, f"内容过长（{len(text)}个字），最多{limit}个字")
            return ""
        return text

    def _event(self, bad, value: Any) -> Event | None:
        if value is None:
            bad("event", "赛项不能为空")
            return None
        event = self.events_by_key.get(match_key(value))
        if event is None:
            names = "、".join(f"“{e.name}”" for e in self.events) or "（本竞赛尚未设置赛项）"
            bad("event", f"“{clean_text(value)}”不是本竞赛的赛项，可填：{names}")
        return event

    def _unit(self, bad, key: str, value: Any, row: int) -> Organization | NewUnit | None:
        label = LABELS[key]
        if value is None:
            bad(key, f"{label}不能为空")
            return None
        name = self._text(bad, key, value)
        if not name:
            return None
        found = self.units.lookup(name)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            bad(key, f"“{name}”对应多个单位（{self.units.describe(found)}），请填写单位全称")
            return None
        if not self.create_units:
            bad(
                key,
                f"找不到单位“{name}”（已忽略空格、全半角和繁简差异）。"
                "请核对单位全称，或选择“自动创建表中的新单位”",
            )
            return None
        if name[:1] in "+-":
            bad(key, f"单位名称“{name}”不能以“{name[0]}”开头")
            return None
        unit = self.new_units.setdefault(match_key(name), NewUnit(name))
        unit.rows.append(row)
        return unit

    # -- across rows ---------------------------------------------------------------------------

    def _check_across_rows(self, planned: list[PlannedEntry], result: EntryImportReport) -> None:
        errors = result.errors
        id_label, name_label = LABELS["id_number"], LABELS["name"]

        # The same person twice: same ID with another name, or the same event twice.
        first_by_id: dict[str, PlannedEntry] = {}
        seen_event: dict[tuple[int, str], int] = {}
        keep: list[PlannedEntry] = []
        for p in planned:
            first = first_by_id.setdefault(p.id_number, p)
            if first is not p and first.name != p.name:
                errors.append(
                    RowError(p.row, name_label, f"与第{first.row}行身份证号相同，但姓名不同（“{first.name}”）")
                )
                continue
            key = (p.event.pk, p.id_number)
            if key in seen_event:
                errors.append(RowError(p.row, id_label, f"与第{seen_event[key]}行重复：同一人重复报名“{p.event.name}”"))
                continue
            seen_event[key] = p.row
            keep.append(p)
        planned[:] = keep

        self._match_people(planned, result)

        # Already registered in this event (any status: one entry per person and event).
        existing = {(ev, person): (status, bib) for ev, person, _d, _t, status, bib, _id in self.entry_rows}
        for p in planned:
            if p.person is not None and (p.event.pk, p.person.pk) in existing:
                status, bib = existing[(p.event.pk, p.person.pk)]
                errors.append(
                    RowError(
                        p.row,
                        id_label,
                        f"{p.name} 已报名“{p.event.name}”（参赛号 {bib or '—'}，{EntryStatus(status).label}）",
                    )
                )

        self._check_teams(planned, result)
        self._check_places(planned, result)

    def _match_people(self, planned: list[PlannedEntry], result: EntryImportReport) -> None:
        people = people_by_id_number(p.id_number for p in planned)
        merged: set[str] = set()
        for p in planned:
            person = people.get(p.id_number)
            if person is None:
                continue
            owned = self.owns(person)
            if person.name != p.name:
                if owned:
                    msg = f"该身份证号在系统中登记为“{person.name}”，与表中姓名“{p.name}”不同，请核对"
                else:
                    msg = "该身份证号已登记在另一姓名的人员名下（可能属于其他单位），请核对姓名和身份证号"
                result.errors.append(RowError(p.row, LABELS["name"], msg))
                continue
            p.person = person
            if p.id_number in merged:
                continue
            merged.add(p.id_number)
            if not owned:
                # Another organisation's person: their record is not touched; the row's details stay
                # on the entry (entered_details) and nothing of the record is compared or named.
                result.notices.append(RowError(
                    p.row, LABELS["id_number"],
                    "该人员的档案属于其他单位：表中的手机号、职务等只记入本次报名，不修改其档案",
                ))
                continue
            values = dict(p.person_values)
            if isinstance(p.unit, Organization):
                values["employer"] = p.unit
            changed, conflicts = person_merge_blanks(person, values)
            if changed:
                self.updated_people[person.pk] = (person, changed)
            for c in conflicts:
                if c.field in ("gender", "birth_date"):
                    continue  # both come from the ID number, which matched
                text = f"系统中为“{c.existing}”，表中为“{c.given}”，保留系统中的记录"
                result.notices.append(RowError(p.row, c.label, text))

    def _check_teams(self, planned: list[PlannedEntry], result: EntryImportReport) -> None:
        members_now: Counter = Counter()
        for _ev, _person, _d, team_id, status, _bib, _id in self.entry_rows:
            if team_id and status == EntryStatus.REGISTERED:
                members_now[team_id] += 1
        groups: dict[tuple[int, str], list[PlannedEntry]] = defaultdict(list)
        for p in planned:
            if p.team_key is not None:
                groups[p.team_key].append(p)
        for key, members in groups.items():
            event = members[0].event
            team = self.teams.get(key)
            delegation = team.delegation if team is not None else members[0].delegation
            for p in members:
                if p.delegation is not delegation and p.delegation != delegation:
                    result.errors.append(
                        RowError(
                            p.row,
                            LABELS["delegation"],
                            f"参赛队“{p.team_name}”属于代表队“{delegation.name}”，本行为“{p.delegation.name}”",
                        )
                    )
            size = members_now[team.pk] if team is not None else 0
            if event.team_size and size + len(members) > event.team_size:
                rows = "、".join(str(p.row) for p in members)
                for p in members[max(event.team_size - size, 0) :]:
                    result.errors.append(
                        RowError(
                            p.row,
                            LABELS["team"],
                            f"参赛队“{p.team_name}”超员：每队 {event.team_size} 人，已有 {size} 人，"
                            f"本表报了第{rows}行共 {len(members)} 人",
                        )
                    )
            elif event.team_size and size + len(members) < event.team_size:
                result.notices.append(
                    RowError(
                        members[0].row,
                        LABELS["team"],
                        f"参赛队“{members[0].team_name}”目前 {size + len(members)} 人，每队应为 {event.team_size} 人",
                    )
                )
            if team is None:
                self.new_teams[key] = (members[0].team_name, delegation)

    def _check_places(self, planned: list[PlannedEntry], result: EntryImportReport) -> None:
        # Places: registered entries per (event, delegation), or teams for team events.
        used: Counter = Counter()
        teams_used: dict[tuple[int, int], set[int]] = defaultdict(set)
        for ev, _person, delegation, team_id, status, _bib, _id in self.entry_rows:
            if status == EntryStatus.REGISTERED:
                used[(ev, delegation)] += 1
                if team_id:
                    teams_used[(ev, delegation)].add(team_id)
        groups: dict[tuple[int, int], list[PlannedEntry]] = defaultdict(list)
        for p in planned:
            if p.event.places_per_delegation is not None:
                groups[(p.event.pk, id(p.delegation))].append(p)
        for members in groups.values():
            event, delegation = members[0].event, members[0].delegation
            limit = event.places_per_delegation
            existing_key = (event.pk, delegation.pk) if isinstance(delegation, Organization) else None
            if event.kind == EventKind.TEAM:
                new_keys = list(dict.fromkeys(p.team_key for p in members if p.team_key not in self.teams))
                have = len(teams_used.get(existing_key, ())) if existing_key else 0
                if have + len(new_keys) > limit:
                    over = set(new_keys[max(limit - have, 0) :])
                    for p in members:
                        if p.team_key in over:
                            result.errors.append(
                                RowError(
                                    p.row,
                                    LABELS["delegation"],
                                    f"超出名额：代表队“{delegation.name}”在“{event.name}”限报 {limit} 队，"
                                    f"已报 {have} 队，本表新增 {len(new_keys)} 队",
                                )
                            )
                continue
            have = used[existing_key] if existing_key else 0
            if have + len(members) > limit:
                rows = "、".join(str(p.row) for p in members)
                for p in members[max(limit - have, 0) :]:
                    result.errors.append(
                        RowError(
                            p.row,
                            LABELS["delegation"],
                            f"超出名额：代表队“{delegation.name}”在“{event.name}”限报 {limit} 人，"
                            f"已报 {have} 人，本表报了第{rows}行共 {len(members)} 人",
                        )
                    )

    # -- bibs ----------------------------------------------------------------------------------

    def _assign_bibs(self, planned: list[PlannedEntry]) -> None:
        bibs_by_event: dict[int, list[str]] = defaultdict(list)
        for ev, _p, _d, _t, _s, bib, _id in self.entry_rows:
            bibs_by_event[ev].append(bib)
        next_seq: dict[int, int] = {}
        for p in planned:
            ev = p.event
            prefix = effective_bib_prefix(ev)
            if ev.pk not in next_seq:
                next_seq[ev.pk] = next_bib_sequence(prefix, bibs_by_event[ev.pk])
            p.bib = format_bib(prefix, next_seq[ev.pk])
            next_seq[ev.pk] += 1


def _field(bad, key: str, parse, value: Any):
    try:
        return parse(value)
    except FieldError as exc:
        bad(key, exc.message)
        return None


def _key_of(label: str) -> str:
    for key, text in LABELS.items():
        if text == label:
            return key
    return ""
