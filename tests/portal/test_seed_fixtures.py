"""The fixtures drawn from the five seed documents load in one call and hold what the documents name."""

from collections import Counter
from datetime import date

import pytest

from awards.models import Award, AwardTally, HonorType
from competitions.models import Competition, CompetitionStatus, Entry, Event
from core.demo_names import gender_of_given_name
from core.idcard import parse_id_number
from directory.models import Organization, Person

pytestmark = pytest.mark.django_db

S000 = "000_848752dc8e4ae529.txt"
S001 = "001_1463085c2af33462.txt"
S002 = "002_bc7aaf77e9fd1229.txt"
S003 = "003_556db5cf262beeed.txt"
S004 = "004_4ad8dda8878dd78b.txt"


def sources(model):
    return Counter(model.objects.values_list("source", flat=True))


def test_record_counts_per_seed_document(seed_data):
    orgs = sources(Organization)
    assert (orgs[S000], orgs[S001], orgs[S002], orgs[S003], orgs[S004]) == (8, 1, 12, 2, 11)
    comps = sources(Competition)
    assert (comps[S000], comps[S001], comps[S002], comps[S003], comps[S004]) == (2, 1, 2, 7, 1)
    honors = sources(HonorType)
    assert sum(honors[s] for s in (S000, S001, S002, S003, S004)) == HonorType.objects.count() == 32
    awards = sources(Award)
    assert (awards[S000], awards[S002], awards[S004]) == (1, 2, 4)
    assert sources(AwardTally)[S003] == 5


NAMED_ORGANIZATIONS = [
    "天津市总工会",
    "天津市市级机关工会联合会",
    "天津市市场监督管理委员会工会",
    "北京市总工会",
    "房山区总工会",
    "廊坊市总工会",
    "大丰区总工会",
    "建湖县总工会",
    "阜宁县总工会",
    "盐城经济技术开发区总工会",
    "滨海县总工会",
    "中建科技工会",
    "物华道消防救援站",
    "应急管理部天津消防研究所",
    "天津铁道职业技术学院",
    "首钢杏山铁矿",
    "海嘉诺药业有限公司",
    "射阳县工人文化宫",
    "鲁志宝创新工作室",
    "齐贺党员博士创新工作室",
    "宋佳党员博士创新工作室",
]


def test_named_organizations_are_present(seed_data):
    missing = [name for name in NAMED_ORGANIZATIONS if not Organization.objects.filter(name=name).exists()]
    assert missing == []


def test_short_names_used_by_the_documents(seed_data):
    assert Organization.objects.get(short_name="市场监管委工会").name == "天津市市场监督管理委员会工会"
    assert Organization.objects.get(short_name="盐城经开区总工会").name == "盐城经济技术开发区总工会"


def test_haihe_cup_2023_is_over_with_its_events(seed_data):
    haihe = Competition.objects.get(slug="haihe-cup-2023")
    assert haihe.name == "2023年“海河工匠杯”职工职业技能大赛"
    # registration closed on 2023-05-31 and the contest ended on 2023-10-31: it must not say 报名中
    assert haihe.status == CompetitionStatus.CLOSED
    assert haihe.registration_closes == date(2023, 5, 31) and haihe.end_date == date(2023, 10, 31)
    assert set(haihe.events.values_list("name", flat=True)) == {
        "焊工",
        "工业机器人系统操作员",
        "汽车维修工（新能源汽车）",
        "网络与信息安全管理员",
    }
    for event in haihe.events.all():
        weights = {c.name: c.weight for c in event.components.all()}
        assert weights == {"理论": 30, "实操": 70}


def test_langfang_2024_contests(seed_data):
    names = set(
        Event.objects.filter(competition__organizer__name="廊坊市总工会", competition__year=2024).values_list(
            "name", flat=True
        )
    )
    assert {
        "焊工",
        "网络与信息安全管理员",
        "汽车维修工(新能源汽车)",
        "工业机器人系统操作员",
        "药物检验员",
        "康复",
        "家政服务",
        "地学科普讲解员",
        "气象科普讲解员",
    } <= names


