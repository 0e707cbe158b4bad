"""The 资格规则 formset: blank rows skipped, each bad row told beside it, hidden conditions kept."""

import pytest

from competitions.forms.eligibility import EligibilityRuleFormSet, rule_initial
from competitions.rules.eligibility import HAIHE_RULES


def post(*rows, initial=0):
    data = {"rule-TOTAL_FORMS": str(len(rows)), "rule-INITIAL_FORMS": str(initial),
            "rule-MIN_NUM_FORMS": "0", "rule-MAX_NUM_FORMS": "50"}
    for i, row in enumerate(rows):
        for name, value in row.items():
            data[f"rule-{i}-{name}"] = value
    return EligibilityRuleFormSet(data, prefix="rule")


BLANK = {"individual_only": "on"}


def test_filled_rows_become_rule_dicts_and_blank_rows_are_skipped():
    formset = post(
        {"label": " 可申报某市五一劳动奖章 ", "honor_name": "某市五一劳动奖章", "max_rank": "1",
         "individual_only": "on"},
        BLANK,
        {"label": "可推荐三八红旗手", "max_rank": "3", "genders": ["F"], "prizes": ["first", "second"]},
        {"label": "已删除", "max_rank": "2", "DELETE": "on"},
    )
    assert formset.is_valid(), formset.errors
    medal, march8 = formset.rules()
    assert medal["label"] == "可申报某市五一劳动奖章" and medal["individual_only"] is True
    assert march8 == {
        "label": "可推荐三八红旗手", "max_rank": 3, "prizes": ["first", "second"], "levels": [], "classes": [],
        "genders": ["F"], "individual_only": False, "honor_name": "", "source": "",
    }


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"honor_name": "某市五一劳动奖章", "max_rank": "1"}, "label", "请填写名称"),
        ({"label": "没有条件"}, "max_rank", "请填写名次，或勾选奖项"),
        ({"label": "名次为零", "max_rank": "0"}, "max_rank", "1"),
        ({"label": "错奖项", "prizes": ["gold"]}, "prizes", "gold"),
        ({"label": "错级别", "max_rank": "1", "levels": "city,moon"}, "levels", "moon"),
    ],
)
def test_a_bad_row_is_told_beside_it(row, field, message):
    formset = post(BLANK, row)
    assert not formset.is_valid()
    assert formset.forms[0].errors == {}
    errors = formset.forms[1].errors[field]
    assert any(message in e for e in errors), errors


def test_two_rules_with_one_name_are_refused():
    formset = post({"label": "同名", "max_rank": "1"}, {"label": "同名", "max_rank": "2"})
    assert not formset.is_valid()
    assert "同名" in formset.non_form_errors()[0]


def test_a_presets_level_and_class_conditions_survive_a_round_trip():
    initial = rule_initial(HAIHE_RULES[:1])
    assert initial[0]["levels"] == ["city"] and initial[0]["classes"] == ["class1"]
    shown = EligibilityRuleFormSet(initial=initial, prefix="rule")
    assert 'value="city"' in str(shown.forms[0]["levels"])
    formset = post({"label": HAIHE_RULES[0].label, "max_rank": "1", "levels": "city", "classes": "class1",
                    "individual_only": "on"}, initial=1)
    assert formset.is_valid(), formset.errors
    assert formset.rules()[0]["levels"] == ["city"] and formset.rules()[0]["classes"] == ["class1"]
