"""Regenerate fixtures/*.json from the five seed documents (../shared/seeds/).

The records below are what the documents name; each carries `source` = the seed file it comes from.
Parents the documents imply but do not name are marked SUPPLEMENT. Run on an empty database:

    DATABASE_URL=sqlite:////tmp/seed.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/seed.sqlite3 python manage.py build_seed_fixtures
"""

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.models import Award, AwardTally, HonorCategory, HonorPrerequisite, HonorType, RecipientKind
from competitions.models import (
    DEFAULT_COMPONENTS,
    Competition,
    CompetitionClass,
    CompetitionKind,
    CompetitionStatus,
    Entry,
    Event,
    EventKind,
    Level,
    ScoreComponent,
)
from competitions.services.common import registered_count_refresh
from core.demo_names import demo_name
from core.idcard import make_demo_id_number
from directory.models import Gender, Organization, OrgKind, Ownership, Person, UnionLevel

S000 = "000_848752dc8e4ae529.txt"  # 天津市级机关工会联合会 助力“十项行动”
S001 = "001_1463085c2af33462.txt"  # 天津市总工会 20项措施（繁体）
S002 = "002_bc7aaf77e9fd1229.txt"  # 北京：房山区总工会、中建科技、首钢杏山铁矿
S003 = "003_556db5cf262beeed.txt"  # 廊坊市总工会 2024年工作
S004 = "004_4ad8dda8878dd78b.txt"  # 盐城：大丰、建湖、经开区、滨海、射阳、阜宁
SUPPLEMENT = "补充：上级组织（种子文件未直接提及）"
DEMO = "演示数据（虚构）"

FIXTURE_FILES = {
    "01_organizations.json": [Organization],
    "02_honor_catalogue.json": [HonorType, HonorPrerequisite],
    "03_competitions.json": [Competition, Event, ScoreComponent],
    "04_people_and_awards.json": [Person, Award, AwardTally],
    "05_demo.json": [],  # filled with is_demo records below
}


class Command(BaseCommand):
    help = "由种子文件生成 fixtures/*.json（需在空数据库上运行）"

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "fixtures"))

    def handle(self, *args, **options):
        if Organization.objects.exists():
            raise CommandError("数据库不是空的：请在新建并迁移后的空数据库上运行。")
        with transaction.atomic():
            orgs = build_organizations()
            honors = build_honor_catalogue(orgs)
            build_competitions(orgs)
            build_people_and_awards(orgs, honors)
            build_demo(orgs)
            registered_count_refresh()  # 报名人数 of the entries written above, dumped with the events
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        for filename, models in FIXTURE_FILES.items():
            if filename == "05_demo.json":
                objects = [
                    *Organization.objects.filter(is_demo=True),
                    *Person.objects.filter(is_demo=True),
                    *Entry.objects.filter(is_demo=True),
                ]
            else:
                objects = []
                for model in models:
                    qs = model.objects.order_by("pk")
                    if hasattr(model, "is_demo"):
                        qs = qs.filter(is_demo=False)
                    objects.extend(qs)
            with open(out / filename, "w", encoding="utf-8") as fh:
                serializers.serialize("json", objects, stream=fh, indent=1, ensure_ascii=False)
            self.stdout.write(f"{filename}: {len(objects)} 条")


def org(name, parent=None, *, source, kind=OrgKind.UNION, level="", short="", region="", ownership=""):
    return Organization.objects.create(
        name=name,
        parent=parent,
        source=source,
        kind=kind,
        union_level=level,
        short_name=short,
        region=region,
        ownership=ownership,
    )


