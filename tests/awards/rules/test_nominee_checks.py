import pytest

from awards.rules.checks import (
    ALREADY_HOLDS,
    DUPLICATE_IN_CAMPAIGN,
    LEVEL_CITY,
    LEVEL_NATIONAL,
    LEVEL_PROVINCE,
    MISSING_PREREQUISITE,
    HeldAward,
    HonorRef,
    Prerequisite,
    check_nominee,
)

NATIONAL_MEDAL = HonorRef("national_medal", "全国五一劳动奖章", "五一劳动奖章", LEVEL_NATIONAL)
TIANJIN_MEDAL = HonorRef("tj_medal", "天津市五一劳动奖章", "五一劳动奖章", LEVEL_PROVINCE)
CITY_MEDAL = HonorRef("city_medal", "滨海新区五一劳动奖章", "五一劳动奖章", LEVEL_CITY)
NATIONAL_MODEL = HonorRef("national_model", "全国劳动模范", "劳动模范", LEVEL_NATIONAL)

TJ_2021 = HeldAward(TIANJIN_MEDAL, 2021, "2021年 天津市五一劳动奖章（津工发〔2021〕8号）")
PROVINCIAL_LEVEL = Prerequisite(None, LEVEL_PROVINCE, "省部级荣誉")


def check(honor=TIANJIN_MEDAL, year=2026, held=(), others=(), reaward_years=5, prerequisites=()):
    return check_nominee(
        honor=honor,
        year=year,
        held=held,
        other_nominations_in_campaign=others,
        reaward_years=reaward_years,
        prerequisites=prerequisites,
    )


def codes(findings):
    return [f.code for f in findings]


def test_clean_nominee_has_no_findings():
    assert check() == []


def test_duplicate_in_campaign_names_the_other_nomination():
    findings = check(others=["天津市五一劳动奖章 · 河西区总工会推荐（草稿）"])
    assert codes(findings) == [DUPLICATE_IN_CAMPAIGN]
    assert "河西区总工会推荐" in findings[0].message
    assert findings[0].blocking


@pytest.mark.parametrize(
    ("year", "blocked"),
    [(2021, True), (2025, True), (2026, False), (2030, False)],
)
def test_reaward_window_boundaries(year, blocked):
    # Held 2021, 5 years: blocked while year − 2021 < 5.
    findings = check(year=year, held=[TJ_2021], reaward_years=5)
    assert codes(findings) == ([ALREADY_HOLDS] if blocked else [])
    if blocked:
        assert "2021年 天津市五一劳动奖章（津工发〔2021〕8号）" in findings[0].message
        assert "5年内" in findings[0].message
        assert findings[0].blocking


def test_none_means_never_again_and_zero_means_no_restriction():
    assert codes(check(year=2040, held=[TJ_2021], reaward_years=None)) == [ALREADY_HOLDS]
    assert "只授予一次" in check(year=2040, held=[TJ_2021], reaward_years=None)[0].message
    assert check(year=2022, held=[TJ_2021], reaward_years=0) == []
    with pytest.raises(ValueError):
        check(held=[TJ_2021], reaward_years=-1)


def test_revoked_award_is_ignored():
    revoked = HeldAward(TIANJIN_MEDAL, 2024, "2024年 天津市五一劳动奖章", revoked=True)
    assert check(year=2025, held=[revoked], reaward_years=None) == []


def test_higher_level_blocks_lower_in_same_series():
    national = HeldAward(NATIONAL_MEDAL, 2023, "2023年 全国五一劳动奖章")
    assert codes(check(honor=CITY_MEDAL, year=2025, held=[national])) == [ALREADY_HOLDS]


def test_lower_level_does_not_block_higher():
    assert check(honor=NATIONAL_MEDAL, year=2022, held=[TJ_2021], reaward_years=None) == []


def test_other_series_does_not_block():
    model = HeldAward(
        HonorRef("tj_model", "天津市劳动模范", "劳动模范", LEVEL_PROVINCE), 2024, "2024年 天津市劳动模范"
    )
    assert check(year=2025, held=[model], reaward_years=None) == []


def test_missing_prerequisite():
    city = HeldAward(CITY_MEDAL, 2022, "2022年 滨海新区五一劳动奖章")
    findings = check(honor=NATIONAL_MODEL, held=[city], prerequisites=[PROVINCIAL_LEVEL])
    assert codes(findings) == [MISSING_PREREQUISITE]
    assert "省部级荣誉" in findings[0].message
    assert findings[0].blocking


def test_prerequisite_met_by_any_series_at_level():
    assert check(honor=NATIONAL_MODEL, held=[TJ_2021], prerequisites=[PROVINCIAL_LEVEL]) == []
    # A national honour is above 省部级 and also satisfies it.
    national = HeldAward(NATIONAL_MEDAL, 2020, "2020年 全国五一劳动奖章")
    assert check(honor=NATIONAL_MODEL, held=[national], prerequisites=[PROVINCIAL_LEVEL]) == []


def test_prerequisite_series_must_match():
    needs_medal = Prerequisite("劳动模范", LEVEL_PROVINCE, "省部级劳动模范称号")
    findings = check(honor=NATIONAL_MODEL, held=[TJ_2021], prerequisites=[needs_medal])
    assert codes(findings) == [MISSING_PREREQUISITE]


def test_revoked_award_is_not_a_prerequisite():
    revoked = HeldAward(TIANJIN_MEDAL, 2021, "2021年 天津市五一劳动奖章", revoked=True)
    findings = check(honor=NATIONAL_MODEL, held=[revoked], prerequisites=[PROVINCIAL_LEVEL])
    assert codes(findings) == [MISSING_PREREQUISITE]
    assert "已撤销" in findings[0].message


def test_award_after_nomination_year_is_not_a_prerequisite():
    assert codes(
        check(honor=NATIONAL_MODEL, year=2020, held=[TJ_2021], prerequisites=[PROVINCIAL_LEVEL])
    ) == [MISSING_PREREQUISITE]


def test_advisory_prerequisite_does_not_block():
    soft = Prerequisite(None, LEVEL_PROVINCE, "省部级荣誉", hard=False)
    findings = check(honor=NATIONAL_MODEL, prerequisites=[soft])
    assert [(f.code, f.blocking) for f in findings] == [(MISSING_PREREQUISITE, False)]


def test_all_findings_together():
    findings = check(
        honor=TIANJIN_MEDAL,
        year=2024,
        held=[TJ_2021],
        others=["天津市五一劳动奖章 · 另一推荐"],
        prerequisites=[Prerequisite(None, LEVEL_NATIONAL, "全国性荣誉")],
    )
    assert codes(findings) == [DUPLICATE_IN_CAMPAIGN, ALREADY_HOLDS, MISSING_PREREQUISITE]