NAMED_COMPETITIONS = [
    "建功‘十四五’、奋进新征程",
    "学巴登·做五型创新职工",
    "技能比武铸匠心 建功立业新时代",
    "2022年天津市职业院校技能大赛",
    "“六比”劳动竞赛",
    "“五保一树”劳动竞赛",
]


def test_named_competitions_are_present(seed_data):
    missing = [f for f in NAMED_COMPETITIONS if not Competition.objects.filter(name__contains=f).exists()]
    assert missing == []


def test_innovation_contest_reports_fourteen_submissions(seed_data):
    assert Competition.objects.get(slug="xingshan-five-types").reported_submissions == 14


def test_vocational_contest_event(seed_data):
    assert Event.objects.filter(competition__slug="tj-vocational-2022", name="轨道车辆受电弓检测与维修").exists()


NAMED_HONOURS = [
    "全国五一劳动奖章",
    "全国五一劳动奖状",
    "天津市五一劳动奖章",
    "天津市工人先锋号",
    "江苏省五一劳动奖章",
    "阜宁县五一劳动奖章",
    "盐城市劳动模范",
    "河北省劳动模范",
    "北京大工匠",
    "最美津工",
    "全国工人先锋号",
    "天津市技术能手",
    "全国工会职工书屋示范点",
    "新时代职工创新创业之星",
    "全国示范性劳模和工匠人才创新工作室",
    "河北省先进工作者",
    "河北省先进集体",
    "全国劳动模范",
]


def test_named_honours_are_in_the_catalogue(seed_data):
    missing = [name for name in NAMED_HONOURS if not HonorType.objects.filter(name=name).exists()]
    assert missing == []


def test_medal_and_certificate_exist_at_every_level(seed_data):
    for series in ("五一劳动奖章", "五一劳动奖状"):
        levels = set(HonorType.objects.filter(series=series).values_list("level", flat=True))
        assert {"national", "provincial", "city", "county"} <= levels
    assert {"national", "provincial", "city"} <= set(
        HonorType.objects.filter(series="工人先锋号").values_list("level", flat=True)
    )


def test_named_awards(seed_data):
    assert Award.objects.get(organization__name="物华道消防救援站").honor_type.name == "全国工人先锋号"
    assert Award.objects.get(organization__name="物华道消防救援站").year == 2023
    assert Award.objects.get(person__name="姚正新").honor_type.name == "江苏省五一劳动奖章"
    for name in ("李春成", "赵刚"):
        assert Award.objects.get(person__name=name).honor_type.name == "盐城市劳动模范"
    assert Award.objects.get(organization__name="射阳县工人文化宫").honor_type.name == "全国工会职工书屋示范点"


def test_langfang_2024_totals_can_be_counted(seed_data):
    tallies = {
        t.honor_type.name: t.count
        for t in AwardTally.objects.filter(year=2024, organization__name="廊坊市总工会").select_related("honor_type")
    }
    assert tallies == {
        "全国五一劳动奖章": 3,
        "全国工人先锋号": 2,
        "河北省劳动模范": 49,
        "河北省先进工作者": 17,
        "河北省先进集体": 12,
    }


def test_real_people_carry_no_invented_id_number(seed_data):
    assert not Person.objects.filter(is_demo=False, id_number__isnull=False).exists()


def test_demo_people_have_valid_made_up_ids_and_are_marked(seed_data):
    demo = Person.objects.filter(is_demo=True)
    assert demo.count() >= 40
    for person in demo:
        info = parse_id_number(person.id_number)
        assert info.gender == person.gender
        assert info.birth_date == person.birth_date
        # the 17th digit decides the gender (odd: male), and the given name fits it
        assert int(person.id_number[16]) % 2 == (1 if person.gender == "M" else 0)
        assert gender_of_given_name(person.name) == person.gender, person.name
    haihe_entries = Entry.objects.filter(event__competition__slug="haihe-cup-2023").select_related("person")
    assert haihe_entries.count() >= 40
    assert all(e.person.is_demo and e.is_demo for e in haihe_entries)
