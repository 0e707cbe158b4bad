"""Pages: who sees what (404 outside one's organisations), forms, and the public notice."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from awards.models import Campaign, CampaignStatus, NominationStatus, Objection
from awards.services import campaigns as campaign_services
from awards.services import nominations as nomination_services
from awards.services import objections as objection_services
from directory.models import Gender
from tests.scenarios.honours import TODAY, refresh

S = NominationStatus


def page(client, user, url, **kw):
    client.force_login(user)
    return client.get(url, **kw)


@pytest.fixture
def nomination(world, draft, worker):
    return draft(person=worker(name="王伟"))


def test_another_organisations_nomination_answers_404(client, world, nomination):
    url = reverse("awards:nomination_detail", args=[nomination.pk])
    assert page(client, world["users"]["b"], url).status_code == 404
    assert page(client, world["users"]["other"], url).status_code == 404
    assert page(client, world["users"]["a"], url).status_code == 200
    assert page(client, world["users"]["reviewer"], url).status_code == 200


def test_another_organisations_nomination_cannot_be_changed_by_post(client, world, nomination):
    client.force_login(world["users"]["b"])
    url = reverse("awards:nomination_transition", args=[nomination.pk])
    assert client.post(url, {"action": "submit"}).status_code == 404
    assert client.get(reverse("awards:nomination_edit", args=[nomination.pk])).status_code == 404
    assert refresh(nomination).status == S.DRAFT


def test_campaign_is_visible_to_the_conferring_side_and_the_nominating_units_only(client, world):
    url = reverse("awards:campaign_detail", args=[world["campaign"].pk])
    assert page(client, world["users"]["a"], url).status_code == 200
    assert page(client, world["users"]["city_viewer"], url).status_code == 200
    assert page(client, world["users"]["other"], url).status_code == 404
    edit = reverse("awards:campaign_edit", args=[world["campaign"].pk])
    assert page(client, world["users"]["a"], edit).status_code == 403  # visible, not theirs to manage
    assert page(client, world["users"]["city"], edit).status_code == 200


def test_nominating_unit_sees_only_its_own_nominations_on_the_campaign_page(client, world, draft, worker):
    draft(person=worker(name="甲某"))
    draft(person=worker(world["b_co"], name="乙某"), nominating_org=world["b"])
    url = reverse("awards:campaign_detail", args=[world["campaign"].pk])
    a_page = page(client, world["users"]["a"], url).content.decode()
    assert "甲某" in a_page and "乙某" not in a_page
    city_page = page(client, world["users"]["city"], url).content.decode()
    assert "甲某" in city_page and "乙某" in city_page


def test_transition_buttons_post_and_record(client, world, nomination):
    client.force_login(world["users"]["a"])
    url = reverse("awards:nomination_transition", args=[nomination.pk])
    # The deadline is in 2024: for this request move it to the future.
    Campaign.objects.filter(pk=world["campaign"].pk).update(nomination_deadline=None)
    response = client.post(url, {"action": "submit", "comment": "请审核"})
    assert response.status_code == 302
    assert refresh(nomination).status == S.SUBMITTED
    again = client.post(url, {"action": "submit"}, follow=True)
    assert "不能重复上报推荐" in again.content.decode()
    client.force_login(world["users"]["reviewer"])
    response = client.post(url, {"action": "reject", "comment": ""}, follow=True)
    assert "不予通过须填写意见" in response.content.decode()
    assert refresh(nomination).status == S.SUBMITTED


def test_garbage_post_answers_without_error(client, world, nomination):
    client.force_login(world["users"]["a"])
    url = reverse("awards:nomination_transition", args=[nomination.pk])
    assert client.post(url, {"action": "drop table"}).status_code == 302
    assert client.post(url, {"action": "submit", "comment": "x" * 5000}).status_code == 302
    assert refresh(nomination).status == S.DRAFT


def test_create_nomination_through_the_form_takes_categories_from_the_person(client, world, worker):
    person = worker(name="赵敏", is_industrial_worker=True)
    client.force_login(world["users"]["a"])
    url = reverse("awards:nomination_create", args=[world["campaign"].pk, "person"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "nominating_org": world["a"].pk,
            "honor_type": world["medal"].pk,
            "person": person.pk,
            "unit_and_title": "",
            "citation": "主要事迹",
        },
    )
    assert response.status_code == 302
    n = person.nominations.get()
    assert (n.is_industrial_worker, n.non_public, n.unit_and_title) == (True, True, "甲公司焊工")


def test_nomination_form_offers_only_people_of_the_users_units(client, world, worker):
    worker(name="甲员工")
    worker(world["b_co"], name="乙员工")
    url = reverse("awards:nomination_create", args=[world["campaign"].pk, "person"])
    html = page(client, world["users"]["a"], url).content.decode()
    assert "甲员工" in html and "乙员工" not in html


def test_campaign_create_and_edit_with_quota_and_rule_formsets(client, world):
    client.force_login(world["users"]["city"])
    response = client.post(
        reverse("awards:campaign_create"),
        {
            "name": "2025年市工人先锋号评选",
            "conferring_org": world["city"].pk,
            "year": 2025,
            "honor_types": [world["medal"].pk, world["pioneer"].pk],
            "nomination_deadline": "2025-03-31",
            "citation_max_chars": 2000,
            "notice_working_days": 5,
            "decision_number": "",
            "decision_date": "",
        },
    )
    campaign = Campaign.objects.get(name="2025年市工人先锋号评选")
    assert response.status_code == 302
    edit = reverse("awards:campaign_edit", args=[campaign.pk])
    assert client.get(edit).status_code == 200
    data = {
        "name": campaign.name,
        "year": 2025,
        "honor_types": [world["medal"].pk, world["pioneer"].pk],
        "nomination_deadline": "2025-03-31",
        "citation_max_chars": 500,
        "notice_working_days": 5,
        "decision_number": "",
        "decision_date": "",
        "quota-TOTAL_FORMS": 2,
        "quota-INITIAL_FORMS": 0,
        "quota-0-nominating_org": world["a"].pk,
        "quota-0-honor_type": world["medal"].pk,
        "quota-0-places": 4,
        "quota-1-nominating_org": "",
        "quota-1-honor_type": "",
        "quota-1-places": "",
        "rule-TOTAL_FORMS": 2,
        "rule-INITIAL_FORMS": 0,
        "rule-0-flag": "is_industrial_worker",
        "rule-0-label": "产业工人",
        "rule-0-min_percent": "35%",
        "rule-0-hard": "on",
        "rule-1-flag": "is_enterprise_leader",
        "rule-1-max_percent": "20",
    }
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign.refresh_from_db()
    assert campaign.citation_max_chars == 500
    assert [(q.nominating_org, q.places) for q in campaign.quotas.all()] == [(world["a"], 4)]
    rules = {r.flag: (str(r.min_share), str(r.max_share), r.hard) for r in campaign.composition_rules.all()}
    assert rules == {
        "is_industrial_worker": ("0.3500", "None", True),
        "is_enterprise_leader": ("None", "0.2000", False),
    }


def test_campaign_edit_rejects_bad_percentages_without_error(client, world):
    client.force_login(world["users"]["city"])
    edit = reverse("awards:campaign_edit", args=[world["campaign"].pk])
    data = {
        "name": "x",
        "year": 2024,
        "honor_types": [world["medal"].pk],
        "citation_max_chars": 500,
        "notice_working_days": 3,
        "quota-TOTAL_FORMS": 0,
        "quota-INITIAL_FORMS": 0,
        "rule-TOTAL_FORMS": 1,
        "rule-INITIAL_FORMS": 0,
        "rule-0-flag": "female",
        "rule-0-min_percent": "150",
    }
    response = client.post(edit, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "公示期不得少于5个工作日" in html
    assert world["campaign"].composition_rules.count() == 0


def test_only_organisers_may_create_campaigns(client, world):
    assert page(client, world["users"]["reviewer"], reverse("awards:campaign_create")).status_code == 403


# --- the public notice --------------------------------------------------------------------------


@pytest.fixture
def notice(world, draft, worker):
    people = [
        worker(name="王芳", gender=Gender.FEMALE, phone="13912345678", birth_date=dt.date(1990, 5, 17)),
        worker(name="丁一"),
        worker(world["b_co"], name="毛二"),
    ]
    noms = []
    for person in people:
        org = world["b"] if person.employer == world["b_co"] else world["a"]
        n = draft(person=person, nominating_org=org)
        nomination_services.nomination_submit(nomination=n, by=world["users"]["city"], today=TODAY)
        nomination_services.nomination_approve(nomination=n, by=world["users"]["reviewer"])
        noms.append(n)
    collective = draft(honor_type=world["pioneer"])
    nomination_services.nomination_submit(nomination=collective, by=world["users"]["a"], today=TODAY)
    nomination_services.nomination_approve(nomination=collective, by=world["users"]["reviewer"])
    campaign_services.campaign_start_notice(
        campaign=world["campaign"], by=world["users"]["city"], start=dt.date(2024, 4, 15)
    )
    return noms


def test_public_notice_needs_no_login_and_shows_no_personal_data(client, world, notice):
    response = client.get(reverse("awards:notice_detail", args=[world["campaign"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "王芳(女)" in html and "甲公司焊工" in html and "市五一劳动奖章" in html
    for n in notice:
        person = n.person
        assert person.id_number not in html
        assert person.id_number[-4:] + "<" not in html
        if person.phone:
            assert person.phone not in html and person.phone[-4:] not in html
        if person.birth_date:
            assert person.birth_date.isoformat() not in html and "1990年5月17日" not in html
    assert not re.search(r"\d{17}[\dX]", html)


def test_public_notice_orders_by_honour_then_surname_strokes(client, world, notice):
    html = client.get(reverse("awards:notice_detail", args=[world["campaign"].pk])).content.decode()
    # 丁 (2 strokes) < 王 (4) < 毛 (4, first stroke 丿 after 王's 一); the collective honour comes after.
    positions = [html.index(name) for name in ("丁一", "王芳", "毛二", "市工人先锋号（1个）")]
    assert positions == sorted(positions)


def test_public_list_shows_only_started_notices(client, world, notice):
    html = client.get(reverse("awards:notice_list")).content.decode()
    assert world["campaign"].name in html
    Campaign.objects.create(name="未公示的评选", conferring_org=world["city"], year=2024)
    assert "未公示的评选" not in client.get(reverse("awards:notice_list")).content.decode()


def test_draft_campaign_notice_answers_404(client, world):
    assert client.get(reverse("awards:notice_detail", args=[world["campaign"].pk])).status_code == 404


def objection_url(world, n):
    return reverse("awards:objection_create", args=[world["campaign"].pk, n.pk])


def test_objection_form_is_closed_outside_the_notice_period(client, world, notice):
    # The notice of the fixture ran in April 2024: today it is over.
    response = client.post(
        objection_url(world, notice[0]),
        {"name": "李四", "contact": "13800001234", "content": "该同志事迹与实际情况不符，请核查。"},
        follow=True,
    )
    assert "不再受理异议" in response.content.decode()
    assert not Objection.objects.exists()


@pytest.fixture
def open_notice(world, notice):
    today = dt.date.today()
    Campaign.objects.filter(pk=world["campaign"].pk).update(notice_start=today, notice_end=today)
    return notice


def test_anyone_may_lodge_an_objection_with_real_name_and_contact(client, world, open_notice):
    response = client.post(
        objection_url(world, open_notice[0]),
        {"name": "李四", "contact": "13800001234", "content": "该同志事迹与实际情况不符，请核查。", "website": ""},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.nomination, objection.name, objection.contact) == (open_notice[0], "李四", "13800001234")
    assert len(objection.client_hash) == 64


@pytest.mark.parametrize(
    "data,error",
    [
        ({"name": "", "contact": "13800001234", "content": "事实清楚的异议内容。"}, "这个字段是必填项"),
        ({"name": "李四", "contact": "", "content": "事实清楚的异议内容。"}, "这个字段是必填项"),
        ({"name": "李四", "contact": "随便写写", "content": "事实清楚的异议内容。"}, "有效的手机号"),
        ({"name": "<script>", "contact": "13800001234", "content": "事实清楚的异议内容。"}, "请填写真实姓名"),
        ({"name": "李四", "contact": "13800001234", "content": "太短"}, "10"),
        ({"name": "李四", "contact": "13800001234", "content": "长" * 2001}, "2000"),
    ],
)
def test_objection_form_validates_without_error(client, world, open_notice, data, error):
    response = client.post(objection_url(world, open_notice[0]), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Objection.objects.exists()


def test_objection_honeypot_and_rate_limit(client, world, open_notice):
    data = {"name": "李四", "contact": "13800001234", "content": "该同志事迹与实际情况不符，请核查。"}
    assert client.post(objection_url(world, open_notice[0]), {**data, "website": "http://spam"}).status_code == 200
    assert not Objection.objects.exists()
    from django.core.cache import cache

    cache.clear()
    for _ in range(5):
        assert client.post(objection_url(world, open_notice[0]), data).status_code == 302
    response = client.post(objection_url(world, open_notice[0]), data, follow=True)
    assert "提交过于频繁" in response.content.decode()
    assert Objection.objects.count() == 5
    cache.clear()


def test_objection_form_requires_csrf(world, open_notice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    data = {"name": "李四", "contact": "13800001234", "content": "该同志事迹与实际情况不符，请核查。"}
    assert strict.post(objection_url(world, open_notice[0]), data).status_code == 403


def test_objection_for_a_nomination_not_in_notice_answers_404(client, world, open_notice, draft):
    other = draft()
    assert client.get(objection_url(world, other)).status_code == 404


def test_user_text_is_escaped(client, world, open_notice):
    objection_services.objection_lodge(
        nomination=open_notice[0], name="李四", contact="13800001234", content="<script>alert(1)</script>内容"
    )
    client.force_login(world["users"]["city"])
    html = client.get(reverse("awards:nomination_detail", args=[open_notice[0].pk])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_objection_contact_is_shown_to_the_conferring_unit_only(client, world, open_notice):
    objection_services.objection_lodge(
        nomination=open_notice[0], name="李四", contact="13800009999", content="反映问题内容"
    )
    url = reverse("awards:nomination_detail", args=[open_notice[0].pk])
    assert "13800009999" in page(client, world["users"]["city"], url).content.decode()
    assert "13800009999" not in page(client, world["users"]["a"], url).content.decode()


def test_start_notice_page_counts_the_end_date_for_a_chosen_start(client, world, draft):
    n = draft()
    nomination_services.nomination_submit(nomination=n, by=world["users"]["a"], today=TODAY)
    nomination_services.nomination_approve(nomination=n, by=world["users"]["reviewer"])
    client.force_login(world["users"]["city"])
    url = reverse("awards:campaign_start_notice", args=[world["campaign"].pk])
    assert "公示至 2024年10月9日" in client.get(url, {"start": "2024-09-27"}).content.decode()
    assert "尚未录入2027年" in client.get(url, {"start": "2027-03-01"}).content.decode()
    assert client.get(url, {"start": "2024-02-30"}).status_code == 200
    response = client.post(url, {"start": "2024-09-27", "reason": "乙工会书面报告本次不推荐"})
    assert response.status_code == 302
    assert refresh(world["campaign"]).notice_end == dt.date(2024, 10, 9)
    assert client.get(url).status_code == 200  # already in notice: the page still answers


def test_campaign_steps_from_the_page(client, world):
    client.force_login(world["users"]["city"])
    url = reverse("awards:campaign_step", args=[world["campaign"].pk, "close"])
    assert client.post(url).status_code == 302
    assert refresh(world["campaign"]).status == CampaignStatus.REVIEWING
    again = client.post(url, follow=True).content.decode()
    assert "不能重复截止推荐、进入审核" in again
    assert client.post(reverse("awards:campaign_step", args=[world["campaign"].pk, "confer"])).status_code == 404
    client.force_login(world["users"]["reviewer"])
    assert client.post(url).status_code == 403  # sees the campaign, may not manage it


def test_confer_from_the_page(client, world, notice):
    client.force_login(world["users"]["city"])
    url = reverse("awards:campaign_confer", args=[world["campaign"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision_number": "市工发〔2024〕12号", "decision_date": "2024-04-25"}, follow=True)
    assert "已表彰4个对象" in response.content.decode()
    assert refresh(world["campaign"]).status == "conferred"
    response = client.post(url, {"decision_number": "x", "decision_date": "not a date"})
    assert response.status_code == 200
