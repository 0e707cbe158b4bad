"""Build a province-sized, fictitious data set for the benchmarks (issue 13):

    python manage.py build_scale_data --entries 1000000 --awards 100000 [--people N] [--seed S]

One union tree (省总工会 → 16 city unions → 8 county unions each → employers), people with
made-up ID numbers (valid check digits), competitions whose events hold the entries — the first
competition is published and its first event is the big one (min(100 000, entries/2) entries) —
results for every published competition, awards, and one campaign with its nominations. Every row
is written with ``core.bulk.insert_many`` (COPY on PostgreSQL), in one transaction. Every record is
``is_demo`` with source ``规模测试数据（虚构）``. The account ``scale-organiser`` (password
``--password``) organises the tree's root; benchmarks log in as it.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from awards.models import (
    Award,
    Campaign,
    CampaignStatus,
    CompositionRule,
    HonorCategory,
    HonorType,
    Nomination,
    NominationStatus,
    Quota,
    RecipientKind,
)
from awards.rules.composition import national_medal_2024_rules
from competitions.models import (
    Competition,
    CompetitionKind,
    CompetitionStatus,
    Entry,
    EntryStatus,
    Event,
    Level,
    Prize,
    Result,
    ScoreComponent,
)
from competitions.services.common import registered_count_refresh
from core.bulk import bulk_update_rows, insert_many
from core.idcard import make_demo_id_number
from core.strokes import stroke_key
from core.text import match_key
from directory.models import Membership, Organization, OrgKind, Person, Role, SkillLevel, UnionLevel

SOURCE = "规模测试数据（虚构）"
ROOT_NAME = "规模测试省总工会"
ORGANISER = "scale-organiser"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫"]
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉文斌鹏辉俊海波宁晨宇浩然子轩梓涵"
    "欣怡雨彤佳琪思远博文天佑嘉怡晓东立新春生振华德明永刚玉兰凤英淑珍金凤海燕丽娟秀珍桂芳建华"
)


def _words(text: str) -> list[str]:
    return text.split()


CITY_NAMES = _words("东湖 西山 南岭 北原 临江 安平 永宁 长乐 青川 白河 云泽 金城 玉田 石门 宝丰 兴隆")
INDUSTRIES = _words("机械 电力 建设 交通 化工 纺织 食品 电子 冶金 能源 物流 医药 环保 通信 航运")
TRADES = _words("焊工 电工 钳工 车工 数控车工 汽车维修工 砌筑工 美发师 茶艺师 育婴员 网络安全管理员 保育师")
JOBS = ["班组长", "技术员", "操作工", "技师", "高级技师", "车间主任", "工程师", "质检员"]
P, C, IND, COL = Level.PROVINCIAL, Level.CITY, RecipientKind.INDIVIDUAL, RecipientKind.COLLECTIVE
HONOURS = [
    # name, series, level, kind, category, precedence
    ("规模测试省五一劳动奖章", "五一劳动奖章", P, IND, HonorCategory.LABOUR_MEDAL, 10),
    ("规模测试省劳动模范", "劳动模范", P, IND, HonorCategory.MODEL_WORKER, 5),
    ("规模测试省技术能手", "技术能手", P, IND, HonorCategory.SKILL, 30),
    ("规模测试市五一劳动奖章", "五一劳动奖章", C, IND, HonorCategory.LABOUR_MEDAL, 40),
    ("规模测试市技术能手", "技术能手", C, IND, HonorCategory.SKILL, 50),
    ("规模测试省五一劳动奖状", "五一劳动奖状", P, COL, HonorCategory.LABOUR_MEDAL, 20),
    ("规模测试省工人先锋号", "工人先锋号", P, COL, HonorCategory.PIONEER, 25),
    ("规模测试市工人先锋号", "工人先锋号", C, COL, HonorCategory.PIONEER, 60),
]
AREAS = ["120101", "120102", "120103", "120104", "130102", "130104", "131002", "131003", "110101", "110102"]
BIRTH_FIRST = date(1965, 1, 1)
BIRTH_DAYS = 14_600  # about 40 years of birth dates


class Command(BaseCommand):
    help = "生成规模测试数据（虚构）：组织树、人员、竞赛报名与成绩、表彰记录、评选推荐，供性能测试使用"

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=100_000, help="报名记录数（默认 100000）")
        parser.add_argument("--awards", type=int, default=10_000, help="表彰记录数（默认 10000）")
        parser.add_argument("--people", type=int, default=None, help="人员数（默认 报名数/3，至少最大赛项的人数）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
        parser.add_argument("--password", default="jiangxin-demo", help="账号 scale-organiser 的密码")

    def handle(self, *args, entries, awards, people, seed, password, **options):
        if entries < 0 or awards < 0:
            raise CommandError("数量不能为负数")
        if Organization.objects.filter(name=ROOT_NAME, parent__isnull=True).exists():
            raise CommandError(f"已存在“{ROOT_NAME}”：规模测试数据只能生成一次，请使用新的数据库。")
        self.rng = random.Random(seed)  # noqa: S311 (fictitious data, reproducible)
        big = min(100_000, entries // 2)
        people = people or max(entries // 3, big, 1000)
        if people < big:
            raise CommandError(f"人员数至少要等于最大赛项的报名数（{big}）")
        self.started = time.perf_counter()
        with transaction.atomic():
            self.build_tree()
            self.build_people(people)
            self.build_competitions(entries, big)
            self.build_awards(awards)
            self.build_campaign(max(100, awards // 10))
            user, _ = get_user_model().objects.get_or_create(username=ORGANISER)
            user.first_name = "规模测试组织者"
            user.set_password(password)
            user.save()
            Membership.objects.get_or_create(user=user, organization=self.root, role=Role.ORGANIZER)
        if connection.vendor == "postgresql":
            # planner statistics and the visibility map for the new rows, as autovacuum would make them
            # a little later (without the map, counts on an index still visit every row's page)
            # (VACUUM cannot run inside a transaction, e.g. a test's: there ANALYZE alone)
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(command)
            self.say(command)
        self.say(f"完成：账号 {ORGANISER} 为“{ROOT_NAME}”的组织者")

    def say(self, text):
        self.stdout.write(f"[{time.perf_counter() - self.started:7.1f}s] {text}")

    # --- organisations ------------------------------------------------------------------------

    def _orgs(self, rows: list[dict], parents: list[Organization | None]) -> list[Organization]:
        objs = [
            Organization(
                parent=parent,
                name=row["name"],
                kind=row["kind"],
                union_level=row.get("union_level", ""),
                ownership=row.get("ownership", ""),
                region=row.get("region", ""),
                name_key=match_key(row["name"]),
                stroke_key=stroke_key(row["name"], "collective"),
                source=SOURCE,
                is_demo=True,
            )
            for row, parent in zip(rows, parents, strict=True)
        ]
        objs = Organization.objects.bulk_create(objs, batch_size=500)
        if objs[0].pk is None:  # a database that returns no keys: read them back in insertion order
            ids = list(Organization.objects.filter(source=SOURCE).order_by("-id").values_list("id", flat=True))
            for obj, pk in zip(objs, reversed(ids[: len(objs)]), strict=True):
                obj.pk = obj.id = pk
        for obj in objs:
            obj.path = f"{obj.parent.path if obj.parent else ''}{obj.pk:08d}/"
            obj.depth = obj.path.count("/") - 1
        bulk_update_rows(Organization, ["path", "depth"], [(o.pk, o.path, o.depth) for o in objs], orm_max=0)
        return objs

    def build_tree(self):
        rng = self.rng
        (self.root,) = self._orgs(
            [{"name": ROOT_NAME, "kind": OrgKind.UNION, "union_level": UnionLevel.PROVINCIAL}], [None]
        )
        self.cities = self._orgs(
            [{"name": f"{c}市总工会", "kind": OrgKind.UNION, "union_level": UnionLevel.CITY, "region": c}
             for c in CITY_NAMES],
            [self.root] * len(CITY_NAMES),
        )
        county_rows, county_parents = [], []
        for city, cname in zip(self.cities, CITY_NAMES, strict=True):
            for k in range(8):
                county_rows.append({"name": f"{cname}第{k + 1}区总工会", "kind": OrgKind.UNION,
                                    "union_level": UnionLevel.COUNTY, "region": cname})
                county_parents.append(city)
        self.counties = self._orgs(county_rows, county_parents)
        emp_rows, emp_parents = [], []
        for county in self.counties:
            for k in range(15):
                industry = INDUSTRIES[(county.pk + k) % len(INDUSTRIES)]
                emp_rows.append({
                    "name": f"{county.name[:-3]}{industry}第{k + 1}有限公司",
                    "kind": OrgKind.EMPLOYER,
                    "ownership": "non_public" if rng.random() < 0.4 else "public",
                    "region": county.region,
                })
                emp_parents.append(county)
        self.employers = self._orgs(emp_rows, emp_parents)
        # the city union each employer belongs to: the delegation its people compete for
        self.city_of = {e.pk: e.parent.parent for e in self.employers}
        self.say(f"组织 {1 + len(self.cities) + len(self.counties) + len(self.employers)} 个")

    # --- people -------------------------------------------------------------------------------

    def _name(self) -> str:
        rng = self.rng
        surname = rng.choice(COMPOUND) if rng.random() < 0.01 else rng.choice(SURNAMES)
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        return surname + given

    def build_people(self, count: int):
        rng = self.rng
        employers = self.employers
        levels = [v for v, _ in SkillLevel.choices]
        keys: dict[str, str] = {}

        def rows():
            for i in range(count):
                name = self._name()
                key = keys.get(name)
                if key is None:
                    key = keys[name] = stroke_key(name)
                gender = "F" if rng.random() < 0.38 else "M"
                birth = BIRTH_FIRST + timedelta(days=(i // 500) % BIRTH_DAYS)
                area = AREAS[(i // (500 * BIRTH_DAYS)) % len(AREAS)]
                yield {
                    "name": name,
                    "gender": gender,
                    "ethnicity": "汉族" if rng.random() < 0.92 else "回族",
                    "political_status": "masses",
                    "birth_date": birth,
                    "id_number": make_demo_id_number(area, birth, i % 500, gender),
                    "phone": f"139{rng.randrange(10**8):08d}",
                    "employer_id": employers[rng.randrange(len(employers))].pk,
                    "job_title": rng.choice(JOBS),
                    "trade": rng.choice(TRADES),
                    "skill_level": rng.choice(levels),
                    "stroke_key": key,
                    "is_industrial_worker": rng.random() < 0.6,
                    "is_frontline": rng.random() < 0.7,
                    "is_migrant_worker": rng.random() < 0.1,
                    "is_professional": rng.random() < 0.2,
                    "source": SOURCE,
                    "is_demo": True,
                }

        insert_many(Person, rows())
        # (id, employer) of every new person, in insertion order
        self.people = list(Person.objects.filter(source=SOURCE).order_by("id").values_list("id", "employer_id"))
        self.say(f"人员 {len(self.people)} 人")

    # --- competitions, entries, results -------------------------------------------------------

    def build_competitions(self, total: int, big: int):
        rng = self.rng
        if total == 0:
            return
        n_comp = max(1, total // 20_000)
        sizes: list[list[int]] = []
        rest = total - big
        # competition 0: the big event and nine more taking 20 % of the rest; the others share the remainder
        first_rest = rest // 5 if n_comp > 1 else rest
        sizes.append([big, *_split(first_rest, 9)])
        for c in range(1, n_comp):
            share = (rest - first_rest) // (n_comp - 1) + (1 if c <= (rest - first_rest) % (n_comp - 1) else 0)
            sizes.append(_split(share, 10))
        statuses = [CompetitionStatus.PUBLISHED, CompetitionStatus.REGISTRATION, CompetitionStatus.SCORING,
                    CompetitionStatus.CLOSED, CompetitionStatus.IN_PROGRESS]
        people = self.people
        n_people = len(people)
        now = timezone.now()
        written = 0
        for c, event_sizes in enumerate(sizes):
            year = 2026 - (c % 8)
            status = CompetitionStatus.PUBLISHED if c == 0 else statuses[c % len(statuses)]
            competition = Competition.objects.create(
                name=f"{year}年规模测试职工职业技能大赛（第{c + 1}届）",
                slug=f"scale-{c + 1}",
                kind=CompetitionKind.SKILL,
                level=Level.PROVINCIAL if c % 3 == 0 else Level.CITY,
                year=year,
                organizer=self.root if c % 3 == 0 else self.cities[c % len(self.cities)],
                status=status,
                source=SOURCE,
                is_demo=True,
            )
            published = status in (CompetitionStatus.PUBLISHED, CompetitionStatus.CLOSED)
            for e, size in enumerate(event_sizes):
                if size == 0:
                    continue
                trade = TRADES[(c + e) % len(TRADES)]
                prefix = f"{e + 1:02d}"
                event = Event.objects.create(
                    competition=competition, name=f"{trade}（{e + 1}）", trade=trade, bib_prefix=prefix,
                    results_published=published, results_published_at=now if published else None,
                    results_computed_at=now if published else None, scores_locked=published,
                    source=SOURCE, is_demo=True,
                )
                ScoreComponent.objects.bulk_create([
                    ScoreComponent(event=event, key="theory", name="理论", weight=Decimal(30), order=1),
                    ScoreComponent(event=event, key="practical", name="实操", weight=Decimal(70), order=2),
                ])
                start = rng.randrange(n_people)
                def rows(event=event, size=size, start=start, prefix=prefix, city_of=self.city_of):
                    for k in range(size):
                        pid, employer = people[(start + k) % n_people]
                        r = rng.random()
                        status = (EntryStatus.REGISTERED if r < 0.97 else
                                  EntryStatus.WITHDRAWN if r < 0.99 else EntryStatus.DISQUALIFIED)
                        yield {
                            "event_id": event.pk, "person_id": pid, "delegation_id": city_of[employer].pk,
                            "bib": f"{prefix}{k + 1:03d}", "status": status,
                            "source": SOURCE, "is_demo": True,
                        }

                insert_many(Entry, rows())
                written += size
                if published:
                    self._results(event)
            registered_count_refresh(competition.events.all())  # 报名人数 of entries written in bulk
            self.say(f"竞赛 {c + 1}/{len(sizes)}：报名累计 {written}")

    def _results(self, event):
        rng = self.rng
        ids = list(
            Entry.objects.filter(event=event, status=EntryStatus.REGISTERED).order_by("id").values_list("id", flat=True)
        )
        scored = []
        for pk in ids:
            theory = Decimal(rng.randrange(4000, 10001)) / 100
            practical = Decimal(rng.randrange(4000, 10001)) / 100
            total = (theory * Decimal("0.3") + practical * Decimal("0.7")).quantize(Decimal("0.01"))
            scored.append((total, pk, theory, practical))
        scored.sort(key=lambda t: (-t[0], t[1]))
        n = len(scored)
        bounds = [(round(n * 0.1), Prize.FIRST), (round(n * 0.3), Prize.SECOND), (round(n * 0.6), Prize.THIRD)]
        rows = []
        rank = 0
        previous = None
        for i, (total, pk, theory, practical) in enumerate(scored):
            if total != previous:
                rank, previous = i + 1, total
            prize = next((p for limit, p in bounds if rank <= limit), Prize.NONE)
            tied = (i > 0 and scored[i - 1][0] == total) or (i + 1 < n and scored[i + 1][0] == total)
            rows.append({
                "entry_id": pk, "event_id": event.pk,
                "components": {"theory": str(theory), "practical": str(practical)},
                "total": total, "rank": rank, "tied": tied, "prize": prize,
            })
        insert_many(Result, rows)

    # --- honours ------------------------------------------------------------------------------

    def build_awards(self, count: int):
        rng = self.rng
        self.honours = []
        for name, series, level, kind, category, precedence in HONOURS:
            honour, _ = HonorType.objects.get_or_create(
                name=name,
                defaults={"series": series, "level": level, "recipient_kind": kind, "category": category,
                          "precedence": precedence, "conferring_body": self.root, "source": SOURCE,
                          "is_demo": True},
            )
            self.honours.append(honour)
        individual = [h for h in self.honours if h.recipient_kind == RecipientKind.INDIVIDUAL]
        collective = [h for h in self.honours if h.recipient_kind == RecipientKind.COLLECTIVE]
        names = dict(Person.objects.filter(source=SOURCE).values_list("id", "name")) if count else {}
        genders = dict(Person.objects.filter(source=SOURCE).values_list("id", "gender")) if count else {}
        org_names = {e.pk: e.name for e in self.employers}
        people = self.people
        seen: set[tuple] = set()
        n_collective = min(count // 10, len(self.employers) * len(collective) * 20)
        keys: dict[tuple, str] = {}

        def rows():
            made = 0
            while made < count:
                year = rng.randrange(2000, 2026)
                if made < n_collective:
                    honour = rng.choice(collective)
                    org = rng.choice(self.employers)
                    key = ("o", org.pk, honour.pk, year)
                    recipient, unit, gender, person_id, org_id = org.name, "", "", None, org.pk
                    rule = "collective"
                else:
                    honour = rng.choice(individual)
                    pid, employer = people[rng.randrange(len(people))]
                    key = ("p", pid, honour.pk, year)
                    recipient, unit, gender = names[pid], org_names[employer] + rng.choice(JOBS), genders[pid]
                    person_id, org_id, rule = pid, None, "surname"
                if key in seen:
                    continue
                seen.add(key)
                made += 1
                sk = keys.get((recipient, rule))
                if sk is None:
                    sk = keys[(recipient, rule)] = stroke_key(recipient, rule)
                conferrer = self.root if honour.level == Level.PROVINCIAL else self.cities[made % len(self.cities)]
                yield {
                    "honor_type_id": honour.pk, "honor_precedence": honour.precedence, "year": year,
                    "person_id": person_id, "organization_id": org_id, "recipient_name": recipient,
                    "gender": gender, "unit_and_title": unit, "stroke_key": sk,
                    "conferring_org_id": conferrer.pk, "decision_number": f"规模工发〔{year}〕{made % 90 + 1}号",
                    "decision_date": date(year, 4, 28), "status": "active", "source": SOURCE, "is_demo": True,
                }

        insert_many(Award, rows())
        self.say(f"表彰记录 {count} 条")

    def build_campaign(self, count: int):
        rng = self.rng
        campaign = Campaign.objects.create(
            name="2026年规模测试省五一劳动奖章、工人先锋号评选", conferring_org=self.root, year=2026,
            status=CampaignStatus.REVIEWING, source=SOURCE, is_demo=True,
        )
        individual = [h for h in self.honours if h.recipient_kind == RecipientKind.INDIVIDUAL and
                      h.level == Level.PROVINCIAL]
        campaign.honor_types.set(individual)
        Quota.objects.bulk_create([
            Quota(campaign=campaign, nominating_org=city, honor_type=h, places=max(1, count // 16))
            for city in self.cities for h in individual
        ])
        # The composition rules the campaign page checks: the 2024 national ones and a 女性 share.
        CompositionRule.objects.bulk_create([
            *(CompositionRule(campaign=campaign, flag=r.flag, label=r.label, min_share=r.min_share,
                              max_share=r.max_share, hard=r.hard) for r in national_medal_2024_rules()),
            CompositionRule(campaign=campaign, flag="female", min_share=Decimal("0.30"), hard=False),
        ])
        people = self.people
        statuses = [NominationStatus.SUBMITTED, NominationStatus.APPROVED, NominationStatus.DRAFT,
                    NominationStatus.RETURNED, NominationStatus.REJECTED]
        units = {e.pk: e.name for e in self.employers}

        def rows():
            for i in range(count):
                pid, employer = people[(i * 7919) % len(people)]
                yield {
                    "campaign_id": campaign.pk, "honor_type_id": individual[i % len(individual)].pk,
                    "nominating_org_id": self.city_of[employer].pk, "person_id": pid,
                    "unit_and_title": units[employer] + rng.choice(JOBS), "citation": "（虚构事迹）",
                    "status": statuses[i % len(statuses)], "is_frontline": rng.random() < 0.7,
                    "is_industrial_worker": rng.random() < 0.6,
                }

        insert_many(Nomination, rows())
        self.say(f"评选批次 1 个，推荐 {count} 条")


def _split(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` nearly equal, the first ones larger."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


