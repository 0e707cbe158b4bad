"""公示 (working days, checks, overrides), objections, conferring, revoking."""

import datetime as dt
from decimal import Decimal

import pytest

from awards.models import (
    Award,
    AwardStatus,
    CampaignStatus,
    CampaignStatusChange,
    CompositionOverride,
    HolidayDate,
    HolidayYear,
    NominationStatus,
    Objection,
    ObjectionStatus,
)
from awards.services import awards as award_services
from awards.services import campaigns as campaign_services
from awards.services import nominations as nomination_services
from awards.services import objections as objection_services
from awards.services import quotas as quota_services
from core.errors import DomainError, NotAllowed
from directory.models import Gender
from tests.scenarios.honours import TODAY, campaign_with, refresh

S = NominationStatus


# In these tests only 甲 nominates although 乙 has places: starting the 公示 needs a recorded reason
# (the guard itself is pinned in test_premature_notice.py).
IDLE_UNIT_REASON = "乙工会书面报告本次不推荐"


def start(world, day, **kw):
    kw.setdefault("reason", IDLE_UNIT_REASON)
    return campaign_services.campaign_start_notice(
        campaign=world["campaign"], by=world["users"]["city"], start=day, **kw
    )


# --- working days -------------------------------------------------------------------------------


def test_notice_over_national_day_2024_counts_the_makeup_sunday_and_skips_the_holiday(world, approved):
    approved()
    campaign = start(world, dt.date(2024, 9, 27))  # Fri; Sun 29 Sep is a 调休 working day; 1–7 Oct off
    assert (campaign.notice_start, campaign.notice_end) == (dt.date(2024, 9, 27), dt.date(2024, 10, 9))
    assert campaign.status == CampaignStatus.NOTICE


def test_notice_over_spring_festival_2024(world, approved):
    approved()
    # Wed 7, Thu 8, Fri 9 Feb (除夕 worked), 10–17 Feb off, Sun 18 Feb 调休, Mon 19 Feb.
    assert start(world, dt.date(2024, 2, 7)).notice_end == dt.date(2024, 2, 19)


def test_notice_end_date_is_counted_for_the_campaigns_length(world):
    campaign_with(world, notice_working_days=7)
    # Mon 13 May 2024 + 7 working days, no holiday: Tue 21 May.
    assert campaign_services.notice_end_date(world["campaign"], dt.date(2024, 5, 13)) == dt.date(2024, 5, 21)


def test_a_year_the_calendar_does_not_know_is_a_clear_error_not_a_guess(world, approved):
    approved()
    with pytest.raises(DomainError, match="尚未录入2027年的法定节假日和调休安排"):
        start(world, dt.date(2027, 2, 1))
    assert refresh(world["campaign"]).status == CampaignStatus.NOMINATING


def test_an_admin_entered_year_is_used(world, approved):
    approved()
    arrangement = HolidayYear.objects.create(year=2027, notice="国办发明电〔2026〕X号（测试）")
    for day in range(6, 14):
        HolidayDate.objects.create(arrangement=arrangement, date=dt.date(2027, 2, day), kind="holiday", name="春节")
    HolidayDate.objects.create(arrangement=arrangement, date=dt.date(2027, 2, 14), kind="workday", name="春节调休")
    # Thu 4, Fri 5 Feb, 6–13 off, Sun 14 调休, Mon 15, Tue 16.
    assert start(world, dt.date(2027, 2, 4)).notice_end == dt.date(2027, 2, 16)


def test_the_notice_is_at_least_five_working_days(world):
    with pytest.raises(DomainError, match="不得少于5个工作日"):
        campaign_services.campaign_update(campaign=world["campaign"], by=world["users"]["city"], notice_working_days=4)


# --- starting the notice ----------------------------------------------------------------------------


def test_start_notice_publishes_every_approved_nomination_and_records_it(world, approved, draft):
    noms = approved(3)
    left_draft = draft()
    start(world, dt.date(2024, 4, 15))
    assert [refresh(n).status for n in noms] == [S.IN_NOTICE] * 3
    assert refresh(left_draft).status == S.DRAFT
    assert all(n.transitions.last().to_status == S.IN_NOTICE for n in noms)
    change = CampaignStatusChange.objects.filter(campaign=world["campaign"]).last()
    assert (change.from_status, change.to_status, change.by) == (
        CampaignStatus.NOMINATING,
        CampaignStatus.NOTICE,
        world["users"]["city"],
    )
    assert "2024-04-15至2024-04-19" in change.comment


