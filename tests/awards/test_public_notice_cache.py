"""The public notice's cached list (core.pagecache): a second visit costs two queries, and a revoked
nomination or a renamed nominee shows at once — through the services and through
the organisers' pages. The cached part is the same for everyone: no user, no form token, no ID number."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.services import campaigns as campaign_services
from awards.services import objections as objection_services
from tests.scenarios.honours import refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_notice(world, approved):
    """Two medal nominations of 甲公司 (候选0, 候选1) in the campaign's 公示."""
    noms = approved(2)
    campaign_services.campaign_start_notice(
        campaign=world["campaign"], by=world["users"]["city"], start=dt.date(2024, 4, 15), reason="乙工会本次不推荐"
    )
    return [refresh(n) for n in noms]


def notice(world, client=None) -> str:
    response = (client or Client()).get(reverse("awards:notice_detail", args=[world["campaign"].pk]))
    assert response.status_code == 200
    return response.content.decode()


def lodge(nomination):
    return objection_services.objection_lodge(
        nomination=nomination, name="张三", contact="13800001234", content="反映事迹不实。", today=dt.date(2024, 4, 16)
    )


def test_a_second_visit_costs_two_queries_and_is_the_same_page(world, in_notice):
    first = notice(world)
    with CaptureQueriesContext(connection) as ctx:
        again = notice(world)
    assert len(ctx.captured_queries) == 2  # whether it is public (the campaign), the stamps
    assert again == first and "候选0" in first and "候选1" in first


def test_a_nomination_revoked_on_an_upheld_objection_leaves_the_notice_at_once(world, in_notice):
    objection = lodge(in_notice[0])
    assert "候选0" in notice(world)
    objection_services.objection_answer(objection=objection, by=world["users"]["city"], answer="属实", outcome="upheld")
    page = notice(world)
    assert "候选0" not in page and "候选1" in page


def test_answering_on_the_organisers_page_shows_at_once(client, world, in_notice):
    objection = lodge(in_notice[1])
    assert "候选1" in notice(world)
    client.force_login(world["users"]["city"])
    answer = reverse("awards:objection_answer", args=[objection.pk])
    assert client.post(answer, {"answer": "经核查属实", "outcome": "upheld"}).status_code == 302
    assert "候选1" not in notice(world)


def test_a_renamed_nominee_shows_at_once(world, in_notice):
    assert "候选0" in notice(world)
    person = in_notice[0].person
    person.name = "候选改名"
    person.save()
    assert "候选改名" in notice(world)


def test_the_cached_part_is_the_same_for_everyone_and_carries_no_user_token_or_id(client, world, in_notice):
    person = in_notice[0].person
    person.id_number = "110101199003070019"
    person.phone = "13912345678"
    person.save()
    anonymous = notice(world)
    client.force_login(world["users"]["city"])
    signed_in = notice(world, client)
    assert "csrfmiddlewaretoken" not in anonymous and "csrfmiddlewaretoken" in signed_in
    body = signed_in[signed_in.index("<main"):signed_in.index("</main>")]
    assert body == anonymous[anonymous.index("<main"):anonymous.index("</main>")]
    for text in (anonymous, signed_in):
        assert "110101199003070019" not in text and "13912345678" not in text


def test_objections_close_when_the_notice_period_ends_the_next_day(monkeypatch, world, in_notice):
    """The day is one of the stamps: the last day's list (with 提出异议) is not shown the day after."""
    day = {"today": dt.date(2024, 4, 19)}
    monkeypatch.setattr("awards.views.public.timezone.localdate", lambda *a, **k: day["today"])
    assert "提出异议" in notice(world) and "公示已结束" not in notice(world)
    day["today"] = dt.date(2024, 4, 20)
    page = notice(world)
    assert "提出异议" not in page and "公示已结束" in page
