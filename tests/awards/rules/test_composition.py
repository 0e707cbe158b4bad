from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.rules.composition import (
    COUNTED,
    DEFAULT_ENTERPRISE_LEADER_CAP,
    FEMALE,
    NATIONAL_MEDAL_2024_RULES,
    PENDING,
    Candidate,
    CompositionRule,
    QuotaLine,
    additions_needed,
    check_composition,
    check_quotas,
    derive_flags,
    format_share,
    national_medal_2024_rules,
)


def person(i, base=(), *, non_public=False, status=COUNTED):
    return Candidate(
        id=i, name=f"人员{i}", flags=derive_flags(set(base), non_public=non_public), status=status
    )


def boundary_campaign(industrial=35, leaders=20):
    """100 counted nominees sitting exactly on the 2024 minimums (and on the default cap)."""
    bases = []
    for i in range(industrial):
        bases.append({"is_industrial_worker", "is_frontline"} | ({"is_migrant_worker"} if i < 10 else set()))
    bases += [{"is_frontline"}] * 20
    bases += [{"is_science_education", "is_professional"}] * 20
    bases += [{"is_enterprise_leader"}] * leaders
    bases += [set()] * (100 - len(bases))  # 管理和其他人员
    assert len(bases) == 100
    # Exactly 35 work in the non-public sector.
    return [person(i, base, non_public=i < 35) for i, base in enumerate(bases)]


def by_key(report):
    return {r.rule.key: r for r in report.results}


def test_derive_flags():
    assert derive_flags({"is_professional"}, non_public=False) == {
        "is_professional",
        "is_frontline_or_professional",
    }
    # "其他" 一线职工: an industrial worker or a 科教 professional is already counted elsewhere.
    assert "is_frontline_or_professional" not in derive_flags(
        {"is_industrial_worker", "is_frontline"}, non_public=False
    )
    assert "is_frontline_or_professional" not in derive_flags(
        {"is_science_education", "is_professional"}, non_public=False
    )
    assert derive_flags(set(), non_public=True) == {"non_public"}
    # Stale derived flags are recomputed, not trusted.
    assert derive_flags({"non_public", "is_frontline_or_professional"}, non_public=False) == frozenset()
    with pytest.raises(ValueError, match="is_farmer"):
        derive_flags({"is_farmer"}, non_public=False)


def test_2024_rules_shape():
    keys = [r.key for r in NATIONAL_MEDAL_2024_RULES]
    assert keys == [
        "industrial_worker",
        "frontline_or_professional",
        "science_education",
        "migrant_worker",
        "non_public",
        "enterprise_leader",
    ]
    mins = {r.key: r.min_share for r in NATIONAL_MEDAL_2024_RULES}
    assert mins["industrial_worker"] == Decimal("0.35")
    assert mins["migrant_worker"] == Decimal("0.10")
    assert NATIONAL_MEDAL_2024_RULES[-1].max_share == DEFAULT_ENTERPRISE_LEADER_CAP
    assert national_medal_2024_rules(enterprise_leader_cap=Decimal("0.1"))[-1].max_share == Decimal("0.1")
    assert len(national_medal_2024_rules(enterprise_leader_cap=None)) == 5
    assert all(r.hard for r in NATIONAL_MEDAL_2024_RULES)


def test_exactly_at_the_boundaries_passes():
    report = check_composition(boundary_campaign(), NATIONAL_MEDAL_2024_RULES)
    assert report.ok_hard and report.ok_all and report.blocking == []
    r = by_key(report)
    assert (r["industrial_worker"].count, r["industrial_worker"].total) == (35, 100)
    assert r["industrial_worker"].share == Decimal("0.3500")
    assert r["industrial_worker"].share_display == "35%"
    assert r["frontline_or_professional"].count == 20
    assert r["science_education"].count == 20
    assert r["migrant_worker"].count == 10
    assert r["non_public"].count == 35
    assert r["enterprise_leader"].count == 20 and r["enterprise_leader"].ok  # cap is inclusive
    assert all(x.shortfall == 0 and x.swap_needed == 0 and x.excess == 0 for x in report.results)


