"""What stops a submission: deadline, citation, places, duplicates, honours held, prerequisites, shares."""

import datetime as dt
from decimal import Decimal

import pytest

from awards.models import CampaignStatus, HonorPrerequisite, NominationStatus
from awards.selectors import checks
from awards.selectors.nominations import nominee_findings
from awards.services import nominations as nomination_services
from awards.services import quotas as quota_services
from core.errors import DomainError, NotAllowed
from directory.models import Gender
from tests.factories import AwardFactory, HonorTypeFactory
from tests.scenarios.honours import TODAY, campaign_with, refresh

S = NominationStatus


def submit(world, n, who="a", today=TODAY):
    return nomination_services.nomination_submit(nomination=n, by=world["users"][who], today=today)


def test_submission_after_the_deadline_is_refused(world, draft):
    n = draft()
    with pytest.raises(DomainError, match="推荐已于2024年03月31日截止"):
        submit(world, n, today=dt.date(2024, 4, 1))
    assert refresh(n).status == S.DRAFT


def test_submission_on_the_deadline_day_is_accepted(world, draft):
    assert submit(world, draft(), today=dt.date(2024, 3, 31)).status == S.SUBMITTED


def test_returned_nomination_may_be_resubmitted_after_the_deadline(world, draft):
    n = submit(world, draft())
    nomination_services.nomination_return(nomination=n, by=world["users"]["reviewer"], comment="补充")
    assert submit(world, n, today=dt.date(2024, 4, 5)).status == S.SUBMITTED


def test_no_submission_before_the_campaign_opens_or_after_nominations_close(world, draft):
    n = draft()
    campaign_with(world, status=CampaignStatus.PREPARING)
    with pytest.raises(DomainError, match="不接受推荐上报"):
        submit(world, n)
    campaign_with(world, status=CampaignStatus.REVIEWING)
    with pytest.raises(DomainError, match="不接受推荐上报"):
        submit(world, n)


def test_empty_or_too_long_citation_is_refused(world, draft):
    with pytest.raises(DomainError, match="请填写主要事迹"):
        submit(world, draft(citation=""))
    with pytest.raises(DomainError, match="不能超过500字"):
        draft(citation="事" * 501)


def test_places_are_enforced_per_unit_and_honour(world, draft, worker):
    for i in range(2):
        submit(world, draft(person=worker(world["b_co"], name=f"乙{i}"), nominating_org=world["b"]), who="b")
    third = draft(person=worker(world["b_co"], name="乙三"), nominating_org=world["b"], by=world["users"]["b"])
    with pytest.raises(DomainError, match="名额为2名，上报后将达到3名"):
        submit(world, third, who="b")
    line = next(q for q in checks.campaign_check(world["campaign"]).quotas if q.org == world["b"])
    assert (line.places, line.used, line.remaining, line.pending) == (2, 2, 0, 1)


def test_a_unit_without_places_for_an_honour_cannot_nominate_for_it(world, draft):
    with pytest.raises(DomainError, match="乙工会在本次评选中没有“市工人先锋号”的名额"):
        draft(nominating_org=world["b"], honor_type=world["pioneer"], organization=world["b_co"])
    # Places taken away after the draft was made: the submission is refused.
    n = draft(honor_type=world["pioneer"])
    quota_services.campaign_set_quotas(
        campaign=world["campaign"],
        by=world["users"]["city"],
        quotas=[quota_services.QuotaSpec(world["b"], world["pioneer"], 1)],
    )
    with pytest.raises(DomainError, match="甲工会在本次评选中没有“市工人先锋号”的名额"):
        submit(world, n)


def test_people_outside_the_units_subtree_cannot_be_nominated(world, draft, worker):
    with pytest.raises(DomainError, match="不在甲工会及其下级单位中"):
        draft(person=worker(world["b_co"]))
    with pytest.raises(DomainError, match="不在甲工会及其下级单位中"):
        draft(honor_type=world["pioneer"], organization=world["b_co"])


