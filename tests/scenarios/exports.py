"""Exports scenario and helpers for the export tests.

``export_world()`` (fixture ``honours``) builds a small but complete honours world: a union tree,
honours of three kinds, a campaign with awards (names in 姓氏笔画 traps, a woman, compound surnames, a
revoked award), nominations of every stage with ID numbers, phones and birth dates, places and
composition rules — and hostile text (formula-like names and units) everywhere a user can type.
"""

from __future__ import annotations

import argparse
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from awards.exporters import NominationsExporter, NoticeExporter, RosterExporter, StatisticsExporter
from awards.models import (
    Award,
    AwardStatus,
    AwardTally,
    CompositionFlag,
    CompositionRule,
    NominationStatus,
    Quota,
    RecipientKind,
)
from competitions.models import Level, Project, ProjectMember, ProjectStatus, Result
from core.exports import Exporter, ExportError, exporters, get_exporter
from core.strokes import stroke_key
from directory.models import Gender, Organization, Ownership, Person
from tests.factories import (
    AwardFactory,
    CampaignFactory,
    CompetitionFactory,
    EntryFactory,
    EventFactory,
    HonorTypeFactory,
    MembershipFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
    demo_id,
)

# Text a spreadsheet program would run as a formula (or DDE) if written as it is.
HOSTILE = [
    '=HYPERLINK("http://evil.example/","点我")',
    "+86 13800138000",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]

AWARD_NAMES = ["孔明", "尹力", "方芳", "文静", "毛泽", "王伟", "万里", "于敏", "欧阳修", "司马光", "司马", "HOSTILE"]
# 姓氏笔画: 于 万 (3: 一一亅 / 一乛丿) · 王 毛 文 方 尹 孔 (4) · 司 司马 司马光 (5) · 欧阳修 (8) · non-Han last.
AWARD_ORDER = ["于敏", "万里", "王伟", "毛泽", "文静(女)", "方芳", "尹力", "孔明", "司马", "司马光", "欧阳修"]


@dataclass
class Honours:
    root: Organization
    district_a: Organization
    district_b: Organization
    company: Organization  # non-public, under district A
    institute: Organization  # under district B
    hostile_unit: Organization
    medal: Any  # 天津市五一劳动奖章 (provincial, individual, precedence 10)
    national_medal: Any  # 全国五一劳动奖章 (national, individual, precedence 10)
    banner: Any  # 天津市五一劳动奖状 (provincial, collective, precedence 20)
    pioneer: Any  # 天津市工人先锋号 (provincial, collective, precedence 30)
    campaign: Any
    awards: list = field(default_factory=list)
    revoked: Any = None
    nominations: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)