def test_short_by_three():
    people = boundary_campaign(industrial=32)  # the 3 become 管理和其他人员
    people += [
        person(200, {"is_industrial_worker"}, status=PENDING),
        person(201, {"is_professional"}, status=PENDING),
        person(202, {"is_industrial_worker", "is_migrant_worker"}, status=PENDING),
    ]
    report = check_composition(people, NATIONAL_MEDAL_2024_RULES)
    assert not report.ok_hard
    r = by_key(report)["industrial_worker"]
    assert report.blocking == [r]
    assert (r.count, r.total, r.share) == (32, 100, Decimal("0.3200"))
    assert r.required == Decimal("0.35")
    # Adding: (32 + k) / (100 + k) ≥ 0.35 ⇔ k ≥ 4.62 → 5 (36/104 = 34.6 %, 37/105 = 35.2 %).
    assert r.shortfall == 5
    # Replacing: (32 + k) / 100 ≥ 0.35 → 3.
    assert r.swap_needed == 3
    assert r.fixers == [200, 202]  # pending nominations never count towards the share
    assert "还需增加5名产业工人" in r.message
    assert "或将3名不属于该类别的推荐对象替换为产业工人" in r.message


def test_cap_exceeded():
    report = check_composition(boundary_campaign(leaders=25), NATIONAL_MEDAL_2024_RULES)
    r = by_key(report)["enterprise_leader"]
    assert not r.ok and r in report.blocking
    assert r.share_display == "25%"
    # Withdrawing: (25 − k) / (100 − k) ≤ 0.2 ⇔ k ≥ 6.25 → 7 (19/94 = 20.2 %, 18/93 = 19.4 %).
    assert r.excess == 7
    assert r.swap_needed == 5
    assert r.fixers == []
    assert "须减少7名企业负责人" in r.message


def test_advisory_rule_does_not_block():
    rules = [
        *NATIONAL_MEDAL_2024_RULES,
        CompositionRule(
            "new_employment", "新就业形态劳动者", "is_new_employment", min_share="0.05", hard=False
        ),
    ]
    report = check_composition(boundary_campaign(), rules)
    assert report.ok_hard
    assert not report.ok_all
    assert report.blocking == []
    assert [r.rule.key for r in report.advisories] == ["new_employment"]
    assert report.advisories[0].shortfall == 6  # k / (100 + k) ≥ 0.05 ⇔ k ≥ 5.26


def test_empty_campaign():
    pending = [person(1, {"is_industrial_worker"}, status=PENDING)]
    report = check_composition(pending, NATIONAL_MEDAL_2024_RULES)
    r = by_key(report)
    assert not report.ok_hard
    ind = r["industrial_worker"]
    assert (ind.count, ind.total, ind.share, ind.ok) == (0, 0, Decimal("0.0000"), False)
    assert ind.shortfall == 1  # one qualifying nominee makes 100 %
    assert ind.swap_needed is None  # nobody to replace
    assert ind.fixers == [1]
    assert ind.share_display == "0%"
    assert r["enterprise_leader"].ok  # 0 % is under any cap
    assert len(report.blocking) == 5


def test_rounded_share_cannot_pass():
    # 8749 / 25000 = 34.996 %, shown as 35 % but still below the minimum.
    people = [person(i, {"is_industrial_worker"} if i < 8749 else ()) for i in range(25000)]
    rule = CompositionRule("industrial_worker", "产业工人", "is_industrial_worker", min_share=Decimal("0.35"))
    r = check_composition(people, [rule]).results[0]
    assert r.share == Decimal("0.3500")
    assert not r.ok
    assert r.swap_needed == 1
    assert r.shortfall == 2  # 0.65 k ≥ 1