def test_honour_kind_must_match_the_recipient(world, draft, worker):
    with pytest.raises(DomainError, match="“市工人先锋号”授予集体，请选择推荐的集体"):
        nomination_services.nomination_create(
            campaign=world["campaign"],
            by=world["users"]["a"],
            nominating_org=world["a"],
            honor_type=world["pioneer"],
            person=worker(),
        )


def test_same_person_twice_in_one_campaign_names_the_earlier_nomination(world, draft, worker):
    person = worker()
    draft(person=person)
    with pytest.raises(DomainError, match=r"已在本次评选中被推荐：市五一劳动奖章（甲工会推荐，草稿）"):
        draft(person=person)


def test_a_withdrawn_nomination_does_not_block_a_new_one(world, draft, worker):
    person = worker()
    nomination_services.nomination_withdraw(nomination=draft(person=person), by=world["users"]["a"])
    assert draft(person=person).status == S.DRAFT


def test_holding_the_same_honour_within_n_years_blocks_with_the_earlier_record(world, draft, worker):
    person = worker()
    AwardFactory(person=person, honor_type=world["medal"], year=2021, decision_number="市工发〔2021〕8号")
    n = draft(person=person)
    findings = nominee_findings(n)
    assert [f.blocking for f in findings] == [True]
    assert "2021年市五一劳动奖章（市工发〔2021〕8号" in findings[0].message
    assert "5年内不得再次推荐" in findings[0].message
    with pytest.raises(DomainError, match="2021年市五一劳动奖章"):
        submit(world, n)


def test_holding_a_higher_honour_of_the_series_blocks(world, draft, worker):
    person = worker()
    national = HonorTypeFactory(name="全国五一劳动奖章", series="五一劳动奖章", level="national", reaward_years=5)
    AwardFactory(person=person, honor_type=national, year=2022)
    assert any("全国五一劳动奖章" in f.message and f.blocking for f in nominee_findings(draft(person=person)))


def test_an_award_older_than_n_years_or_revoked_or_lower_does_not_block(world, draft, worker):
    person = worker()
    AwardFactory(person=person, honor_type=world["medal"], year=2019)
    AwardFactory(person=person, honor_type=world["medal"], year=2022, status="revoked")
    county = HonorTypeFactory(name="区五一劳动奖章", series="五一劳动奖章", level="county", reaward_years=5)
    AwardFactory(person=person, honor_type=county, year=2023)
    assert nominee_findings(draft(person=person)) == []


def test_award_with_unknown_year_is_reported_for_a_person_to_check(world, draft, worker):
    person = worker()
    AwardFactory(person=person, honor_type=world["medal"], year=None)
    findings = nominee_findings(draft(person=person))
    assert [(f.blocking, "年份不详" in f.message) for f in findings] == [(False, True)]


def test_missing_prerequisite_blocks_and_a_met_one_passes(world, draft, worker):
    HonorPrerequisite.objects.create(
        honor_type=world["medal"], required_series="", required_min_level="county", description="区县级及以上荣誉"
    )
    n = draft()
    with pytest.raises(DomainError, match="须已获得区县级及以上荣誉"):
        submit(world, n)
    county = HonorTypeFactory(name="区劳动模范", series="劳动模范", level="county")
    AwardFactory(person=n.person, honor_type=county, year=2020)
    assert submit(world, n).status == S.SUBMITTED


def test_advisory_prerequisite_is_reported_but_does_not_block(world, draft):
    HonorPrerequisite.objects.create(
        honor_type=world["medal"], required_min_level="provincial", description="省部级荣誉", hard=False
    )
    n = draft()
    assert [f.blocking for f in nominee_findings(n)] == [False]
    assert submit(world, n).status == S.SUBMITTED


def test_collective_already_holding_the_honour_is_blocked(world, draft):
    world["pioneer"].reaward_years = 5
    world["pioneer"].save()
    AwardFactory(person=None, organization=world["a_co"], honor_type=world["pioneer"], year=2023)
    n = draft(honor_type=world["pioneer"])
    with pytest.raises(DomainError, match="2023年市工人先锋号"):
        submit(world, n)


def test_blank_reaward_years_means_no_restriction(world, draft):
    assert world["pioneer"].reaward_years is None
    AwardFactory(person=None, organization=world["a_co"], honor_type=world["pioneer"], year=2023)
    assert nominee_findings(draft(honor_type=world["pioneer"])) == []