def test_start_notice_twice_is_refused(world, approved):
    approved()
    start(world, dt.date(2024, 4, 15))
    with pytest.raises(DomainError, match="不能重复开始公示"):
        start(world, dt.date(2024, 4, 22))
    assert refresh(world["campaign"]).notice_start == dt.date(2024, 4, 15)


def test_start_notice_needs_every_submission_reviewed(world, approved, draft):
    approved()
    waiting = draft()
    nomination_services.nomination_submit(nomination=waiting, by=world["users"]["a"], today=TODAY)
    with pytest.raises(DomainError, match="尚有1条推荐未审核"):
        start(world, dt.date(2024, 4, 15))


def test_start_notice_needs_an_approved_nomination(world):
    with pytest.raises(DomainError, match="没有审核通过的推荐"):
        start(world, dt.date(2024, 4, 15))


def test_start_notice_is_refused_to_reviewers_and_nominators(world, approved):
    approved()
    for who in ("reviewer", "a"):
        with pytest.raises(NotAllowed):
            campaign_services.campaign_start_notice(
                campaign=world["campaign"], by=world["users"][who], start=dt.date(2024, 4, 15)
            )


def test_failing_hard_rule_blocks_the_notice_until_a_reason_is_recorded(world, approved):
    [rule] = quota_services.campaign_set_rules(
        campaign=world["campaign"],
        by=world["users"]["city"],
        rules=[quota_services.RuleSpec("is_industrial_worker", min_share=Decimal("0.35"), label="产业工人")],
    )
    quota_services.campaign_set_quotas(campaign=world["campaign"], by=world["users"]["city"], quotas=[])
    approved(3)
    with pytest.raises(DomainError, match="产业工人 0/3（0%），低于规定比例35%"):
        start(world, dt.date(2024, 4, 15))
    assert not CompositionOverride.objects.exists()
    start(world, dt.date(2024, 4, 15), overrides={rule.pk: "本批次一线产业工人推荐不足，经研究同意"})
    override = CompositionOverride.objects.get()
    assert (override.rule, override.stage, override.by) == (rule, "notice", world["users"]["city"])
    assert override.reason == "本批次一线产业工人推荐不足，经研究同意"


def test_advisory_rule_does_not_block_the_notice(world, approved):
    quota_services.campaign_set_rules(
        campaign=world["campaign"],
        by=world["users"]["city"],
        rules=[quota_services.RuleSpec("female", min_share=Decimal("0.5"), hard=False)],
    )
    approved(2)
    assert start(world, dt.date(2024, 4, 15)).status == CampaignStatus.NOTICE


# --- objections -----------------------------------------------------------------------------------


@pytest.fixture
def in_notice(world, approved):
    noms = approved(2)
    start(world, dt.date(2024, 4, 15))
    return [refresh(n) for n in noms]


def lodge(nomination, **kw):
    data = {
        "name": "张三",
        "contact": "13800001234",
        "content": "反映该同志事迹材料有不实之处。",
        "today": dt.date(2024, 4, 16),
    }
    data.update(kw)
    return objection_services.objection_lodge(nomination=nomination, **data)


def test_objection_needs_real_name_contact_and_content(in_notice):
    for missing in ("name", "contact", "content"):
        with pytest.raises(DomainError, match="请填写真实姓名、联系方式和异议内容"):
            lodge(in_notice[0], **{missing: " "})
    assert not Objection.objects.exists()


def test_objection_only_during_the_notice(in_notice, world, draft):
    with pytest.raises(DomainError, match="公示尚未开始"):
        lodge(in_notice[0], today=dt.date(2024, 4, 14))
    with pytest.raises(DomainError, match="不再受理异议"):
        lodge(in_notice[0], today=dt.date(2024, 4, 20))
    assert lodge(in_notice[0], today=dt.date(2024, 4, 19)).status == ObjectionStatus.OPEN


def test_answering_an_objection_only_by_the_conferring_unit_and_only_once(in_notice, world):
    objection = lodge(in_notice[0])
    with pytest.raises(NotAllowed):
        objection_services.objection_answer(
            objection=objection, by=world["users"]["a"], answer="x", outcome="dismissed"
        )
    with pytest.raises(DomainError, match="请填写核查答复"):
        objection_services.objection_answer(
            objection=objection, by=world["users"]["city"], answer="", outcome="dismissed"
        )
    objection_services.objection_answer(
        objection=objection, by=world["users"]["city"], answer="经核查不属实", outcome="dismissed"
    )
    objection = refresh(objection)
    assert (objection.status, objection.answered_by, objection.outcome) == (
        ObjectionStatus.ANSWERED,
        world["users"]["city"],
        "dismissed",
    )
    with pytest.raises(DomainError, match="不能重复答复"):
        objection_services.objection_answer(
            objection=objection, by=world["users"]["city"], answer="再答", outcome="upheld"
        )
    assert refresh(in_notice[0]).status == S.IN_NOTICE


