"""Setting a competition's 资格规则: keys made from labels, all or nothing, organisers only, recorded."""

import pytest

from competitions.models import RegistrationAction, RegistrationChange
from competitions.selectors.eligibility import competition_eligibility_rules, rule_conditions
from competitions.services.eligibility import competition_set_eligibility_rules, rule_key
from core.errors import DomainError, NotAllowed
from directory.models import Role
from tests.factories import CompetitionFactory, OrganizationFactory, member_of

pytestmark = pytest.mark.django_db

MEDAL = {"label": "可申报某市五一劳动奖章", "honor_name": "某市五一劳动奖章", "max_rank": 1,
         "source": "某总工会文件（2025）第三条"}
PROMOTION = {"label": "可晋升技能等级", "max_rank": 6, "prizes": ["first", "second"], "individual_only": False}


@pytest.fixture
def competition(db):
    return CompetitionFactory(organizer=OrganizationFactory(name="某市总工会"))


def test_rule_key_is_the_labels_pinyin_and_its_position():
    assert rule_key("可申报天津市五一劳动奖章", 1) == "ke-shen-bao-tian-jin-shi-wu-yi-lao-dong-jiang-zhang-1"
    assert rule_key("可推荐三八红旗手", 3) == "ke-tui-jian-san-ba-hong-qi-shou-3"
    assert rule_key("！！", 2) == "rule-2"
    long = rule_key("可按规定晋升技能等级一类赛前十名选手可按规定晋升", 4)
    assert len(long) <= 62 and long.endswith("-4") and not long.startswith("-")


def test_organiser_sets_rules_with_generated_keys(competition):
    organiser = member_of(competition.organizer)
    rules = competition_set_eligibility_rules(
        competition=competition, by=organiser, rules=[MEDAL, {**PROMOTION, "key": "typed-by-hand"}]
    )
    assert [r.key for r in rules] == [
        "ke-shen-bao-mou-shi-wu-yi-lao-dong-jiang-zhang-1",
        "ke-jin-sheng-ji-neng-deng-ji-2",
    ]
    competition.refresh_from_db()
    stored, problems = competition_eligibility_rules(competition)
    assert problems == [] and stored == rules
    assert competition.eligibility_rules[1]["prizes"] == ["first", "second"]
    assert competition.eligibility_rules[0]["source"] == "某总工会文件（2025）第三条"  # brackets as typed
    assert rule_conditions(stored[0]) == ["第1名", "仅限个人赛项"]
    assert rule_conditions(stored[1]) == ["第6名以内", "一等奖、二等奖"]
    change = RegistrationChange.objects.get(competition=competition)
    assert (change.action, change.old_value, change.new_value, change.changed_by) == (
        RegistrationAction.COMPETITION_UPDATE, "资格规则0条", "资格规则2条", organiser
    )
    latest = competition.history.first()
    assert latest.history_user == organiser and len(latest.eligibility_rules) == 2


def test_an_empty_list_clears_the_rules(competition):
    competition_set_eligibility_rules(competition=competition, by=None, rules=[MEDAL])
    competition_set_eligibility_rules(competition=competition, by=None, rules=[])
    competition.refresh_from_db()
    assert competition.eligibility_rules == []


def test_bad_rules_are_each_reported_and_nothing_is_saved(competition):
    competition_set_eligibility_rules(competition=competition, by=None, rules=[MEDAL])
    with pytest.raises(DomainError) as caught:
        competition_set_eligibility_rules(
            competition=competition,
            by=None,
            rules=[{"label": "  "}, {"label": "名次为零", "max_rank": 0}, {"label": "错字段", "prise": ["first"]},
                   MEDAL, MEDAL],
        )
    assert caught.value.message == "资格规则有误，未保存"
    details = caught.value.details
    assert details[0] == "第1条：请填写名称"
    assert details[1].startswith("第2条“名次为零”：规则无效")
    assert details[2].startswith("第3条“错字段”：规则无效")
    assert details[3] == "名称“可申报某市五一劳动奖章”重复"
    competition.refresh_from_db()
    assert [r["label"] for r in competition.eligibility_rules] == [MEDAL["label"]]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.JUDGE])
def test_only_organisers_of_the_organiser_set_rules(competition, role):
    someone = member_of(competition.organizer, role=role)
    with pytest.raises(NotAllowed):
        competition_set_eligibility_rules(competition=competition, by=someone, rules=[MEDAL])
    elsewhere = member_of(OrganizationFactory(name="另一市总工会"))
    with pytest.raises(NotAllowed):
        competition_set_eligibility_rules(competition=competition, by=elsewhere, rules=[MEDAL])
    competition.refresh_from_db()
    assert competition.eligibility_rules == []