def build_organizations():
    o = {}
    U, L = OrgKind, UnionLevel
    o["acftu"] = org("中华全国总工会", source=S002, level=L.NATIONAL, short="全国总工会", region="全国")
    # 天津 (省级直辖市)
    o["tj"] = org("天津市总工会", o["acftu"], source=S001, level=L.PROVINCIAL, short="市总工会", region="天津市")
    o["tj_organs"] = org(
        "天津市市级机关工会联合会", o["tj"], source=S000, level=L.CITY, short="市级机关工会", region="天津市"
    )
    o["tj_samr"] = org(
        "天津市市场监督管理委员会工会",
        o["tj_organs"],
        source=S000,
        level=L.GRASSROOTS,
        short="市场监管委工会",
        region="天津市",
    )
    o["tj_metrology"] = org(
        "天津市计量监督检测科学研究院",
        o["tj_samr"],
        source=S000,
        kind=U.INSTITUTION,
        short="市计量检测科学研究院",
        region="天津市",
        ownership=Ownership.PUBLIC,
    )
    o["tj_fire_inst"] = org(
        "应急管理部天津消防研究所",
        o["tj_organs"],
        source=S000,
        kind=U.INSTITUTION,
        short="天津消防研究所",
        region="天津市",
        ownership=Ownership.PUBLIC,
    )
    o["lu_studio"] = org("鲁志宝创新工作室", o["tj_fire_inst"], source=S000, kind=U.STUDIO, region="天津市")
    o["tj_hitech_fire"] = org(
        "天津滨海高新技术产业开发区消防救援支队",
        o["tj_organs"],
        source=S000,
        kind=U.GOVERNMENT,
        region="天津市滨海新区",
        ownership=Ownership.PUBLIC,
    )
    o["wuhuadao"] = org(
        "物华道消防救援站",
        o["tj_hitech_fire"],
        source=S000,
        kind=U.TEAM,
        region="天津市滨海新区",
        ownership=Ownership.PUBLIC,
    )
    o["tj_railway"] = org(
        "天津铁道职业技术学院",
        o["tj_organs"],
        source=S000,
        kind=U.SCHOOL,
        short="铁路学院",
        region="天津市",
        ownership=Ownership.PUBLIC,
    )
    o["tj_edu"] = org(
        "天津市教育委员会",
        o["tj"],
        source=SUPPLEMENT + "；2022年天津市职业院校技能大赛主办方",
        kind=U.GOVERNMENT,
        region="天津市",
        ownership=Ownership.PUBLIC,
    )
    # 北京
    o["bj"] = org("北京市总工会", o["acftu"], source=S002, level=L.PROVINCIAL, short="市总工会", region="北京市")
    o["fangshan"] = org("房山区总工会", o["bj"], source=S002, level=L.COUNTY, region="北京市房山区")
    o["fengtai"] = org("丰台区总工会", o["bj"], source=SUPPLEMENT, level=L.COUNTY, region="北京市丰台区")
    o["lugouqiao"] = org("卢沟桥街道总工会", o["fengtai"], source=S002, level=L.TOWNSHIP, region="北京市丰台区")
    o["shougang_mining"] = org(
        "首钢矿业公司", o["bj"], source=S002, kind=U.EMPLOYER, region="河北省迁安市", ownership=Ownership.PUBLIC
    )
    o["xingshan"] = org(
        "首钢杏山铁矿", o["shougang_mining"], source=S002, kind=U.EMPLOYER, short="杏山铁矿", ownership=Ownership.PUBLIC
    )
    o["north_vehicle"] = org("北方车辆集团", o["bj"], source=S002, kind=U.EMPLOYER, ownership=Ownership.PUBLIC)
    o["crec6"] = org("中铁六局海外分公司", o["bj"], source=S002, kind=U.EMPLOYER, ownership=Ownership.PUBLIC)
    # 中建
    o["cscec"] = org("中国建筑集团有限公司工会", o["acftu"], source=S002, level=L.NATIONAL, short="中建集团工会")
    o["cscec_tech"] = org("中建科技工会", o["cscec"], source=S002, level=L.GRASSROOTS, short="中建科技")
    o["qihe"] = org("齐贺党员博士创新工作室", o["cscec_tech"], source=S002, kind=U.STUDIO)
    o["songjia"] = org("宋佳党员博士创新工作室", o["cscec_tech"], source=S002, kind=U.STUDIO)
    # 河北 · 廊坊
    o["hb"] = org("河北省总工会", o["acftu"], source=SUPPLEMENT, level=L.PROVINCIAL, region="河北省")
    o["langfang"] = org("廊坊市总工会", o["hb"], source=S003, level=L.CITY, short="市总工会", region="河北省廊坊市")
    o["crcc_jg"] = org("中铁建工集团", o["langfang"], source=S003, kind=U.EMPLOYER, ownership=Ownership.PUBLIC)
    # 江苏 · 盐城
    o["js"] = org("江苏省总工会", o["acftu"], source=SUPPLEMENT, level=L.PROVINCIAL, region="江苏省")
    o["yc"] = org("盐城市总工会", o["js"], source=SUPPLEMENT, level=L.CITY, region="江苏省盐城市")
    o["dafeng"] = org("大丰区总工会", o["yc"], source=S004, level=L.COUNTY, region="江苏省盐城市大丰区")
    o["haijianuo"] = org("海嘉诺药业有限公司", o["dafeng"], source=S004, kind=U.EMPLOYER, region="江苏省盐城市大丰区")
    o["dafeng_teachers"] = org(
        "大丰区教师发展中心", o["dafeng"], source=S004, kind=U.INSTITUTION, ownership=Ownership.PUBLIC
    )
    o["jianhu"] = org("建湖县总工会", o["yc"], source=S004, level=L.COUNTY, region="江苏省盐城市建湖县")
    o["funing"] = org("阜宁县总工会", o["yc"], source=S004, level=L.COUNTY, region="江苏省盐城市阜宁县")
    o["yc_etdz"] = org(
        "盐城经济技术开发区总工会",
        o["yc"],
        source=S004,
        level=L.COUNTY,
        short="盐城经开区总工会",
        region="江苏省盐城市",
    )
    o["yc_etdz_team"] = org("盐城经济技术开发区劳模工匠技术服务队", o["yc_etdz"], source=S004, kind=U.TEAM)
    o["binhai"] = org("滨海县总工会", o["yc"], source=S004, level=L.COUNTY, region="江苏省盐城市滨海县")
    o["sheyang"] = org("射阳县总工会", o["yc"], source=SUPPLEMENT, level=L.COUNTY, region="江苏省盐城市射阳县")
    o["sheyang_palace"] = org(
        "射阳县工人文化宫", o["sheyang"], source=S004, kind=U.INSTITUTION, ownership=Ownership.PUBLIC
    )
    o["tinghu"] = org("亭湖区总工会", o["yc"], source=S004, level=L.COUNTY, region="江苏省盐城市亭湖区")
    o["yannan"] = org("盐南高新区总工会", o["yc"], source=S004, level=L.COUNTY, region="江苏省盐城市")
    return o


