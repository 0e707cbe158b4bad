"""additions_needed (feasibility at submission) and the derived 女性 flag."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from awards.rules.composition import (
    COUNTED,
    FEMALE,
    Candidate,
    CompositionRule,
    additions_needed,
    check_composition,
    derive_flags,
)


def cands(qualifying, total, flag="is_industrial_worker"):
    return [
        Candidate(id=i, name=f"人员{i}", flags=frozenset({flag} if i < qualifying else set()), status=COUNTED)
        for i in range(total)
    ]


def test_female_is_derived_from_gender_and_never_trusted_from_input():
    assert FEMALE in derive_flags(set(), non_public=False, female=True)
    assert FEMALE not in derive_flags({FEMALE}, non_public=False, female=False)


def test_passing_rule_needs_no_additions():
    rule = CompositionRule("i", "产业工人", "is_industrial_worker", min_share=Decimal("0.35"))
    result = check_composition(cands(7, 20), [rule]).results[0]
    assert result.ok and additions_needed(result) == 0


def test_minimum_short_of_35_percent_of_ten():
    rule = CompositionRule("i", "产业工人", "is_industrial_worker", min_share=Decimal("0.35"))
    result = check_composition(cands(2, 10), [rule]).results[0]
    # (2 + k) / (10 + k) ≥ 0.35 → 0.65k ≥ 1.5 → k = 3
    assert additions_needed(result) == 3


def test_cap_is_fixed_by_adding_non_qualifying_nominees():
    rule = CompositionRule("l", "企业负责人", "is_enterprise_leader", max_share=Decimal("0.20"))
    result = check_composition(cands(3, 10, "is_enterprise_leader"), [rule]).results[0]
    # 3 / (10 + k) ≤ 0.2 → k ≥ 5
    assert additions_needed(result) == 5


def test_impossible_rules_answer_none():
    zero_cap = CompositionRule("l", "企业负责人", "is_enterprise_leader", max_share=Decimal("0"))
    assert additions_needed(check_composition(cands(1, 3, "is_enterprise_leader"), [zero_cap]).results[0]) is None
    full = CompositionRule("i", "产业工人", "is_industrial_worker", min_share=Decimal("1"))
    assert additions_needed(check_composition(cands(1, 3), [full]).results[0]) is None


@given(st.integers(0, 40), st.integers(1, 40), st.integers(1, 99))
def test_cap_additions_are_minimal(count, extra, cap_percent):
    total = count + extra
    cap = Decimal(cap_percent) / 100
    rule = CompositionRule("l", "企业负责人", "is_enterprise_leader", max_share=cap)
    result = check_composition(cands(count, total, "is_enterprise_leader"), [rule]).results[0]
    k = additions_needed(result)
    assert Fraction(count, total + k) <= Fraction(cap)
    if k:
        assert Fraction(count, total + k - 1) > Fraction(cap)
