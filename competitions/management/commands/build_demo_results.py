"""Fictitious results for the closed 2024 廊坊市职工职业技能大赛 → fixtures/06_demo_results.json.

Run after ``build_seed_fixtures`` on the same database (``make fixtures`` does):

    python manage.py build_demo_results

Creates demo employers under 廊坊市总工会, demo contestants (``is_demo``, source
“演示数据（虚构）”) with made-up but well-formed ID numbers (area code 131000, checked unique),
their entries in the contest's four events, imported component scores (marks without a judge:
the fixture cannot hold user accounts), then computes, locks and publishes the results through
the scoring services, so ties, a withdrawal and a disqualification all show. Timestamps are fixed,
so regenerating gives the same file.

    python manage.py build_demo_results --judge-accounts

instead adds a demo judge panel on a database where the fixtures are loaded (like setup_demo):
accounts lf-chief (裁判长) and lf-judge1 … lf-judge5 for the contest's 焊工 event. The same panel
judges the current year's demo competition (``build_demo_current``), where marks can still be
entered. Accounts are never written to fixtures.
"""

import os
import random
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from competitions.models import (
    Competition,
    Entry,
    EntryStatus,
    Event,
    Mark,
    Result,
    ScoreChange,
    ScoreChangeField,
)
from competitions.services.common import registered_count_refresh
from competitions.services.judges import judge_assign
from competitions.services.results import event_lock_scores, event_publish_results
from core.demo_names import demo_name
from core.idcard import make_demo_id_number
from directory.models import Gender, Organization, OrgKind, Ownership, Person

