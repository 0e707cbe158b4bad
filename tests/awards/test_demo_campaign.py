"""The demo campaign in fixtures/07_demo_campaign.json, as the demo accounts see it."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from awards.models import Award, Campaign, CampaignStatus, CompositionOverride, NominationStatus, Objection
from awards.services import campaigns as campaign_services
from awards.services import objections as objection_services
from core.idcard import parse_id_number
from directory.models import Person

S = NominationStatus
NAME = "2024年天津市五一劳动奖章、五一劳动奖状、工人先锋号评选"


@pytest.fixture
def demo(seed_data):
    return Campaign.objects.get(name=NAME)


def test_demo_campaign_is_in_notice_with_every_status_and_an_objection(demo):
    assert (demo.status, demo.conferring_org.name, demo.is_demo) == (CampaignStatus.NOTICE, "天津市总工会", True)
    assert (demo.notice_start, demo.notice_end) == (dt.date(2024, 4, 15), dt.date(2024, 4, 19))
    statuses = set(demo.nominations.values_list("status", flat=True))
    assert {S.DRAFT, S.RETURNED, S.REJECTED, S.WITHDRAWN, S.IN_NOTICE} <= statuses
    objection = Objection.objects.get(nomination__campaign=demo)
    assert objection.status == "open" and objection.nomination.person.name == "陈丽娟"
    assert CompositionOverride.objects.filter(campaign=demo, stage="notice").exists()
    assert demo.quotas.count() == 7 and demo.composition_rules.count() == 6


def test_demo_people_are_fictitious_with_valid_made_up_ids(demo):
    people = Person.objects.filter(nominations__campaign=demo).distinct()
    assert people.count() >= 12
    for person in people:
        assert person.is_demo and person.source == "演示数据（虚构）"
        info = parse_id_number(person.id_number)
        assert person.id_number.startswith("120102") and info.birth_date == person.birth_date
        assert info.gender == person.gender


def test_demo_pages_answer_200_for_tianjin_and_404_for_langfang(client, demo):
    nomination = demo.nominations.filter(status=S.IN_NOTICE).first()
    urls = [
        reverse("awards:campaign_list"),
        reverse("awards:campaign_detail", args=[demo.pk]),
        reverse("awards:campaign_edit", args=[demo.pk]),
        reverse("awards:campaign_confer", args=[demo.pk]),
        reverse("awards:nomination_detail", args=[nomination.pk]),
        reverse("awards:honours_person", args=[nomination.person_id]),
        reverse("awards:honor_catalogue"),
        reverse("awards:award_list"),
        reverse("awards:history_import"),
    ]
    assert client.login(username="tianjin", password="pw-123456")
    for url in urls:
        assert client.get(url).status_code == 200, url
    # The campaign is in 公示: new nominations are sent back to the campaign page with the reason.
    for url in [
        reverse("awards:from_results", args=[demo.pk]),
        reverse("awards:nomination_create", args=[demo.pk, "person"]),
    ]:
        response = client.get(url, follow=True)
        assert "不能新建推荐" in response.content.decode()
    assert client.login(username="langfang", password="pw-123456")
    for url in urls[1:6]:
        assert client.get(url).status_code == 404, url


def test_demo_campaign_page_shows_the_override_and_the_open_objection(client, demo):
    assert client.login(username="tianjin", password="pw-123456")
    html = client.get(reverse("awards:campaign_detail", args=[demo.pk])).content.decode()
    assert "待答复的异议" in html and "陈丽娟" in html
    assert "其他一线职工和专业技术人员 1/8（12.5%）" in html and "已豁免" in html


def test_demo_public_notice_shows_no_personal_data(client, demo):
    html = client.get(reverse("awards:notice_detail", args=[demo.pk])).content.decode()
    assert "刘秀英(女)" in html and "天津市五一劳动奖状" in html
    assert not re.search(r"\d{17}[\dX]", html)
    for person in Person.objects.filter(nominations__campaign=demo):
        assert person.id_number not in html
        assert person.birth_date.strftime("%Y-%m-%d") not in html


def test_tianjin_answers_the_objection_and_confers_the_demo_campaign(demo):
    from django.contrib.auth import get_user_model

    tianjin = get_user_model().objects.get(username="tianjin")
    objection = Objection.objects.get(nomination__campaign=demo)
    first = campaign_services.campaign_confer(
        campaign=demo, by=tianjin, decision_number="津工发〔2024〕9号", decision_date=dt.date(2024, 4, 25)
    )
    assert len(first.held_back) == 1 and len(first.awards) == 9
    objection_services.objection_answer(
        objection=objection, by=tianjin, answer="经核查，已补发，不影响推荐", outcome="dismissed"
    )
    campaign_services.campaign_confer(
        campaign=demo, by=tianjin, decision_number="津工发〔2024〕9号", decision_date=dt.date(2024, 4, 25)
    )
    demo.refresh_from_db()
    assert demo.status == CampaignStatus.CONFERRED
    assert Award.objects.filter(campaign=demo).count() == 10