def export_world() -> Honours:
    root = OrganizationFactory(name="测试市总工会", kind="union")
    district_a = OrganizationFactory(name="甲区总工会", parent=root, kind="union")
    district_b = OrganizationFactory(name="乙区总工会", parent=root, kind="union")
    company = OrganizationFactory(
        name="甲区精密机械有限公司", parent=district_a, kind="employer", ownership=Ownership.NON_PUBLIC
    )
    institute = OrganizationFactory(name="乙区计量研究院", parent=district_b, kind="institution")
    hostile_unit = OrganizationFactory(name=HOSTILE[0], parent=district_b, kind="employer")

    medal = HonorTypeFactory(
        name="天津市五一劳动奖章", series="五一劳动奖章", level=Level.PROVINCIAL, precedence=10,
        recipient_kind=RecipientKind.INDIVIDUAL,
    )
    national_medal = HonorTypeFactory(
        name="全国五一劳动奖章", series="五一劳动奖章", level=Level.NATIONAL, precedence=10,
        recipient_kind=RecipientKind.INDIVIDUAL,
    )
    banner = HonorTypeFactory(
        name="天津市五一劳动奖状", series="五一劳动奖状", level=Level.PROVINCIAL, precedence=20,
        recipient_kind=RecipientKind.COLLECTIVE,
    )
    pioneer = HonorTypeFactory(
        name="天津市工人先锋号", series="工人先锋号", level=Level.PROVINCIAL, precedence=30,
        recipient_kind=RecipientKind.COLLECTIVE,
    )
    campaign = CampaignFactory(name="2024年天津市五一劳动奖章评选", conferring_org=root, year=2024)
    campaign.honor_types.add(medal, banner, pioneer)
    world = Honours(
        root, district_a, district_b, company, institute, hostile_unit, medal, national_medal, banner, pioneer,
        campaign,
    )

    # Awards of the campaign: individuals (names shuffled on purpose), collectives, one revoked.
    for i, name in enumerate(AWARD_NAMES):
        is_hostile = name == "HOSTILE"
        person = PersonFactory(
            name=HOSTILE[2] if is_hostile else name,
            gender=Gender.FEMALE if name == "文静" else Gender.MALE,
            employer=company if i % 2 else institute,
            job_title="焊工" if i % 2 else "高级工程师",
            id_number=demo_id(Gender.FEMALE if name == "文静" else Gender.MALE),
            phone=f"1380013{i:04d}",
            birth_date=date(1980 + i, 1, 1),
        )
        world.people[name] = person
        unit = HOSTILE[4] if is_hostile else f"{person.employer.name}{person.job_title}"
        world.awards.append(
            AwardFactory(
                honor_type=medal, year=2024, person=person, campaign=campaign, conferring_org=root,
                unit_and_title=unit,
            )
        )
    revoked_person = PersonFactory(name="丁一", employer=company, id_number=None)
    world.revoked = AwardFactory(
        honor_type=medal, year=2024, person=revoked_person, campaign=campaign, status=AwardStatus.REVOKED
    )
    national = PersonFactory(name="张三", employer=company, id_number=None)
    world.awards.append(
        AwardFactory(honor_type=national_medal, year=2024, person=national, unit_and_title="甲区精密机械有限公司钳工")
    )
    for org in (institute, company):
        world.awards.append(
            AwardFactory(
                honor_type=banner, year=2024, person=None, organization=org, campaign=campaign,
                unit_and_title=org.name,
            )
        )
    world.awards.append(
        AwardFactory(
            honor_type=pioneer, year=2024, person=None, organization=hostile_unit, campaign=campaign,
            unit_and_title=HOSTILE[3],
        )
    )
    AwardTally.objects.create(honor_type=national_medal, year=2024, organization=district_b, count=3)

    # Nominations: every stage, both districts, with the personal data an internal export carries.
    def nominate(key, status, org, *, gender=Gender.MALE, flags=(), employer=None, name=None, **extra):
        person = PersonFactory(
            name=name or key,
            gender=gender,
            employer=employer or (company if org == district_a else institute),
            id_number=demo_id(gender),
            phone="13912345678",
            birth_date=date(1985, 6, 1),
            ethnicity="汉族",
            political_status="cpc",
        )
        world.nominations[key] = NominationFactory(
            campaign=campaign, honor_type=medal, nominating_org=org, person=person, status=status,
            **{f: True for f in flags}, **extra,
        )
        return world.nominations[key]

    nominate("王芳", NominationStatus.IN_NOTICE, district_a, gender=Gender.FEMALE, flags=["is_industrial_worker"],
             non_public=True, unit_and_title="甲区精密机械有限公司车间主任")
    nominate("毛明", NominationStatus.IN_NOTICE, district_a, flags=["is_frontline"])
    nominate("孔亮", NominationStatus.IN_NOTICE, district_b, flags=["is_science_education"])
    nominate("方正", NominationStatus.APPROVED, district_b, flags=["is_professional"])
    nominate("尹华", NominationStatus.SUBMITTED, district_b)
    nominate("文化", NominationStatus.DRAFT, district_a, gender=Gender.FEMALE, flags=["is_industrial_worker"])
    nominate("于谦", NominationStatus.WITHDRAWN, district_a)
    nominate("HOSTILE", NominationStatus.IN_NOTICE, district_b, name=HOSTILE[5], unit_and_title=HOSTILE[6])
    world.nominations["集体"] = NominationFactory(
        campaign=campaign, honor_type=pioneer, nominating_org=district_a, person=None, organization=company,
        status=NominationStatus.IN_NOTICE, unit_and_title=HOSTILE[1],
    )
    Quota.objects.create(campaign=campaign, nominating_org=district_a, honor_type=medal, places=1)
    Quota.objects.create(campaign=campaign, nominating_org=district_b, honor_type=medal, places=4)
    CompositionRule.objects.create(
        campaign=campaign, flag=CompositionFlag.INDUSTRIAL, label="产业工人", min_share=Decimal("0.35")
    )
    CompositionRule.objects.create(
        campaign=campaign, flag=CompositionFlag.FEMALE, label="女性", min_share=Decimal("0.20"), hard=False
    )
    return world


