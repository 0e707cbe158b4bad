"""Starting the 公示 too early — before the nomination deadline, or while a unit given places has
nominated nobody — is refused without a reason; with one, it goes ahead and the reason is recorded
with the step. The start page lists who will be made public and what is premature."""

import datetime as dt

import pytest
from django.urls import reverse

from awards.models import CampaignStatus, CampaignStatusChange
from awards.selectors.campaigns import notice_warnings, units_without_nominations
from awards.services import campaigns as campaign_services
from awards.services import nominations as nomination_services
from core.errors import DomainError
from tests.scenarios.honours import TODAY, refresh

AFTER_DEADLINE = dt.date(2024, 4, 15)  # the world's deadline is 2024-03-31
BEFORE_DEADLINE = dt.date(2024, 3, 25)


def approve(world, nomination, by):
    nomination_services.nomination_submit(nomination=nomination, by=by, today=TODAY)
    nomination_services.nomination_approve(nomination=nomination, by=world["users"]["reviewer"])


@pytest.fixture
def only_a_nominated(world, draft, worker):
    approve(world, draft(person=worker(name="甲一")), world["users"]["a"])
    draft(person=worker(world["b_co"], name="乙草稿"), nominating_org=world["b"])  # a draft is not a nomination


@pytest.fixture
def both_nominated(world, draft, worker):
    approve(world, draft(person=worker(name="甲一")), world["users"]["a"])
    approve(world, draft(person=worker(world["b_co"], name="乙一"), nominating_org=world["b"]), world["users"]["b"])


def start(world, day, **kw):
    return campaign_services.campaign_start_notice(
        campaign=world["campaign"], by=world["users"]["city"], start=day, **kw
    )


def test_units_with_places_that_nominated_nobody_are_named(world, only_a_nominated):
    assert units_without_nominations(world["campaign"]) == [world["b"]]
    [warning] = notice_warnings(world["campaign"], AFTER_DEADLINE)
    assert warning == "1个有名额的推荐单位尚未报送任何推荐：乙工会"


def test_before_the_deadline_is_a_warning_too(world, both_nominated):
    assert notice_warnings(world["campaign"], AFTER_DEADLINE) == []
    [warning] = notice_warnings(world["campaign"], BEFORE_DEADLINE)
    assert warning.startswith("推荐截止日期为2024年03月31日")


def test_premature_notice_without_a_reason_is_refused(world, only_a_nominated):
    with pytest.raises(DomainError, match=r"为时过早.*乙工会.*请填写理由"):
        start(world, AFTER_DEADLINE)
    assert refresh(world["campaign"]).status == CampaignStatus.NOMINATING


def test_with_a_reason_it_starts_and_the_reason_is_recorded_with_the_step(world, only_a_nominated):
    campaign = start(world, BEFORE_DEADLINE, reason="上级要求月底前完成公示")
    assert campaign.status == CampaignStatus.NOTICE
    change = CampaignStatusChange.objects.get(campaign=campaign, to_status=CampaignStatus.NOTICE)
    assert change.by == world["users"]["city"]
    assert "推荐截止日期为2024年03月31日" in change.comment
    assert "尚未报送任何推荐：乙工会" in change.comment
    assert change.comment.endswith("理由：上级要求月底前完成公示")


def test_in_good_time_no_reason_is_asked_for(world, both_nominated):
    campaign = start(world, AFTER_DEADLINE)
    change = CampaignStatusChange.objects.get(campaign=campaign, to_status=CampaignStatus.NOTICE)
    assert "提前公示" not in change.comment


def test_the_page_lists_who_goes_public_warns_and_asks_for_the_reason(client, world, only_a_nominated):
    client.force_login(world["users"]["city"])
    url = reverse("awards:campaign_start_notice", args=[world["campaign"].pk])
    page = client.get(url, {"start": "2024-03-25"}).content.decode()
    assert "以下 1 个审核通过的对象将在公示页面" in page and "甲一" in page
    assert "尚未报送任何推荐：乙工会" in page and "推荐截止日期为2024年03月31日" in page
    assert 'name="reason"' in page
    response = client.post(url, {"start": "2024-03-25"})
    assert response.status_code == 200
    assert "请填写理由" in response.content.decode()
    assert refresh(world["campaign"]).status == CampaignStatus.NOMINATING
    response = client.post(url, {"start": "2024-03-25", "reason": "上级要求月底前完成公示"})
    assert response.status_code == 302
    assert refresh(world["campaign"]).status == CampaignStatus.NOTICE