SLUG = "langfang-skills-2024"
DEMO = "演示数据（虚构）"
AREA = "131000"  # 廊坊市
FILENAME = "06_demo_results.json"
CONTEST_DAY = datetime(2024, 10, 19, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

EMPLOYERS = [
    ("（演示）廊坊新奥能源装备有限公司", Ownership.NON_PUBLIC),
    ("（演示）廊坊临空智能制造有限公司", Ownership.NON_PUBLIC),
    ("（演示）廊坊市公共交通集团", Ownership.PUBLIC),
    ("（演示）廊坊开发区电子信息产业园", Ownership.PUBLIC),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"

# (theory, practical) per contestant of 焊工 (30 % / 70 %), chosen so the results show every rule:
# with N = 14 the boundaries are 一等奖 ≤ 1, 二等奖 ≤ round(4.2) = 4, 三等奖 ≤ round(8.4) = 8.
WELDING = [
    ("88.00", "82.00"),  # 83.80, rank 1: equal total with the next, better practical
    ("91.50", "80.50"),  # 83.80, rank 2
    ("85.00", "83.00"),  # 83.60, rank 3
    ("79.50", "84.00"),  # 82.65, rank 4 = tie on every key across the 二/三等奖 boundary:
    ("79.50", "84.00"),  # 82.65, rank 4 =   both get 二等奖 and take a 三等奖 place
    ("90.00", "79.00"),  # 82.30, rank 6
    ("76.00", "84.50"),  # 81.95, rank 7
    ("82.00", "80.00"),  # 80.60, rank 8 = tie at the last 三等奖 place: both get 三等奖
    ("82.00", "80.00"),  # 80.60, rank 8 =
    ("80.00", "79.00"),  # 79.30, rank 10
    ("72.50", "78.00"),  # 76.35
    ("70.00", "76.55"),  # 21 + 53.585 = 74.585 → 74.59 (half up)
    ("68.00", "71.00"),  # 70.10
    ("65.50", "66.00"),  # 65.85
]


class Command(BaseCommand):
    help = "生成廊坊市2024年职工职业技能大赛的虚构演示成绩（fixtures/06_demo_results.json）"

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "fixtures"))
        parser.add_argument(
            "--judge-accounts",
            action="store_true",
            help="只创建演示裁判账号并分派（需已加载 fixtures；不写 fixtures）",
        )
        parser.add_argument(
            "--password",
            default=os.environ.get("JIANGXIN_DEMO_PASSWORD", "jiangxin-demo"),
            help="演示裁判账号密码（--judge-accounts 时使用）",
        )

    def handle(self, *args, out, judge_accounts, password, **options):
        if judge_accounts:
            self.create_judge_accounts(password)
            return
        competition = Competition.objects.filter(slug=SLUG).first()
        if competition is None:
            raise CommandError(f"找不到竞赛 {SLUG}：请先在同一数据库上运行 build_seed_fixtures。")
        if Entry.objects.filter(event__competition=competition).exists():
            raise CommandError("该竞赛已有报名：演示成绩只能在 build_seed_fixtures 之后的新数据库上生成一次。")
        with transaction.atomic():
            objects = self.build(competition)
        path = Path(out) / FILENAME
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            serializers.serialize("json", objects, stream=fh, indent=1, ensure_ascii=False)
        self.stdout.write(f"{FILENAME}: {len(objects)} 条")

    # --- data ------------------------------------------------------------------------------------

    def build(self, competition):
        rng = random.Random(2024)  # noqa: S311 - reproducible demo data, not security
        langfang = competition.organizer
        employers = []
        for name, ownership in EMPLOYERS:
            org = Organization.objects.create(
                name=name,
                parent=langfang,
                kind=OrgKind.EMPLOYER,
                region="河北省廊坊市",
                ownership=ownership,
                source=DEMO,
                is_demo=True,
            )
            employers.append(org)

        events = list(competition.events.order_by("pk"))
        robot = next(e for e in events if "机器人" in e.name)
        # The robot event records completion time: ties on total are broken by the faster time.
        robot.uses_time = True
        robot.save(update_fields=["uses_time", "updated_at"])

        taken_ids = set(Person.objects.exclude(id_number=None).values_list("id_number", flat=True))
        names_taken = set(Person.objects.values_list("name", flat=True))
        seq = 0
        people = []

        def person(i):
            nonlocal seq
            gender = Gender.FEMALE if i % 3 == 0 else Gender.MALE
            name = demo_name(rng, gender, names_taken, SURNAMES)  # fits the gender the ID number says
            birth = date(1972 + rng.randrange(28), 1 + rng.randrange(12), 1 + rng.randrange(28))
            while True:
                seq += 1
                if seq > 499:
                    raise CommandError("演示身份证号顺序码用尽")
                id_number = make_demo_id_number(AREA, birth, seq, gender)
                if id_number not in taken_ids:
                    break
            taken_ids.add(id_number)
            p = Person.objects.create(
                name=name,
                gender=gender,
                ethnicity="汉族",
                birth_date=birth,
                id_number=id_number,
                phone=f"135{rng.randrange(10**8):08d}",
                employer=employers[i % len(employers)],
                job_title=rng.choice(["技术员", "班组长", "技师", "高级技师", "操作工"]),
                is_industrial_worker=True,
                is_frontline=True,
                source=DEMO,
                is_demo=True,
            )
            people.append(p)
            return p

        entries_by_event = {}
        counter = 0
        for number, event in enumerate(events, start=1):
            size = len(WELDING) if event.name == "焊工" else 10 + number
            entries = []
            for i in range(size):
                p = person(counter)
                counter += 1
                p.trade = event.trade
                p.save(update_fields=["trade", "stroke_key"])
                entries.append(
                    Entry.objects.create(
                        event=event,
                        person=p,
                        delegation=p.employer,
                        bib=f"LF{number}{i + 1:02d}",
                        source=DEMO,
                        is_demo=True,
                    )
                )
            entries_by_event[event.pk] = entries

        for event in events:
            theory, practical = list(event.components.order_by("order", "id"))
            entries = entries_by_event[event.pk]
            if event.name == "焊工":
                scores = [(Decimal(t), Decimal(p)) for t, p in WELDING]
            else:
                scores = [
                    (Decimal(rng.randrange(6000, 9800)) / 100, Decimal(rng.randrange(6000, 9800)) / 100)
                    for _ in entries
                ]
                # A tie on every key: the last two share a place.
                scores[-1] = scores[-2]
            if event.uses_time:
                # Same total as the first, but slower: the time decides (the last two differ in time too).
                scores[1] = scores[0]
            for entry, (t, p) in zip(entries, scores, strict=True):
                Mark.objects.create(entry=entry, component=theory, value=t)
                Mark.objects.create(entry=entry, component=practical, value=p)
                for component, value in ((theory, t), (practical, p)):
                    ScoreChange.objects.create(
                        event=event,
                        entry=entry,
                        component=component,
                        field=ScoreChangeField.IMPORT,
                        new_value=f"{value:.2f}",
                        reason="导入：演示成绩表（虚构）",
                    )
            if event.uses_time:
                for i, entry in enumerate(entries):
                    entry.time_minutes = Decimal(45 + (i * 7) % 20) + Decimal(rng.randrange(0, 100)) / 100
                    if i == 1:
                        entry.time_minutes = entries[0].time_minutes + Decimal("3.50")
                    entry.time_version = 1
                    entry.save(update_fields=["time_minutes", "time_version"])
                    ScoreChange.objects.create(
                        event=event,
                        entry=entry,
                        field=ScoreChangeField.TIME,
                        new_value=f"{entry.time_minutes:.2f}",
                        reason="导入：演示成绩表（虚构）",
                    )

        # One withdrawal and one disqualification in 焊工: listed, never ranked.
        welding = next(e for e in events if e.name == "焊工")
        extra = []
        for i, (status, reason) in enumerate(
            [(EntryStatus.WITHDRAWN, "赛前因伤退赛"), (EntryStatus.DISQUALIFIED, "实操违反安全操作规程")]
        ):
            p = person(counter + i)
            entry = Entry.objects.create(
                event=welding,
                person=p,
                delegation=p.employer,
                bib=f"LF1{len(WELDING) + i + 1:02d}",
                status=status,
                status_reason=reason,
                source=DEMO,
                is_demo=True,
            )
            extra.append(entry)
        theory, practical = list(welding.components.order_by("order", "id"))
        Mark.objects.create(entry=extra[1], component=theory, value=Decimal("86.00"))
        Mark.objects.create(entry=extra[1], component=practical, value=Decimal("88.00"))

        for event in events:
            event_lock_scores(event=event, by=None, reason="演示数据：成绩核对无误")
            event_publish_results(event=event, by=None)

        self.fix_timestamps(competition, people, employers)
        event_ids = [e.pk for e in events]
        registered_count_refresh(event_ids)  # the entries above were written directly
        return [
            *employers,
            *Person.objects.filter(pk__in=[p.pk for p in people]).order_by("pk"),
            *Event.objects.filter(pk__in=event_ids).order_by("pk"),
            *Entry.objects.filter(event_id__in=event_ids).order_by("pk"),
            *Mark.objects.filter(entry__event_id__in=event_ids).order_by("pk"),
            *Result.objects.filter(entry__event_id__in=event_ids).order_by("pk"),
            *ScoreChange.objects.filter(event_id__in=event_ids).order_by("pk"),
        ]

    def fix_timestamps(self, competition, people, employers):
        """Contest-day times instead of 'now', so the fixture is the same on every run."""
        day = CONTEST_DAY
        events = competition.events.all()
        Organization.objects.filter(pk__in=[o.pk for o in employers]).update(created_at=day, updated_at=day)
        Person.objects.filter(pk__in=[p.pk for p in people]).update(created_at=day, updated_at=day)
        Entry.objects.filter(event__in=events).update(created_at=day, updated_at=day)
        scored = day.replace(hour=16)
        Mark.objects.filter(entry__event__in=events).update(updated_at=scored)
        ScoreChange.objects.filter(event__in=events, field__in=[ScoreChangeField.IMPORT, ScoreChangeField.TIME]).update(
            changed_at=scored
        )
        ScoreChange.objects.filter(event__in=events, field=ScoreChangeField.LOCK).update(
            changed_at=day.replace(hour=17)
        )
        ScoreChange.objects.filter(event__in=events, field=ScoreChangeField.PUBLISH).update(
            changed_at=day.replace(day=21, hour=10)
        )
        computed = day.replace(hour=17)
        Result.objects.filter(entry__event__in=events).update(created_at=computed, updated_at=computed)
        events.update(
            updated_at=computed,
            results_computed_at=computed,
            scores_locked_at=computed,
            results_published_at=day.replace(day=21, hour=10),
        )

    # --- accounts --------------------------------------------------------------------------------

    def create_judge_accounts(self, password):
        competition = Competition.objects.filter(slug=SLUG).first()
        if competition is None:
            raise CommandError("请先加载 fixtures（loaddata fixtures/*.json）")
        events = [e for e in (competition.events.filter(name="焊工").first(),) if e]
        with transaction.atomic():
            panel = demo_judge_panel(password)
            for user, chief in panel:
                for event in events:
                    judge_assign(event=event, user=user, by=None, is_chief=chief)
        self.stdout.write("演示裁判账号（赛项：" + "、".join(f"{e.competition.name} {e.name}" for e in events) + "）：")
        for user, _chief in panel:
            self.stdout.write(f"  用户名 {user.username:<10} 密码 {password}   {user.first_name}")


# The demo judge panel: a chief judge and five judges (accounts are never written to fixtures).
DEMO_JUDGES = [("lf-chief", "演示裁判长", True)] + [(f"lf-judge{i}", f"演示裁判{i}", False) for i in range(1, 6)]


def demo_judge_panel(password: str) -> list[tuple]:
    """The demo judges' accounts, created or reset to ``password``: [(user, is_chief)]."""
    User = get_user_model()
    panel = []
    for username, full_name, chief in DEMO_JUDGES:
        user, _created = User.objects.get_or_create(username=username)
        user.first_name = full_name
        user.is_staff = user.is_superuser = False
        user.set_password(password)
        user.save()
        panel.append((user, chief))
    return panel