def user_maker():
    """user_with((org, role), ...) → a user holding those memberships."""
    counter = iter(range(10_000))

    def make(*memberships):
        user = UserFactory(username=f"export-user-{next(counter)}")
        for org, role in memberships:
            MembershipFactory(user=user, organization=org, role=role)
        return user

    return make


def competition_results_world(honours: Honours) -> dict:
    """A competition with hostile contestant and delegation names and computed results, for the
    competitions app's exporters (registration list, results book …)."""
    competition = CompetitionFactory(
        name="测试技能大赛", slug="export-test-cup", organizer=honours.root, year=2024,
        eligibility_rules=[{"key": "top", "label": "前四名可申报", "max_rank": 4}],
    )
    event = EventFactory(competition=competition, name="焊工")
    for i, name in enumerate(["王伟", HOSTILE[0], "文静", HOSTILE[3]]):
        employer = honours.hostile_unit if i % 2 else honours.company
        person = PersonFactory(name=name, employer=employer, id_number=demo_id())
        entry = EntryFactory(event=event, person=person, delegation=person.employer, bib=f"{i + 1:03d}")
        Result.objects.create(
            entry=entry, components={"theory": "80", "practical": "90"}, total=Decimal("87.00") - i, rank=i + 1
        )
    # 群众性创新: a prize-winning project with a hostile title and team (the "innovation" roster)
    lead = entry.person
    project = Project.objects.create(
        competition=competition, category=event, title=HOSTILE[1], unit=lead.employer, summary=HOSTILE[2],
        status=ProjectStatus.PASSED, rank=1, prize="first", combined_score=Decimal("90.00"),
    )
    ProjectMember.objects.create(project=project, person=lead, is_lead=True)
    return {"competition": competition, "event": event}


# --- many awards at once ------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"


def add_awards(honor, employer, start: int, count: int) -> None:
    """bulk_create people and their awards (save() is what computes stroke keys: do it here)."""
    people = []
    for i in range(start, start + count):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)] + GIVEN[i % 7]
        gender = "F" if i % 3 == 0 else "M"
        people.append(Person(name=name, gender=gender, employer=employer, stroke_key=stroke_key(name)))
    Person.objects.bulk_create(people, batch_size=2000)
    awards = [
        Award(
            honor_type=honor, year=2024, person=p, recipient_name=p.name, gender=p.gender,
            unit_and_title=f"{employer.name}第{i % 40}车间焊工", stroke_key=p.stroke_key,
        )
        for i, p in enumerate(people)
    ]
    Award.objects.bulk_create(awards, batch_size=2000)


