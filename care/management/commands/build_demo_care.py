"""Fictitious demo care for the seed honourees (run by ``make run`` after the fixtures are loaded).

    python manage.py build_demo_care [--today YYYY-MM-DD]

The people holding an honour that carries 劳模待遇 in the seed fixtures (姚正新 江苏省五一劳动奖章,
李春成 and 赵刚 盐城市劳动模范) get fictitious care entries marked 演示 (``is_demo``): a health check
last year (so one is due this year), festival 慰问金, allowance payments, a visit, a 疗休养 two years
ago, and a 困难帮扶 application waiting. Their life status, contact and next of kin are left as the
records give them (not known): nothing fictitious is said about a real person but the demo entries.
One fictitious 天津市劳动模范 (a made-up person, made-up ID number, marked 演示) turns 80 next month,
so the birthday list has someone; 天津市总工会 gets a demo 疗休养 batch filled from the due list.

Dates are computed from today, so the lists are never stale; nothing of it is in the fixtures (the
fixture counts stay as they are). Running it again changes nothing.
"""

import datetime as dt
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from awards.models import Award, HonorType
from core.idcard import make_demo_id_number
from directory.models import Gender, Organization, Person

from ...models import CareEvent, CareKind
from ...selectors import subject_list
from ...services import batch_create, batch_fill, care_event_record, hardship_apply

DEMO = "演示数据（虚构）"
DEMO_ELDER = "蒋德明"  # made up; a man's given name (core.demo_names), ID number made up to match
ELDER_UNIT = "（演示）津沽机械制造有限公司"


def _months_ago(today: dt.date, months: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 10)


class Command(BaseCommand):
    help = "为种子荣誉获得者生成虚构的演示关爱记录（标注“演示”），日期按今天计算"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按该日期生成（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = parse_date(options["today"]) if options.get("today") else timezone.localdate()
        if CareEvent.objects.filter(is_demo=True).exists():
            self.stdout.write("已有演示关爱数据，未做更改")
            return
        with transaction.atomic():
            self._elder(today)
            subjects = {s.person.name: s for s in subject_list(None)}
            made = 0
            for name, s in subjects.items():
                made += self._entries(s, today)
                if name == "赵刚":
                    hardship_apply(
                        person_id=s.pk,
                        by=None,
                        received_on=today - dt.timedelta(days=3),
                        reason="（演示）家属住院，申请困难帮扶",
                        is_demo=True,
                    )
            tianjin = Organization.objects.filter(name="天津市总工会", parent__isnull=True).first() or (
                Organization.objects.filter(name="天津市总工会").first()
            )
            if tianjin is not None:
                start = today + dt.timedelta(days=30)
                batch = batch_create(
                    organization=tianjin,
                    by=None,
                    name=f"{start.year}年劳模疗休养第一批（演示）",
                    base="（演示）蓟州疗休养基地",
                    start_date=start,
                    end_date=start + dt.timedelta(days=6),
                    places=20,
                    is_demo=True,
                )
                batch_fill(batch=batch, by=None, today=today)
        self.stdout.write(f"演示关爱数据：{len(subjects)}位关爱对象，{made}条台账记录（均标注演示）")

    def _elder(self, today: dt.date) -> None:
        honour = HonorType.objects.filter(name="天津市劳动模范").first()
        unit = Organization.objects.filter(name=ELDER_UNIT).first()
        if honour is None or unit is None:
            return
        month = _months_ago(today, -1)
        born = dt.date(month.year - 80, month.month, 12)
        person, _ = Person.objects.get_or_create(
            name=DEMO_ELDER,
            employer=unit,
            is_demo=True,
            defaults={
                "gender": Gender.MALE,
                "birth_date": born,
                "source": DEMO,
                "id_number": make_demo_id_number("120101", born, 77, Gender.MALE),
            },
        )
        Award.objects.get_or_create(
            person=person,
            honor_type=honour,
            year=1995,
            defaults={
                "recipient_name": person.name,
                "gender": Gender.MALE,
                "is_demo": True,
                "source": DEMO,
                "unit_and_title": unit.name,
            },
        )

    def _entries(self, s, today: dt.date) -> int:
        def record(kind, date, amount=None, note=""):
            if date > today:
                return 0
            care_event_record(
                person_id=s.pk,
                kind=kind,
                date=date,
                by=None,
                amount=amount,
                note=f"（演示）{note}".rstrip(),
                is_demo=True,
                subject=s,
            )
            return 1

        n = 0
        n += record(CareKind.HEALTH_CHECK, dt.date(today.year - 1, 5, 20), note="年度健康体检")
        n += record(CareKind.FESTIVAL, dt.date(today.year, 1, 20), Decimal("1000.00"), "春节慰问金")
        n += record(CareKind.VISIT, dt.date(today.year, 4, 28), note="五一走访慰问")
        if s.person.name == "李春成":
            for months in (3, 2, 1):
                n += record(CareKind.ALLOWANCE, _months_ago(today, months), Decimal("500.00"), "荣誉津贴")
        if s.person.name == "赵刚":
            n += record(CareKind.RECUPERATION, dt.date(today.year - 2, 9, 10), note="劳模疗休养")
        return n
