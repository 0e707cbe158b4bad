"""The public results page's cached screens (core.pagecache): a screen seen before costs two queries,
and a withdrawn, recomputed or edited publication shows at once — through the services and through
the organisers' pages. The cached part is the same for everyone: no user, no form token."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competitions.models import Mark
from competitions.services.competitions import competition_update
from competitions.services.entries import entry_withdraw
from competitions.services.results import (
    event_compute_results,
    event_lock_scores,
    event_publish_results,
    event_reopen_scores,
    event_unpublish_results,
)
from competitions.views.public import PUBLIC_PAGE_SIZE
from tests.factories import EventFactory
from tests.scenarios.contests import add_entries, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(contest):
    """焊工 with four scored entries (选手1 … 选手4), locked and published; 车工 not yet (the
    competition stays in scoring, where entries may still be withdrawn)."""
    EventFactory(competition=contest["competition"], name="车工", bib_prefix="C")
    entries = add_entries(contest["event"], 4)
    for entry, (t, p) in zip(entries, [(80, 90), (90, 80), (70, 60), (60, 50)], strict=True):
        score(entry, t, p, contest)
    event_lock_scores(event=contest["event"], by=contest["chief"])
    event_publish_results(event=contest["event"], by=contest["manager"])
    return entries


def public_url(contest, **query):
    url = reverse("competitions:public_event_results", args=[contest["competition"].slug, contest["event"].pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def get(url, client=None):
    response = (client or Client()).get(url)
    return response.status_code, response.content.decode()


def test_a_screen_seen_before_costs_two_queries_and_is_the_same_page(contest, published):
    first = get(public_url(contest))
    with CaptureQueriesContext(connection) as ctx:
        again = get(public_url(contest))
    # whether it is published (the event), the stamps of what it shows; nothing else
    assert len(ctx.captured_queries) == 2
    assert again == first and "选手1" in first[1] and "共 4 名选手参加排名" in first[1]


def test_withdrawing_the_publication_answers_404_at_once(contest, published):
    assert get(public_url(contest))[0] == 200
    event_unpublish_results(event=contest["event"], by=contest["manager"], reason="名次核对有误")
    assert get(public_url(contest))[0] == 404
    assert get(public_url(contest, page=1))[0] == 404


def test_withdrawing_on_the_organisers_page_answers_404_at_once(client, contest, published):
    assert get(public_url(contest))[0] == 200
    client.force_login(contest["manager"])
    unpublish = reverse("competitions:event_unpublish", args=[contest["competition"].slug, contest["event"].pk])
    assert client.post(unpublish, {"reason": "名次核对有误"}).status_code == 302
    assert get(public_url(contest))[0] == 404


def test_results_published_again_after_a_correction_show_the_new_figures(contest, published):
    assert "53.00" in get(public_url(contest))[1]  # 选手4: 60 × 30 % + 50 × 70 %
    event_reopen_scores(event=contest["event"], by=contest["manager"], reason="理论成绩录入有误")
    assert get(public_url(contest))[0] == 404
    Mark.objects.filter(entry=published[3], component=contest["theory"]).update(value=100)
    event_lock_scores(event=contest["event"], by=contest["chief"])  # computes again
    event_publish_results(event=contest["event"], by=contest["manager"])
    page = get(public_url(contest))[1]
    assert "65.00" in page and "53.00" not in page


def test_a_recomputation_shows_at_once(contest, published):
    assert "53.00" in get(public_url(contest))[1]
    # a correction written without the services' locks (as a repair script might): the computation
    # is what the public page follows
    Mark.objects.filter(entry=published[3], component=contest["theory"]).update(value=100)
    event_compute_results(event=contest["event"], by=None)
    assert "65.00" in get(public_url(contest))[1]


def test_a_withdrawal_renamed_person_and_renamed_competition_show_at_once(contest, published):
    page = get(public_url(contest))[1]
    assert "共 4 名选手参加排名" in page and "选手3" in page
    entry_withdraw(entry=published[2], reason="伤病", by=contest["manager"])
    page = get(public_url(contest))[1]
    assert "共 3 名选手参加排名" in page and "选手3" not in page
    person = published[0].person
    person.name = "选手改名"
    person.save()
    assert "选手改名" in get(public_url(contest))[1]
    competition_update(competition=contest["competition"], by=contest["manager"], name="第二届焊工大赛")
    assert "第二届焊工大赛" in get(public_url(contest))[1]


def test_every_screen_has_its_own_cached_part_and_odd_pages_are_not_kept(contest, published):
    more = add_entries(contest["event"], PUBLIC_PAGE_SIZE, prefix="M")
    event_reopen_scores(event=contest["event"], by=contest["manager"], reason="补录")
    for entry in more:
        score(entry, 50, 50, contest)
    event_lock_scores(event=contest["event"], by=contest["chief"])
    event_publish_results(event=contest["event"], by=contest["manager"])
    first, second = get(public_url(contest))[1], get(public_url(contest, page=2))[1]
    assert "第 1 / 2 页" in first and "第 2 / 2 页" in second
    assert get(public_url(contest, page=99))[1] == second  # past the end: the last screen
    assert get(public_url(contest, page="abc"))[1] == first


def test_the_cached_part_is_the_same_for_everyone_and_carries_no_user_or_token(client, contest, published):
    anonymous = get(public_url(contest))[1]
    assert "csrfmiddlewaretoken" not in anonymous and "登录" in anonymous
    client.force_login(contest["manager"])
    with CaptureQueriesContext(connection) as ctx:
        signed_in = get(public_url(contest), client)[1]
    assert "csrfmiddlewaretoken" in signed_in and "退出" in signed_in  # the signed-in frame, drawn per request
    assert not any("competitions_result" in q["sql"] for q in ctx.captured_queries)  # the table came cached
    body = signed_in[signed_in.index("<main"):signed_in.index("</main>")]
    assert body == anonymous[anonymous.index("<main"):anonymous.index("</main>")]
    assert "csrfmiddlewaretoken" not in body and "organiser" not in body
    again = get(public_url(contest))[1]
    assert "csrfmiddlewaretoken" not in again and "退出" not in again