def build_honor_catalogue(o):
    """Honours named in the documents, plus the generic levels the issue asks for (source: the
    document that names them; generic ones are attributed to the document that names the series)."""
    h = {}
    IND, COL = RecipientKind.INDIVIDUAL, RecipientKind.COLLECTIVE
    HC = HonorCategory

    def honor(key, name, series, level, kind, category, precedence, source, body=None, body_name="", reaward=None):
        h[key] = HonorType.objects.create(
            name=name,
            series=series,
            level=level,
            recipient_kind=kind,
            category=category,
            precedence=precedence,
            source=source,
            conferring_body=body,
            conferring_body_name=body_name or (body.name if body else ""),
            reaward_years=reaward,
        )

    N, P, CI, CO, E = Level.NATIONAL, Level.PROVINCIAL, Level.CITY, Level.COUNTY, Level.ENTERPRISE
    honor("nat_medal", "全国五一劳动奖章", "五一劳动奖章", N, IND, HC.LABOUR_MEDAL, 10, S003, o["acftu"], reaward=5)
    honor(
        "nat_certificate", "全国五一劳动奖状", "五一劳动奖状", N, COL, HC.LABOUR_MEDAL, 20, S001, o["acftu"], reaward=5
    )
    honor("nat_pioneer", "全国工人先锋号", "工人先锋号", N, COL, HC.PIONEER, 30, S000, o["acftu"], reaward=5)
    honor("tj_medal", "天津市五一劳动奖章", "五一劳动奖章", P, IND, HC.LABOUR_MEDAL, 10, S001, o["tj"], reaward=5)
    honor("tj_certificate", "天津市五一劳动奖状", "五一劳动奖状", P, COL, HC.LABOUR_MEDAL, 20, S001, o["tj"], reaward=5)
    honor("tj_pioneer", "天津市工人先锋号", "工人先锋号", P, COL, HC.PIONEER, 30, S001, o["tj"], reaward=5)
    honor("js_medal", "江苏省五一劳动奖章", "五一劳动奖章", P, IND, HC.LABOUR_MEDAL, 10, S004, o["js"], reaward=5)
    honor("js_certificate", "江苏省五一劳动奖状", "五一劳动奖状", P, COL, HC.LABOUR_MEDAL, 20, S004, o["js"], reaward=5)
    honor("js_pioneer", "江苏省工人先锋号", "工人先锋号", P, COL, HC.PIONEER, 30, S004, o["js"], reaward=5)
    honor("yc_medal", "盐城市五一劳动奖章", "五一劳动奖章", CI, IND, HC.LABOUR_MEDAL, 10, S004, o["yc"], reaward=5)
    honor(
        "yc_certificate", "盐城市五一劳动奖状", "五一劳动奖状", CI, COL, HC.LABOUR_MEDAL, 20, S004, o["yc"], reaward=5
    )
    honor("yc_pioneer", "盐城市工人先锋号", "工人先锋号", CI, COL, HC.PIONEER, 30, S004, o["yc"], reaward=5)
    honor(
        "funing_medal", "阜宁县五一劳动奖章", "五一劳动奖章", CO, IND, HC.LABOUR_MEDAL, 10, S004, o["funing"], reaward=5
    )
    honor("funing_certificate", "阜宁县五一劳动奖状", "五一劳动奖状", CO, COL, HC.LABOUR_MEDAL, 20, S004, o["funing"])
    honor("nat_model", "全国劳动模范", "劳动模范", N, IND, HC.MODEL_WORKER, 1, S000, body_name="中共中央、国务院")
    honor(
        "nat_advanced_worker",
        "全国先进工作者",
        "先进工作者",
        N,
        IND,
        HC.MODEL_WORKER,
        2,
        S003,
        body_name="中共中央、国务院",
    )
    honor("tj_model", "天津市劳动模范", "劳动模范", P, IND, HC.MODEL_WORKER, 1, S000, body_name="天津市委、市政府")
    honor("hb_model", "河北省劳动模范", "劳动模范", P, IND, HC.MODEL_WORKER, 1, S003, body_name="河北省委、省政府")
    honor(
        "hb_advanced_worker",
        "河北省先进工作者",
        "先进工作者",
        P,
        IND,
        HC.MODEL_WORKER,
        2,
        S003,
        body_name="河北省委、省政府",
    )
    honor(
        "hb_advanced_collective",
        "河北省先进集体",
        "先进集体",
        P,
        COL,
        HC.MODEL_WORKER,
        3,
        S003,
        body_name="河北省委、省政府",
    )
    honor("yc_model", "盐城市劳动模范", "劳动模范", CI, IND, HC.MODEL_WORKER, 1, S004, body_name="盐城市委、市政府")
    honor("nat_skill", "全国技术能手", "技术能手", N, IND, HC.SKILL, 40, S000, body_name="人力资源和社会保障部")
    honor("tj_skill", "天津市技术能手", "技术能手", P, IND, HC.SKILL, 40, S000, body_name="天津市人力资源和社会保障局")
    honor(
        "nat_studio",
        "全国示范性劳模和工匠人才创新工作室",
        "示范性劳模和工匠人才创新工作室",
        N,
        COL,
        HC.INNOVATION,
        50,
        S000,
        o["acftu"],
    )
    honor(
        "tj_studio",
        "天津市示范性劳模和工匠人才创新工作室",
        "示范性劳模和工匠人才创新工作室",
        P,
        COL,
        HC.INNOVATION,
        50,
        S001,
        o["tj"],
    )
    honor("tj_innovation_star", "新时代职工创新创业之星", "职工创新创业之星", P, IND, HC.INNOVATION, 55, S001, o["tj"])
    honor("nat_reading_room", "全国工会职工书屋示范点", "职工书屋示范点", N, COL, HC.CULTURE, 60, S004, o["acftu"])
    honor(
        "funing_competition_unit",
        "阜宁县劳动和技能竞赛先进单位",
        "劳动和技能竞赛先进单位",
        CO,
        COL,
        HC.COMPETITION,
        70,
        S004,
        o["funing"],
    )
    honor(
        "hb_organisation_prize", "河北省职工文化活动优秀组织奖", "优秀组织奖", P, COL, HC.COMPETITION, 80, S003, o["hb"]
    )
    honor("bj_craftsman", "北京大工匠", "大工匠", P, IND, HC.SKILL, 45, S002, o["bj"])
    honor("tj_best_worker", "最美津工", "最美职工", P, IND, HC.OTHER, 90, S001, o["tj"])
    honor(
        "cscec_doctor_studio",
        "中建科技党员博士创新工作室",
        "创新工作室",
        E,
        COL,
        HC.INNOVATION,
        95,
        S002,
        o["cscec_tech"],
    )
    HonorPrerequisite.objects.create(
        honor_type=h["nat_model"],
        required_series="",
        required_min_level=Level.PROVINCIAL,
        description="全国劳动模范的推荐对象原则上应已获得省部级荣誉",
    )
    return h


