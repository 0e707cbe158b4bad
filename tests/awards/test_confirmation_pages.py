"""Irreversible steps have a confirmation page that says what will happen: 表彰 lists who will be
conferred and who is held back; 撤销 names the award and its consequences and asks for a reason."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, AwardStatus, CampaignStatus, Nomination, NominationStatus, Objection
from awards.services import campaigns as campaign_services
from awards.services import nominations as nomination_services
from tests.factories import AwardFactory, PersonFactory
from tests.scenarios.honours import TODAY, campaign_with, refresh


@pytest.fixture
def in_notice(world, draft, worker):
    """Three of 甲 and 乙 in a 公示 that is over; an open objection against 乙二."""
    noms = {}
    for name, employer, org, by in (
        ("甲一", world["a_co"], world["a"], "a"),
        ("乙一", world["b_co"], world["b"], "b"),
        ("乙二", world["b_co"], world["b"], "b"),
    ):
        n = draft(person=worker(employer, name=name), nominating_org=org)
        nomination_services.nomination_submit(nomination=n, by=world["users"][by], today=TODAY)
        nomination_services.nomination_approve(nomination=n, by=world["users"]["reviewer"])
        noms[name] = n
    campaign_services.campaign_start_notice(
        campaign=world["campaign"], by=world["users"]["city"], start=dt.date(2024, 4, 15)
    )
    Objection.objects.create(nomination=noms["乙二"], name="张三", contact="13900001111", content="反映问题")
    return noms


def test_the_confer_page_lists_who_will_be_conferred_and_who_is_held_back(client, world, in_notice):
    client.force_login(world["users"]["city"])
    url = reverse("awards:campaign_confer", args=[world["campaign"].pk])
    html = client.get(url).content.decode()
    assert "确认后将为以下 2 个对象生成表彰记录" in html
    listed = html[html.index('id="confer-list"') : html.index("</table>", html.index('id="confer-list"'))]
    assert "甲一" in listed and "乙一" in listed and "乙二" not in listed
    held = html[html.index('id="confer-held-back"') :]
    assert "以下 1 个对象尚有异议未答复" in held and "乙二" in held
    assert "确认表彰这 2 个对象" in html
    response = client.post(url, {"decision_number": "市工发〔2024〕1号", "decision_date": "2024-05-06"})
    assert response.status_code == 302
    assert sorted(Award.objects.values_list("recipient_name", flat=True)) == ["乙一", "甲一"]
    assert refresh(world["campaign"]).status == CampaignStatus.NOTICE  # 乙二 still waits


def test_revoking_goes_through_a_page_that_names_the_award_and_what_follows(client, world):
    award = AwardFactory(
        person=PersonFactory(name="王获奖", employer=world["a_co"]),
        honor_type=world["medal"],
        year=2020,
        conferring_org=world["city"],
        decision_number="市工发〔2020〕3号",
    )
    client.force_login(world["users"]["city"])
    detail = client.get(reverse("awards:award_detail", args=[award.pk])).content.decode()
    url = reverse("awards:award_revoke", args=[award.pk])
    assert url in detail and "<textarea" not in detail  # only a link to the confirmation page
    page = client.get(url).content.decode()
    assert "王获奖" in page and "市五一劳动奖章" in page and "市工发〔2020〕3号" in page
    assert "不再列入表彰名单" in page and "确认撤销" in page
    assert client.post(url, {"reason": ""}).status_code == 200
    assert refresh(award).status == AwardStatus.ACTIVE
    assert client.post(url, {"reason": "经查弄虚作假"}).status_code == 302
    assert (refresh(award).status, award.revoked_reason) == (AwardStatus.REVOKED, "经查弄虚作假")
    assert client.get(url).status_code == 302  # already revoked: back to the record


def test_the_revoke_page_is_403_for_those_who_see_but_may_not_revoke_and_404_outside(client, world):
    award = AwardFactory(
        person=PersonFactory(employer=world["a_co"]), honor_type=world["medal"], year=2020, conferring_org=world["city"]
    )
    url = reverse("awards:award_revoke", args=[award.pk])
    client.force_login(world["users"]["a"])
    assert client.get(url).status_code == 403
    client.force_login(world["users"]["other"])
    assert client.get(url).status_code == 404


def test_closing_nominations_confirms_what_it_cuts_off(client, world, draft, worker):
    a_draft = draft(person=worker(name="甲草稿"))
    submitted = draft(person=worker(name="甲已报"))
    nomination_services.nomination_submit(nomination=submitted, by=world["users"]["a"], today=TODAY)
    client.force_login(world["users"]["city"])
    detail = client.get(reverse("awards:campaign_detail", args=[world["campaign"].pk])).content.decode()
    url = reverse("awards:campaign_step", args=[world["campaign"].pk, "close"])
    assert url in detail and "confirm(" not in detail  # a link to the confirmation page, no JS dialog
    assert "尚未到期" not in client.get(url).content.decode()  # the world's deadline (2024) has passed
    deadline = timezone.localdate() + dt.timedelta(days=10)
    campaign_with(world, nomination_deadline=deadline)
    page = client.get(url).content.decode()
    assert "已上报的 1 条推荐进入审核" in page
    assert "各单位尚未上报的 1 条草稿不能再上报" in page
    assert f"推荐截止日期为 {deadline.year}年{deadline.month}月{deadline.day}日，尚未到期" in page
    assert "1 个有名额的推荐单位尚未报送任何推荐：乙工会" in page
    assert refresh(world["campaign"]).status == CampaignStatus.NOMINATING  # GET changes nothing
    assert client.post(url, {"comment": "提前截止：上级通知"}).status_code == 302
    campaign = refresh(world["campaign"])
    assert campaign.status == CampaignStatus.REVIEWING
    assert campaign.status_changes.latest("pk").comment == "提前截止：上级通知"
    assert refresh(a_draft).status == "draft"
    assert client.get(url).status_code == 302  # already closed: back to the campaign


def test_opening_confirms_the_units_and_their_places(client, world):
    campaign_with(world, status=CampaignStatus.PREPARING)
    client.force_login(world["users"]["city"])
    page = client.get(reverse("awards:campaign_step", args=[world["campaign"].pk, "open"])).content.decode()
    assert "甲工会" in page and "乙工会" in page and "市五一劳动奖章" in page and "确认开始推荐" in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_confirmation_pages_take_a_fixed_number_of_queries(client, world, draft, worker):
    """Listing who is conferred or goes public costs the same whatever their number."""
    client.force_login(world["users"]["city"])
    notice_url = reverse("awards:campaign_start_notice", args=[world["campaign"].pk])
    counts = []
    for name in ("甲一", "甲二"):
        n = draft(person=worker(name=name))
        nomination_services.nomination_submit(nomination=n, by=world["users"]["a"], today=TODAY)
        nomination_services.nomination_approve(nomination=n, by=world["users"]["reviewer"])
        counts.append(_queries(client, notice_url))
    assert counts[0] == counts[1]


def test_the_confer_page_takes_a_fixed_number_of_queries(client, world, in_notice, draft, worker):
    client.force_login(world["users"]["city"])
    url = reverse("awards:campaign_confer", args=[world["campaign"].pk])
    before = _queries(client, url)
    more = [draft(person=worker(name=f"甲加{i}")).pk for i in range(3)]
    Nomination.objects.filter(pk__in=more).update(status=NominationStatus.IN_NOTICE)
    assert "确认后将为以下 5 个对象生成表彰记录" in client.get(url).content.decode()
    assert _queries(client, url) == before