def test_categories_are_taken_from_the_person_and_the_employers_ownership(world, draft, worker):
    n = draft(person=worker(is_industrial_worker=True, is_migrant_worker=True))
    assert (n.is_industrial_worker, n.is_migrant_worker, n.is_professional, n.non_public) == (True, True, False, True)
    public = draft(person=worker(world["b_co"]), nominating_org=world["b"])
    assert public.non_public is False
    edited = draft(person=worker(name="张三"), flags={"is_professional": True})
    assert edited.is_professional is True


# --- composition at submission ------------------------------------------------------------------


def test_hard_rule_blocks_when_the_places_left_cannot_reach_it(world, draft, worker):
    """5 places in all; 科教人员 ≥ 40 %: after 3 others only 2 places remain, both must be 科教."""
    quota_services.campaign_set_rules(
        campaign=world["campaign"],
        by=world["users"]["city"],
        rules=[quota_services.RuleSpec("is_science_education", min_share=Decimal("0.40"), label="科教人员")],
    )
    for i in range(2):
        submit(world, draft(person=worker(name=f"甲{i}")))
    # A third non-科教 nominee would leave 2 places, and (0 + 2) / (3 + 2) = 40 %: still reachable.
    submit(world, draft(person=worker(world["b_co"], name="乙一"), nominating_org=world["b"]), who="b")
    fourth = draft(person=worker(name="甲三"))
    with pytest.raises(DomainError, match="已无法达到“科教人员”的强制比例要求"):
        submit(world, fourth)
    scientist = draft(person=worker(world["b_co"], name="乙科", is_science_education=True), nominating_org=world["b"])
    assert submit(world, scientist, who="b").status == S.SUBMITTED


def test_advisory_rule_never_blocks_submission(world, draft, worker):
    quota_services.campaign_set_rules(
        campaign=world["campaign"],
        by=world["users"]["city"],
        rules=[quota_services.RuleSpec("female", min_share=Decimal("0.50"), hard=False, label="女性")],
    )
    for i in range(3):
        submit(world, draft(person=worker(name=f"甲{i}")))
    rule = checks.campaign_check(world["campaign"]).rules[0]
    assert (rule.state, rule.result.count, rule.result.total) == ("advisory", 0, 3)


def test_override_recorded_by_the_conferring_unit_lifts_the_block(world, draft, worker):
    [rule] = quota_services.campaign_set_rules(
        campaign=world["campaign"],
        by=world["users"]["city"],
        rules=[quota_services.RuleSpec("is_science_education", min_share=Decimal("1"), label="科教人员")],
    )
    n = draft()
    with pytest.raises(DomainError, match="科教人员"):
        submit(world, n)
    with pytest.raises(NotAllowed):
        quota_services.composition_override(
            campaign=world["campaign"], by=world["users"]["a"], rule=rule, stage="submit", reason="理由"
        )
    with pytest.raises(DomainError, match="须填写理由"):
        quota_services.composition_override(
            campaign=world["campaign"], by=world["users"]["city"], rule=rule, stage="submit", reason=""
        )
    quota_services.composition_override(
        campaign=world["campaign"], by=world["users"]["city"], rule=rule, stage="submit", reason="本地科教单位少"
    )
    assert submit(world, n).status == S.SUBMITTED
    check = checks.campaign_check(world["campaign"])
    assert check.rules[0].state == "overridden" and check.rules[0].override.reason == "本地科教单位少"


def test_women_are_counted_from_gender(world, draft, worker):
    quota_services.campaign_set_rules(
        campaign=world["campaign"],
        by=world["users"]["city"],
        rules=[quota_services.RuleSpec("female", min_share=Decimal("0.30"), hard=False)],
    )
    submit(world, draft(person=worker(name="李娜", gender=Gender.FEMALE)))
    submit(world, draft(person=worker(name="王强")))
    result = checks.campaign_check(world["campaign"]).rules[0].result
    assert (result.count, result.total, result.ok) == (1, 2, True)