def competition(
    slug,
    name,
    organizer,
    *,
    year,
    source,
    kind=CompetitionKind.SKILL,
    level=Level.CITY,
    cls="",
    status=CompetitionStatus.CLOSED,
    description="",
    rules=(),
    co=(),
    **extra,
):
    c = Competition.objects.create(
        slug=slug,
        name=name,
        organizer=organizer,
        year=year,
        source=source,
        kind=kind,
        level=level,
        competition_class=cls,
        status=status,
        description=description,
        eligibility_rules=list(rules),
        **extra,
    )
    c.co_organizers.set(co)
    return c


def event(comp, name, *, trade="", kind=EventKind.INDIVIDUAL, team_size=None, components=DEFAULT_COMPONENTS, **extra):
    e = Event.objects.create(
        competition=comp,
        name=name,
        trade=trade or name,
        kind=kind,
        team_size=team_size,
        source=comp.source,
        **extra,
    )
    for order, (key, label, weight) in enumerate(components):
        ScoreComponent.objects.create(event=e, key=key, name=label, weight=weight, order=order)
    return e


HAIHE_RULES = [
    {
        "key": "haihe_medal",
        "label": "可申报天津市五一劳动奖章",
        "max_rank": 1,
        "classes": ["class1"],
        "honor_name": "天津市五一劳动奖章",
    },
    {
        "key": "haihe_skill",
        "label": "可申报天津市技术能手",
        "max_rank": 1,
        "classes": ["class1"],
        "honor_name": "天津市技术能手",
    },
    {"key": "promotion_class1", "label": "可晋升技能等级（一类赛前10名）", "max_rank": 10, "classes": ["class1"]},
]
FUNING_RULES = [
    {
        "key": "funing_medal",
        "label": "可申报阜宁县五一劳动奖章（竞赛综合成绩第一名）",
        "max_rank": 1,
        "honor_name": "阜宁县五一劳动奖章",
    },
]