def test_full_minimum_cannot_be_reached_by_adding():
    rule = CompositionRule("all_frontline", "一线职工", "is_frontline", min_share=1)
    r = check_composition([person(1, {"is_frontline"}), person(2)], [rule]).results[0]
    assert not r.ok
    assert r.shortfall is None
    assert r.swap_needed == 1


def test_invalid_input():
    with pytest.raises(ValueError):
        CompositionRule("x", "x", "is_frontline")
    with pytest.raises(ValueError):
        CompositionRule("x", "x", "is_frontline", min_share=Decimal("0.5"), max_share=Decimal("0.4"))
    with pytest.raises(ValueError):
        CompositionRule("x", "x", "is_frontline", min_share=Decimal("1.5"))
    with pytest.raises(ValueError):
        Candidate(1, "张三", frozenset(), "draft")
    with pytest.raises(ValueError, match="重复"):
        check_composition([person(1), person(1)], NATIONAL_MEDAL_2024_RULES)


def test_format_share():
    assert format_share(Decimal("0.3500")) == "35%"
    assert format_share(Decimal("0.3333")) == "33.33%"
    assert format_share(Decimal("0.3450")) == "34.5%"
    assert format_share(Decimal("1.0000")) == "100%"


def test_quotas():
    lines = check_quotas(
        {("tj", "medal"): 3, ("tj", "pioneer"): 2, ("bh", "medal"): 1},
        {("tj", "medal"): 3, ("tj", "pioneer"): 4, ("hd", "medal"): 1},
    )
    assert lines == [
        QuotaLine("tj", "medal", 3, 3),
        QuotaLine("tj", "pioneer", 2, 4),
        QuotaLine("bh", "medal", 1, 0),
        QuotaLine("hd", "medal", 0, 1),  # nominated without any allocation
    ]
    assert [(q.remaining, q.over, q.ok) for q in lines] == [
        (0, 0, True),
        (0, 2, False),
        (1, 0, True),
        (0, 1, False),
    ]
    with pytest.raises(ValueError):
        check_quotas({("tj", "medal"): -1}, {})


def _frac(a, b):
    return Fraction(a, b) if b else Fraction(0)


def _rule_report(count, total, **shares):
    people = [person(i, {"is_frontline"} if i < count else ()) for i in range(total)]
    rule = CompositionRule("r", "一线职工", "is_frontline", **shares)
    return check_composition(people, [rule]).results[0]


counts = st.integers(min_value=0, max_value=300).flatmap(
    lambda total: st.tuples(st.integers(min_value=0, max_value=total), st.just(total))
)
grid_shares = st.integers(min_value=0, max_value=9999).map(lambda n: Decimal(n) / 10000)


@given(counts, grid_shares)
def test_shortfall_and_swap_are_minimal(ct, m):
    count, total = ct
    r = _rule_report(count, total, min_share=m)
    mf = Fraction(m)
    k = r.shortfall
    assert r.ok == (k == 0)
    assert _frac(count + k, total + k) >= mf
    if k > 0:
        assert _frac(count + k - 1, total + k - 1) < mf
    s = r.swap_needed
    if s is None:
        assert total == 0 and not r.ok
    else:
        assert count + s <= total
        assert _frac(count + s, total) >= mf
        if s > 0:
            assert _frac(count + s - 1, total) < mf


@given(counts, grid_shares)
def test_excess_is_minimal(ct, cap):
    count, total = ct
    r = _rule_report(count, total, max_share=cap)
    capf = Fraction(cap)
    k = r.excess
    assert r.ok == (k == 0)
    assert 0 <= k <= count
    assert _frac(count - k, total - k) <= capf
    if k > 0:
        assert _frac(count - k + 1, total - k + 1) > capf
        assert _frac(count - r.swap_needed, total) <= capf
        assert _frac(count - r.swap_needed + 1, total) > capf


# --- additions_needed (feasibility at submission) and the derived 女性 flag. ----------

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