def test_upheld_objection_revokes_the_nomination(in_notice, world):
    objection = lodge(in_notice[0])
    objection_services.objection_answer(
        objection=objection, by=world["users"]["city"], answer="情况属实", outcome="upheld"
    )
    n = refresh(in_notice[0])
    assert n.status == S.REVOKED
    assert n.transitions.last().comment == "异议属实：情况属实"


# --- conferring ---------------------------------------------------------------------------------


def confer(world, today=dt.date(2024, 4, 22), **kw):
    data = {"decision_number": "市工发〔2024〕12号", "decision_date": dt.date(2024, 4, 22)}
    data.update(kw)
    return campaign_services.campaign_confer(campaign=world["campaign"], by=world["users"]["city"], today=today, **data)


def test_confer_before_the_notice_ends_is_refused(in_notice, world):
    with pytest.raises(DomainError, match="期满后才能表彰"):
        confer(world, today=dt.date(2024, 4, 19))
    assert not Award.objects.exists()


def test_confer_creates_awards_with_snapshots_and_holds_back_open_objections(in_notice, world):
    first, second = in_notice
    first.person.gender = Gender.FEMALE
    first.person.save()
    lodge(second)
    outcome = confer(world)
    assert [a.nomination for a in outcome.awards] == [first]
    award = outcome.awards[0]
    assert (award.recipient_name, award.gender, award.unit_and_title) == (
        first.person.name,
        Gender.FEMALE,
        first.unit_and_title,
    )
    assert (award.decision_number, award.decision_date, award.year, award.conferring_org) == (
        "市工发〔2024〕12号",
        dt.date(2024, 4, 22),
        2024,
        world["city"],
    )
    assert award.display_name.endswith("(女)")
    assert refresh(first).status == S.CONFERRED and refresh(second).status == S.IN_NOTICE
    assert refresh(world["campaign"]).status == CampaignStatus.NOTICE  # one still waits

    # The snapshot does not follow later changes of the person.
    first.person.job_title = "车间主任"
    first.person.save()
    assert refresh(award).unit_and_title == first.unit_and_title


def test_after_answering_the_rest_is_conferred_and_the_campaign_closes(in_notice, world):
    objection = lodge(in_notice[1])
    confer(world)
    with pytest.raises(DomainError, match="尚有异议未答复"):
        confer(world)
    objection_services.objection_answer(
        objection=objection, by=world["users"]["city"], answer="不属实", outcome="dismissed"
    )
    outcome = confer(world)
    assert [a.nomination for a in outcome.awards] == [in_notice[1]]
    assert refresh(world["campaign"]).status == CampaignStatus.CONFERRED
    with pytest.raises(DomainError, match="不能重复表彰"):
        confer(world)
    assert Award.objects.count() == 2


def test_confer_is_refused_to_reviewers(in_notice, world):
    with pytest.raises(NotAllowed):
        campaign_services.campaign_confer(
            campaign=world["campaign"],
            by=world["users"]["reviewer"],
            decision_number="x",
            decision_date=dt.date(2024, 4, 22),
            today=dt.date(2024, 4, 22),
        )


def test_confer_needs_a_decision_number(in_notice, world):
    with pytest.raises(DomainError, match="请填写表彰文号"):
        confer(world, decision_number=" ")


def test_revoked_award_stays_visible_with_its_reason(in_notice, world):
    award = confer(world).awards[0]
    with pytest.raises(NotAllowed):
        award_services.award_revoke(award=award, by=world["users"]["a"], reason="x")
    with pytest.raises(DomainError, match="须填写理由"):
        award_services.award_revoke(award=award, by=world["users"]["city"], reason="")
    award_services.award_revoke(award=award, by=world["users"]["city"], reason="弄虚作假骗取荣誉")
    award = refresh(award)
    assert (award.status, award.revoked_reason) == (AwardStatus.REVOKED, "弄虚作假骗取荣誉")
    assert award.revoked_at is not None
    assert refresh(award.nomination).status == S.REVOKED
    with pytest.raises(DomainError, match="不能重复撤销"):
        award_services.award_revoke(award=award, by=world["users"]["city"], reason="再次")
    assert Award.objects.filter(pk=award.pk).exists()