def build_competitions(o):
    haihe = competition(
        "haihe-cup-2023",
        "2023年“海河工匠杯”职工职业技能大赛",
        o["tj"],
        year=2023,
        source=S001,
        level=Level.PROVINCIAL,
        cls=CompetitionClass.CLASS1,
        # Registration closed on 2023-05-31 and the contest ended on 2023-10-31: 已结束 (its demo
        # contestants' results are not in the documents). The open registration to try is the
        # current year's demo competition (competitions' build_demo_current, run by make run).
        status=CompetitionStatus.CLOSED,
        registration_opens=date(2023, 4, 1),
        registration_closes=date(2023, 5, 31),
        start_date=date(2023, 6, 15),
        end_date=date(2023, 10, 31),
        description="天津市总工会联合举办的“海河工匠杯”系列技能大赛（市级一类）。各赛项第一名可按程序申报天津市五一劳动奖章和天津市技术能手。",
        rules=HAIHE_RULES,
    )
    for name in ["焊工", "工业机器人系统操作员", "汽车维修工（新能源汽车）", "网络与信息安全管理员"]:
        event(haihe, name, places_per_delegation=3)

    lf = competition(
        "langfang-skills-2024",
        "2024年廊坊市职工职业技能大赛",
        o["langfang"],
        year=2024,
        source=S003,
        description="廊坊市总工会联合多部门开展的职工职业技能竞赛（4个项目）。",
    )
    for name in ["焊工", "网络与信息安全管理员", "汽车维修工(新能源汽车)", "工业机器人系统操作员"]:
        event(lf, name)
    for slug, name, ev, desc in [
        ("langfang-drug-inspector-2024", "2024年药物检验员职工职业技能大赛", "药物检验员", "与京津工会联合举办。"),
        ("twl-rehabilitation-2024", "2024年通武廊地区康复职工职业技能竞赛", "康复", "通州、武清、廊坊三地联合举办。"),
        ("langfang-housekeeping-2024", "2024年廊坊市家政服务职业技能大赛", "家政服务", ""),
        ("langfang-geoscience-2024", "2024年廊坊市地学科普讲解员大赛", "地学科普讲解员", ""),
        ("langfang-meteorology-2024", "2024年廊坊市气象科普讲解员大赛", "气象科普讲解员", ""),
    ]:
        c = competition(slug, name, o["langfang"], year=2024, source=S003, description=desc)
        event(c, ev)
    competition(
        "wubao-yishu-2024",
        "“攻坚克难60天 决战决胜保开通”“五保一树”劳动竞赛",
        o["langfang"],
        year=2024,
        source=S003,
        kind=CompetitionKind.LABOUR,
        co=[o["crcc_jg"]],
        description="围绕京津冀区域重点工程廊坊东站工程项目，与中铁建工集团联合开展。",
    )
    competition(
        "jiangong-14th-fyp",
        "“建功‘十四五’、奋进新征程”主题劳动和技能竞赛",
        o["acftu"],
        year=2023,
        source=S000,
        kind=CompetitionKind.LABOUR,
        level=Level.NATIONAL,
        status=CompetitionStatus.IN_PROGRESS,
        co=[o["tj"], o["tj_organs"], o["cscec"]],
        description="中华全国总工会部署的主题劳动和技能竞赛；天津市级机关工会、中建集团工会等结合实际开展岗位练兵、巾帼建功等活动。",
    )
    xs = competition(
        "xingshan-five-types",
        "学巴登·做五型创新职工 创新竞赛",
        o["xingshan"],
        year=2023,
        source=S002,
        kind=CompetitionKind.INNOVATION,
        level=Level.ENTERPRISE,
        reported_submissions=14,
        description="杏山铁矿工会首期专项创新竞赛，共收到14项职工创新成果，经初选、网络投票、评审组评审后表彰。",
    )
    for name in ["生产提效型", "设备稳定型", "成本节约型", "安全保障型", "以人为本型"]:
        event(xs, name, trade="职工创新成果", components=(("review", "评审", Decimal("100")),))
    competition(
        "funing-skills-2024",
        "“技能比武铸匠心 建功立业新时代”劳动和技能竞赛",
        o["funing"],
        year=2024,
        source=S004,
        kind=CompetitionKind.LABOUR,
        level=Level.COUNTY,
        status=CompetitionStatus.IN_PROGRESS,
        rules=FUNING_RULES,
        description="围绕风电、光伏、滤料等新能源产业和特色产业举办多工种竞赛；县总工会按季开展。竞赛综合成绩第一名可按程序申报阜宁县五一劳动奖章。",
    )
    voc = competition(
        "tj-vocational-2022",
        "2022年天津市职业院校技能大赛",
        o["tj_edu"],
        year=2022,
        source=S000,
        level=Level.PROVINCIAL,
        co=[o["tj_railway"]],
        description="天津铁道职业技术学院学生参加“轨道车辆受电弓检测与维修”赛项。",
    )
    event(voc, "轨道车辆受电弓检测与维修", trade="轨道车辆检修")
    competition(
        "cscec-tech-six-comparisons",
        "中建科技“六比”劳动竞赛",
        o["cscec_tech"],
        year=2022,
        source=S002,
        kind=CompetitionKind.LABOUR,
        level=Level.ENTERPRISE,
        description="中建科技“六比”劳动竞赛总结暨党员博士创新工作室揭牌活动。",
    )


