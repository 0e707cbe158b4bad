"""报名名单 caches its count, filter row and table per user and query string under stamps
(competitions.selectors.entry_list_stamps): a reload costs a few queries, and any change the list
shows — a new entry, a withdrawal, a renamed person, unit or event, a prize — is on the next visit;
what one user may see is never served to another."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competitions.models import Prize, Result
from competitions.services.entries import entry_withdraw
from directory.models import Membership, Role
from tests.factories import CompetitionFactory, EntryFactory, EventFactory, PersonFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org_tree):
    competition = CompetitionFactory(organizer=org_tree["a"], slug="cache-test")
    event = EventFactory(competition=competition, name="电工")
    entry = EntryFactory(event=event, person=PersonFactory(name="孙八", employer=org_tree["a1"]),
                         delegation=org_tree["a1"])
    return {"competition": competition, "event": event, "entry": entry, "boss": member_of(org_tree["a"])}


def _list(client, user, query: str = "") -> str:
    client.force_login(user)
    response = client.get(f"/competitions/cache-test/entries/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _without_csrf(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_a_reload_reads_the_cached_part_in_a_few_queries_and_shows_the_same(client, world):
    client.force_login(world["boss"])
    url = f"/competitions/cache-test/entries/?event={world['event'].pk}&status=registered"
    with CaptureQueriesContext(connection) as first:
        first_page = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        second_page = client.get(url).content.decode()
    # session, user, memberships, the competition, the stamps
    assert len(second) <= 5 < len(first)
    assert _without_csrf(second_page) == _without_csrf(first_page)
    assert "孙八" in second_page


def test_another_query_string_is_drawn_for_itself(client, world, org_tree):
    EntryFactory(event=EventFactory(competition=world["competition"], name="焊工"),
                 person=PersonFactory(name="吴九", employer=org_tree["a1"]), delegation=org_tree["a1"])
    assert "吴九" in _list(client, world["boss"])
    page = _list(client, world["boss"], f"?event={world['event'].pk}")
    assert "孙八" in page and "吴九" not in page


def test_a_new_entry_is_on_the_next_visit(client, world, org_tree):
    assert "周十" not in _list(client, world["boss"])
    EntryFactory(event=world["event"], person=PersonFactory(name="周十", employer=org_tree["a1"]),
                 delegation=org_tree["a1"])
    assert "周十" in _list(client, world["boss"])


def test_a_withdrawal_is_on_the_next_visit(client, world):
    assert "因病" not in _list(client, world["boss"])
    entry_withdraw(entry=world["entry"], reason="因病", by=world["boss"])
    page = _list(client, world["boss"])
    assert 'text-bg-secondary" title="因病">已退赛' in page


@pytest.mark.parametrize("rename", ["person", "employer", "event"])
def test_a_renamed_person_unit_or_event_is_on_the_next_visit(client, world, rename):
    _list(client, world["boss"])
    target = {"person": world["entry"].person, "employer": world["entry"].person.employer,
              "event": world["event"]}[rename]
    target.name = "新名字改过"
    target.save()
    assert "新名字改过" in _list(client, world["boss"])


def test_a_prize_is_found_by_the_prize_filter_on_the_next_visit(client, world):
    assert "孙八" not in _list(client, world["boss"], "?prize=first")
    Result.objects.create(entry=world["entry"], event=world["event"], prize=Prize.FIRST, rank=1)
    assert "孙八" in _list(client, world["boss"], "?prize=first")


def test_a_viewer_never_gets_the_organisers_part(client, world, org_tree):
    id_number = world["entry"].person.id_number
    assert id_number in _list(client, world["boss"])
    viewer = member_of(org_tree["a"], role=Role.VIEWER, username="viewer-a")
    page = _list(client, viewer)
    assert "孙八" in page and id_number not in page and "bulk-form" not in page


def test_a_changed_role_is_on_the_next_visit(client, world):
    id_number = world["entry"].person.id_number
    assert id_number in _list(client, world["boss"])
    Membership.objects.filter(user=world["boss"]).update(role=Role.VIEWER)
    page = _list(client, world["boss"])
    assert "孙八" in page and id_number not in page


@pytest.mark.parametrize(("status", "label"), [("closed", "已结束"), ("published", "成绩公布")])
def test_a_closed_competition_refuses_a_withdrawal_in_a_sentence_that_reads(world, status, label):
    """The status label is quoted, not glued to a 已 of the sentence (it read "竞赛已已结束")."""
    from core.errors import DomainError

    world["competition"].status = status
    world["competition"].save()
    with pytest.raises(DomainError) as refused:
        entry_withdraw(entry=world["entry"], reason="因病", by=world["boss"])
    assert str(refused.value) == f"竞赛当前为“{label}”，不能再修改报名"