def read_back(text: str) -> str:
    """What a reader gets back of text the writer wrote: a CR (alone or before LF) becomes LF, as it
    did when openpyxl wrote the files (core.spreadsheets.writer._printable)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- reading what was written -------------------------------------------------------------------


def export_bytes(exporter: Exporter) -> bytes:
    buf = io.BytesIO()
    exporter.write(buf)
    return buf.getvalue()


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def sheet_rows(ws) -> list[list[Any]]:
    """Values of every row, trailing empty cells dropped."""
    rows = []
    for row in ws.iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def header_index(rows: list[list[Any]]) -> int:
    """Index of the header row: the first with more than one cell (title and note lines are one
    merged cell each)."""
    return next(i for i, row in enumerate(rows) if len(row) > 1)


def data_rows(ws, header_row: int | None = None) -> list[list[Any]]:
    """Rows after the header (found after the title and note lines unless given)."""
    rows = sheet_rows(ws)
    return rows[(header_index(rows) + 1) if header_row is None else header_row :]


def sheet_xml_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)}


def column_width(ws, letter: str) -> float:
    """The width the writer was asked for (in characters), from what XlsxWriter stores: Excel's
    stored width adds the cell padding (5 pixels of a 7-pixel digit) and truncates to 1/256."""
    stored = ws.column_dimensions[letter].width
    return round(stored - 5 / 7, 1)


def assert_no_formulas(data: bytes) -> None:
    parts = sheet_xml_parts(data)
    assert parts, "no worksheet in the file"
    for name, xml in parts.items():
        assert not re.search(r"<(\w+:)?f[\s>/]", xml), f"formula element in {name}"
        assert 't="str"' not in xml, f"formula result cell in {name}"


# --- building any registered exporter ----------------------------------------------------------


def awards_exporters(world: Honours) -> dict[str, Exporter]:
    return {
        "roster": RosterExporter(campaign=world.campaign),
        "notice": NoticeExporter(campaign=world.campaign),
        "nominations": NominationsExporter(campaign=world.campaign),
        # grouped down to the employers, so the hostile unit's name is in the file
        "statistics": StatisticsExporter(year=2024, depth=2),
    }


def _cli_values(competition_world, world: Honours) -> dict[str, list[str]]:
    """Candidate command-line values by option name, most specific first."""
    competition, event = competition_world["competition"], competition_world["event"]
    return {
        "competition": [competition.slug, str(competition.pk), competition.name],
        "event": [str(event.pk), event.name],
        "campaign": [str(world.campaign.pk)],
        "year": ["2024"],
        "organization": [str(world.root.pk), world.root.name],
    }


def build_from_cli(cls: type[Exporter], competition_world, world: Honours) -> Exporter:
    """Build an exporter another engineer wrote, knowing only its add_arguments.

    Every option it declares that this test world can fill (competition, event, campaign …) gets a
    value; store_true switches named like --all are turned on (the widest export). Raises
    pytest.skip with the reason when a required option cannot be filled or no value works.
    """
    parser = argparse.ArgumentParser(prog=cls.name, add_help=False, exit_on_error=False)
    cls.add_arguments(parser)
    candidates = _cli_values(competition_world, world)
    fixed: list[str] = []
    choices: list[tuple[argparse.Action, list[str]]] = []
    for action in parser._actions:
        dest = action.dest
        if isinstance(action, argparse._StoreTrueAction):
            if any(s in ("--all", "--include-unpublished") for s in action.option_strings):
                fixed.append(action.option_strings[0])
            continue
        values = candidates.get(dest)
        if values is None:
            if action.required:
                pytest.skip(f"导出 {cls.name} 的必填参数 {dest} 无法由测试数据提供")
            continue
        choices.append((action, values))
    errors = []
    for attempt in range(max([len(v) for _a, v in choices] + [1])):
        argv = list(fixed)
        positionals = []
        for action, values in choices:
            value = values[min(attempt, len(values) - 1)]
            if action.option_strings:
                argv += [action.option_strings[0], value]
            else:
                positionals.append(value)
        try:
            options = vars(parser.parse_args(positionals + argv))
            exporter = cls.from_cli({k: v for k, v in options.items() if v is not None})
            export_bytes(exporter)  # must be writable, too
            return exporter
        except (ExportError, argparse.ArgumentError, SystemExit) as exc:
            errors.append(f"{positionals + argv}: {exc}")
    pytest.skip(f"导出 {cls.name} 无法用测试数据构造：{'；'.join(errors)}")


# The other apps' exporters this issue names; a missing one is skipped with the reason.
EXPECTED_ELSEWHERE = {"entries": "报名表（competitions/exporters/entries.py）", "results": "成绩册"}
AWARDS_EXPORTERS = ("roster", "notice", "nominations", "statistics")


def portal_exporters(world: Honours) -> dict[str, Exporter]:
    """The 统计看板 of 乙区: its units are listed by name, the hostile one among them."""
    return {"dashboard": get_exporter("dashboard")(organization=world.district_b, year=2024)}


PORTAL_EXPORTERS = ("dashboard",)


def exporter_names() -> list[str]:
    return sorted(set(exporters()) | set(EXPECTED_ELSEWHERE))


def build_exporter(name: str, world: Honours, competition_world) -> Exporter:
    """An instance of the registered exporter ``name`` over the hostile test data."""
    if name in AWARDS_EXPORTERS:
        return awards_exporters(world)[name]
    if name in PORTAL_EXPORTERS and name in exporters():
        return portal_exporters(world)[name]
    registry = exporters()
    if name not in registry:
        pytest.skip(f"导出 {name}（{EXPECTED_ELSEWHERE.get(name, name)}）尚未注册到 core.exports")
    return build_from_cli(registry[name], competition_world, world)


__all__ = [
    "AWARD_ORDER",
    "HOSTILE",
    "assert_no_formulas",
    "build_exporter",
    "data_rows",
    "export_bytes",
    "exporter_names",
    "header_index",
    "sheet_rows",
    "workbook",
]