def build_people_and_awards(o, h):
    yao = Person.objects.create(
        name="姚正新", employer=o["haijianuo"], job_title="工会副主席", source=S004, is_frontline=False
    )
    li = Person.objects.create(name="李春成", employer=o["yc_etdz_team"], job_title="劳模代表", source=S004)
    zhao = Person.objects.create(name="赵刚", employer=o["yc_etdz_team"], job_title="技术服务队队员", source=S004)
    Person.objects.create(
        name="鲁志宝",
        employer=o["tj_fire_inst"],
        job_title="创新工作室领衔人",
        source=S000,
        is_professional=True,
        is_science_education=True,
    )
    Person.objects.create(
        name="齐贺",
        employer=o["cscec_tech"],
        job_title="党员博士创新工作室领军人",
        source=S002,
        is_professional=True,
        political_status="cpc",
    )
    Person.objects.create(
        name="宋佳",
        employer=o["cscec_tech"],
        job_title="党员博士创新工作室领军人",
        source=S002,
        is_professional=True,
        political_status="cpc",
    )

    Award.objects.create(
        honor_type=h["nat_pioneer"],
        year=2023,
        organization=o["wuhuadao"],
        conferring_org=o["acftu"],
        unit_and_title="天津滨海高新技术产业开发区消防救援支队物华道消防救援站",
        source=S000,
        note="2023年全国工人先锋号；市级机关工会颁授奖牌",
    )
    Award.objects.create(
        honor_type=h["js_medal"],
        person=yao,
        conferring_org=o["js"],
        unit_and_title="海嘉诺药业有限公司工会副主席",
        source=S004,
        note="年份不详：2024年3月报道时已是省五一劳动奖章获得者",
    )
    for person in (li, zhao):
        Award.objects.create(
            honor_type=h["yc_model"],
            person=person,
            unit_and_title="盐城经济技术开发区",
            source=S004,
            note="年份不详：2024年3月报道时已是盐城市劳动模范",
        )
    Award.objects.create(
        honor_type=h["nat_reading_room"],
        organization=o["sheyang_palace"],
        conferring_org=o["acftu"],
        unit_and_title="射阳县工人文化宫职工书屋",
        source=S004,
        note="年份不详：2024年3月报道“日前”授予",
    )
    for studio in (o["qihe"], o["songjia"]):
        Award.objects.create(
            honor_type=h["cscec_doctor_studio"],
            organization=studio,
            conferring_org=o["cscec_tech"],
            unit_and_title=studio.name,
            source=S002,
            note="中建科技“六比”劳动竞赛总结暨揭牌活动授牌",
        )
    for key, count in [
        ("nat_medal", 3),
        ("nat_pioneer", 2),
        ("hb_model", 49),
        ("hb_advanced_worker", 17),
        ("hb_advanced_collective", 12),
    ]:
        AwardTally.objects.create(
            honor_type=h[key],
            year=2024,
            organization=o["langfang"],
            count=count,
            source=S003,
            note="廊坊市2024年获评数量（文件只报数量，未列名单）",
        )


