"""Objectors are protected: their name and contact reach only organisers of the conferring union (and
above), never the nominee's unit or viewers; the objector reads the answer with an unguessable 回执号."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from awards.models import Campaign, Objection
from awards.rules.receipts import RECEIPT_ALPHABET, new_receipt, normalise_receipt
from awards.services import campaigns as campaign_services
from awards.services import nominations as nomination_services
from awards.services import objections as objection_services
from directory.models import Role
from tests.factories import member_of
from tests.scenarios.honours import TODAY, refresh

OBJECTOR, CONTACT = "举报人甲", "13800005678"


@pytest.fixture
def nominee(world, draft):
    """A nomination of 甲工会 in an open 公示 (today)."""
    nomination = draft()
    nomination_services.nomination_submit(nomination=nomination, by=world["users"]["a"], today=TODAY)
    nomination_services.nomination_approve(nomination=nomination, by=world["users"]["reviewer"])
    campaign_services.campaign_start_notice(campaign=world["campaign"], by=world["users"]["city"],
                                            start=dt.date(2024, 4, 15), reason="测试：只有甲推荐")
    today = dt.date.today()
    Campaign.objects.filter(pk=world["campaign"].pk).update(notice_start=today, notice_end=today)
    return refresh(nomination)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The objection form counts submissions per address in the cache: leave no count to other tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lodged(client, world, nominee):
    response = client.post(
        reverse("awards:objection_create", args=[world["campaign"].pk, nominee.pk]),
        {"name": OBJECTOR, "contact": CONTACT, "content": "该同志事迹材料与实际情况不符，请核查。"},
    )
    assert response.status_code == 302
    return Objection.objects.get(), response


def detail_page(client, user, nomination) -> str:
    client.force_login(user)
    response = client.get(reverse("awards:nomination_detail", args=[nomination.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_nominees_unit_and_viewers_never_see_the_objector(client, world, nominee, lodged):
    unit_viewer = member_of(world["a"], role=Role.VIEWER, username="a-viewer")
    for user in (world["users"]["a"], world["users"]["city_viewer"], world["users"]["reviewer"], unit_viewer):
        html = detail_page(client, user, nominee)
        assert "该同志事迹材料与实际情况不符" in html  # the objection itself is read
        assert OBJECTOR not in html and CONTACT not in html and CONTACT[-4:] not in html, user.username
        assert "异议人信息仅授予单位组织者可见" in html


def test_organisers_of_the_conferring_union_and_above_see_the_objector(client, world, nominee, lodged):
    above = member_of(world["city"].parent, username="province") if world["city"].parent_id else None
    for user in filter(None, (world["users"]["city"], above)):
        html = detail_page(client, user, nominee)
        assert OBJECTOR in html and CONTACT in html


def test_the_selector_does_not_even_read_name_and_contact_for_others(world, nominee, lodged):
    from awards.selectors.nominations import objections_for

    hidden = objections_for(nominee)
    assert [(o.name, o.contact) for o in hidden] == [("", "")]
    shown = objections_for(nominee, identified=True)
    assert [(o.name, o.contact) for o in shown] == [(OBJECTOR, CONTACT)]


def test_the_objector_gets_a_receipt_and_reads_the_answer_with_it(client, world, nominee, lodged):
    objection, response = lodged
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", objection.receipt)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert objection.receipt in html and "正在核查" in html
    assert OBJECTOR not in html and CONTACT not in html
    objection_services.objection_answer(objection=objection, by=world["users"]["city"],
                                        answer="经核查，事迹属实，异议不成立。", outcome="dismissed")
    client.logout()
    typed = objection.receipt.lower().replace("-", " ")  # as a person might type it
    html = client.get(reverse("awards:objection_receipt"), {"receipt": typed}).content.decode()
    assert "经核查，事迹属实，异议不成立。" in html and "异议不成立" in html
    assert OBJECTOR not in html and CONTACT not in html and "city-organizer" not in html


def test_a_wrong_or_malformed_receipt_finds_nothing(client, world, nominee, lodged):
    objection, _response = lodged
    wrong = objection.receipt[:-1] + ("2" if objection.receipt[-1] != "2" else "3")
    for typed in (wrong, "x", "'; drop table", "A" * 5000, "", objection.receipt[:10]):
        response = client.get(reverse("awards:objection_receipt"), {"receipt": typed})
        assert response.status_code == 200
        assert objection.answer == "" and "正在核查" not in response.content.decode()


def test_receipts_are_random_and_read_back_from_what_people_type():
    receipts = {new_receipt() for _ in range(2000)}
    assert len(receipts) == 2000
    assert all(set(r.replace("-", "")) <= set(RECEIPT_ALPHABET) for r in receipts)
    one = next(iter(receipts))
    assert normalise_receipt(one.lower()) == one
    assert normalise_receipt("ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ－ＰＱＲＳ") == "ABCD-EFGH-JKMN-PQRS"
    assert normalise_receipt("ABCD-EFGH-JKMN-PQR0") == ""  # 0 is not in the alphabet
    assert normalise_receipt(None) == ""
