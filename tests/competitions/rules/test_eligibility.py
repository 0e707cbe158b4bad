import json

import pytest

from competitions.rules.eligibility import (
    EXAMPLE_RULES,
    FUNING_RULES,
    HAIHE_RULES,
    EligibilityRule,
    ResultFacts,
    eligible_for,
)
from competitions.rules.prizes import Prize


def facts(rank, level="city", cls="class1", gender="M", prize=None, kind="individual"):
    return ResultFacts(
        rank=rank,
        prize=prize,
        competition_level=level,
        competition_class=cls,
        gender=gender,
        event_kind=kind,
    )


def keys(result_facts, rules=EXAMPLE_RULES):
    return [r.key for r in eligible_for(result_facts, rules)]


def test_example_rules_have_unique_keys_and_chinese_labels():
    assert len({r.key for r in EXAMPLE_RULES}) == len(EXAMPLE_RULES)
    assert all(r.label.startswith("可") for r in EXAMPLE_RULES)
    assert all(r.source for r in EXAMPLE_RULES)


def test_haihe_first_place_city_class1():
    assert keys(facts(1)) == [
        "haihe_tianjin_may_day_medal",
        "haihe_tianjin_technical_expert",
        "skill_promotion_class1",
    ]
    honours = {r.honor_name for r in eligible_for(facts(1), HAIHE_RULES)}
    assert honours == {"天津市五一劳动奖章", "天津市技术能手"}


def test_haihe_needs_first_place_city_level_and_class1():
    assert keys(facts(2), HAIHE_RULES) == []
    assert keys(facts(1, level="provincial"), HAIHE_RULES) == []
    assert keys(facts(1, cls="class2"), HAIHE_RULES) == []


def test_skill_promotion_thresholds():
    assert "skill_promotion_class1" in keys(facts(10, level="national"))
    assert "skill_promotion_class1" not in keys(facts(11, level="national"))
    assert keys(facts(6, cls="class2")) == ["skill_promotion_class2"]
    assert keys(facts(7, cls="class2")) == []
    assert keys(facts(1, level="enterprise", cls="")) == []


def test_women_in_top_three():
    assert "march8_red_banner_nomination" in keys(facts(3, cls="", gender="F"))
    assert "march8_red_banner_nomination" not in keys(facts(4, cls="", gender="F"))
    assert "march8_red_banner_nomination" not in keys(facts(1, cls="", gender="M"))
    assert "march8_red_banner_nomination" not in keys(facts(1, cls="", gender=""))


def test_funing_first_place_county():
    assert keys(facts(1, level="county", cls="")) == ["funing_county_may_day_medal"]
    assert keys(facts(2, level="county", cls="")) == []
    assert keys(facts(1, level="city", cls=""), FUNING_RULES) == []
    assert FUNING_RULES[0].honor_name == "阜宁县五一劳动奖章"


def test_team_events_and_unranked_results_match_nothing_individual():
    assert keys(facts(1, kind="team")) == []
    assert keys(facts(None)) == []
    team_rule = EligibilityRule("team", "团体第一", max_rank=1, individual_only=False)
    assert keys(facts(1, kind="team"), [team_rule]) == ["team"]
    assert keys(facts(None, kind="team"), [team_rule]) == []


def test_prize_condition():
    rule = EligibilityRule("prized", "获一二等奖", prizes=frozenset({Prize.FIRST, Prize.SECOND}))
    assert keys(facts(5, prize=Prize.SECOND), [rule]) == ["prized"]
    assert keys(facts(5, prize=Prize.THIRD), [rule]) == []
    assert keys(facts(5, prize=None), [rule]) == []


def test_rule_without_conditions_matches_any_ranked_individual_result():
    rule = EligibilityRule("any", "参赛即可")
    assert keys(facts(99, level="enterprise", cls="", gender=""), [rule]) == ["any"]


@pytest.mark.parametrize("rule", EXAMPLE_RULES, ids=lambda r: r.key)
def test_round_trip_through_json(rule):
    data = rule.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    again = EligibilityRule.from_dict(json.loads(json.dumps(data)))
    assert again == rule
    assert hash(again) == hash(rule)


def test_to_dict_shape():
    rule = EligibilityRule("k", "标签", max_rank=3, prizes={"second", Prize.FIRST}, levels=["city"])
    assert rule.to_dict() == {
        "key": "k",
        "label": "标签",
        "max_rank": 3,
        "prizes": ["first", "second"],
        "levels": ["city"],
        "classes": [],
        "genders": [],
        "individual_only": True,
        "honor_name": "",
        "source": "",
    }
    assert rule.prizes == frozenset({Prize.FIRST, Prize.SECOND})
    assert all(isinstance(p, Prize) for p in rule.prizes)


def test_from_dict_minimal_and_strict():
    assert EligibilityRule.from_dict({"key": "k", "label": "l"}) == EligibilityRule("k", "l")
    with pytest.raises(ValueError):
        EligibilityRule.from_dict({"key": "k", "label": "l", "max_rnak": 1})
    with pytest.raises(ValueError):
        EligibilityRule.from_dict({"key": "k"})
    with pytest.raises(ValueError):
        EligibilityRule.from_dict({"key": "k", "label": "l", "prizes": ["gold"]})


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"key": ""}, ValueError),
        ({"max_rank": 0}, ValueError),
        ({"levels": "city"}, TypeError),
    ],
)
def test_invalid_rules(kwargs, error):
    with pytest.raises(error):
        EligibilityRule(**{"key": "k", "label": "l", **kwargs})