def build_demo(o):
    """Fictitious employers and contestants of the 2023 海河工匠杯; IDs are made up, names fit their gender."""
    rng = random.Random(2023)  # noqa: S311 - reproducible demo data, not security
    employers = [
        org(name, o["tj"], source=DEMO, kind=OrgKind.EMPLOYER, region="天津市", ownership=own)
        for name, own in [
            ("（演示）津沽机械制造有限公司", Ownership.NON_PUBLIC),
            ("（演示）海河汽车服务有限公司", Ownership.NON_PUBLIC),
            ("（演示）滨城智能装备集团", Ownership.PUBLIC),
        ]
    ]
    for employer in employers:
        employer.is_demo = True
        employer.save()
    haihe = Competition.objects.get(slug="haihe-cup-2023")
    events = list(haihe.events.order_by("pk"))
    seen = set()
    for i in range(48):
        gender = Gender.FEMALE if i % 4 == 0 else Gender.MALE
        name = demo_name(rng, gender, seen)  # a given name that fits the gender the ID number says
        birth = date(1975 + rng.randrange(25), 1 + rng.randrange(12), 1 + rng.randrange(28))
        person = Person.objects.create(
            name=name,
            gender=gender,
            ethnicity="汉族",
            birth_date=birth,
            is_demo=True,
            source=DEMO,
            id_number=make_demo_id_number("120101", birth, i + 1, gender),
            phone=f"139{rng.randrange(10**8):08d}",
            employer=employers[i % 3],
            job_title=rng.choice(["技术员", "班组长", "高级技师", "操作工", "工程师"]),
            is_industrial_worker=True,
            is_frontline=True,
        )
        ev = events[i % len(events)]
        person.trade = ev.trade
        person.save()
        Entry.objects.create(
            event=ev,
            person=person,
            delegation=employers[i % 3],
            bib=f"{ev.pk:02d}{i // len(events) + 1:03d}",
            is_demo=True,
            source=DEMO,
        )
