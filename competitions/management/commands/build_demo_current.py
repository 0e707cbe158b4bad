"""A fictitious competition of the current year whose registration is open today (run by ``make run``).

    python manage.py build_demo_current [--password PW] [--today YYYY-MM-DD]

On a database where the fixtures are loaded, creates through the services
“<year>年（演示）津城职工职业技能大赛” of 天津市总工会 (slug ``demo-skills-<year>``): two events
(焊工, 电工; three places per unit), the three demo units of 天津市总工会 with two contestants each in
both events (so every unit has a place left to register), the demo judge panel (lf-chief 裁判长,
lf-judge1 … lf-judge5) on both events, and registration open from two weeks before today to four
weeks after it. Nothing of it is in the fixtures: the dates are computed when the command runs.

Running it again is safe: an existing demo competition still in 草稿 or 报名中 gets its registration
window moved around today (recorded as an edit), and nothing else changes.
"""

import datetime as dt
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from competitions.models import Competition, CompetitionStatus
from competitions.services.competitions import competition_advance_status, competition_create, competition_update
from competitions.services.entries import entry_register
from competitions.services.events import event_create
from competitions.services.judges import judge_assign
from directory.models import Organization, Person

from .build_demo_results import demo_judge_panel

DEMO = "演示数据（虚构）"
ORGANIZER = "天津市总工会"
UNITS = ("（演示）津沽机械制造有限公司", "（演示）海河汽车服务有限公司", "（演示）滨城智能装备集团")
EVENTS = (("焊工", "焊工"), ("电工", "电工"))
PER_UNIT = 2  # contestants per unit and event; the events allow three
PLACES = 3


def current_demo_slug(year: int) -> str:
    return f"demo-skills-{year}"


def registration_window(today: dt.date) -> dict:
    """Open since two weeks, closing in four; the contest a week after the close, over two days."""
    closes = today + dt.timedelta(days=28)
    return {
        "registration_opens": today - dt.timedelta(days=14),
        "registration_closes": closes,
        "start_date": closes + dt.timedelta(days=7),
        "end_date": closes + dt.timedelta(days=8),
    }


class Command(BaseCommand):
    help = "创建当年的演示竞赛（报名进行中，含赛项、参赛单位、报名和裁判），日期按今天计算"

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("JIANGXIN_DEMO_PASSWORD", "jiangxin-demo"),
            help="演示裁判账号密码",
        )
        parser.add_argument("--today", default="", help="按此日期计算（YYYY-MM-DD，默认今天）")

    def handle(self, *args, password, today, **options):
        day = parse_date(today) if today else timezone.localdate()
        if day is None:
            raise CommandError("--today 须为 YYYY-MM-DD")
        organizer = Organization.objects.filter(name=ORGANIZER).first()
        units = list(Organization.objects.filter(name__in=UNITS, is_demo=True).order_by("pk"))
        if organizer is None or len(units) != len(UNITS):
            raise CommandError("请先加载 fixtures（loaddata fixtures/*.json）")
        slug = current_demo_slug(day.year)
        with transaction.atomic():
            existing = Competition.objects.filter(slug=slug).first()
            if existing is not None:
                self.refresh(existing, day)
                return
            competition = self.build(slug, day, organizer, units, password)
        self.stdout.write(
            f"演示竞赛：{competition.name}（报名 {competition.registration_opens:%Y-%m-%d} 至 "
            f"{competition.registration_closes:%Y-%m-%d}）http://127.0.0.1:8000/competitions/{slug}/"
        )

    def refresh(self, competition, day):
        if competition.status not in (CompetitionStatus.DRAFT, CompetitionStatus.REGISTRATION):
            self.stdout.write(f"演示竞赛“{competition.name}”已{competition.get_status_display()}，未改动")
            return
        competition_update(competition=competition, by=None, **registration_window(day))
        self.stdout.write(
            f"演示竞赛“{competition.name}”的报名时间已调整为 {competition.registration_opens:%Y-%m-%d} 至 "
            f"{competition.registration_closes:%Y-%m-%d}"
        )

    def build(self, slug, day, organizer, units, password):
        competition = competition_create(
            by=None,
            name=f"{day.year}年（演示）津城职工职业技能大赛",
            slug=slug,
            year=day.year,
            organizer=organizer,
            description="演示数据（虚构）：报名正在进行，可以试用单个报名、导入报名表、裁判评分和导入成绩。",
            **registration_window(day),
        )
        Competition.objects.filter(pk=competition.pk).update(is_demo=True, source=DEMO)
        events = [
            event_create(competition=competition, by=None, name=name, trade=trade, places_per_delegation=PLACES)
            for name, trade in EVENTS
        ]
        competition_advance_status(
            competition=competition, to_status=CompetitionStatus.REGISTRATION, by=None, comment="演示：开放报名"
        )
        people = {
            unit.pk: list(Person.objects.filter(employer=unit, is_demo=True).order_by("pk")[: PER_UNIT * len(events)])
            for unit in units
        }
        for number, event in enumerate(events):
            for unit in units:
                for person in people[unit.pk][number * PER_UNIT : (number + 1) * PER_UNIT]:
                    # force: the window is computed for --today, the check would use the clock
                    entry_register(event=event, person=person, delegation=unit, by=None, source=DEMO, force=True)
        panel = demo_judge_panel(password)
        for event in events:
            for user, chief in panel:
                judge_assign(event=event, user=user, by=None, is_chief=chief)
        return competition
