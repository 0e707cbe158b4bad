"""裁判分派: one judge assigned to several events of a competition at once."""

import pytest
from django.urls import reverse

from competitions.models import JudgeAssignment
from competitions.services.judges import judge_assign, judges_assign_to_events
from core.errors import NotAllowed
from directory.models import Role
from tests.factories import CompetitionFactory, EventFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(org_tree):
    competition = CompetitionFactory(organizer=org_tree["a"])
    return [EventFactory(competition=competition) for _ in range(3)]


def test_one_judge_on_several_events_keeps_existing_components(org_tree, events):
    boss = member_of(org_tree["a"])
    judge = member_of(org_tree["a1"], role=Role.JUDGE, username="judge")
    theory = events[0].components.get(key="theory")
    judge_assign(event=events[0], user=judge, by=boss, components=[theory])
    changed = judges_assign_to_events(events=events, user=judge, by=boss)
    assert changed == events[1:]
    assert list(JudgeAssignment.objects.get(event=events[0], user=judge).components.all()) == [theory]
    judges_assign_to_events(events=events[:1], user=judge, by=boss, is_chief=True)
    assert JudgeAssignment.objects.get(event=events[0], user=judge).is_chief


def test_only_the_organiser_assigns(org_tree, events):
    judge = member_of(org_tree["a1"], role=Role.JUDGE, username="judge")
    with pytest.raises(NotAllowed):
        judges_assign_to_events(events=events, user=judge, by=member_of(org_tree["b"], username="other"))
    assert not JudgeAssignment.objects.exists()


def test_competition_judges_page_lists_subtree_judges_and_assigns(client, org_tree, events):
    competition = events[0].competition
    judge = member_of(org_tree["a1"], role=Role.JUDGE, username="judge-a1")
    member_of(org_tree["b"], role=Role.JUDGE, username="judge-b")
    client.force_login(member_of(org_tree["a"], username="boss"))
    url = reverse("competitions:competition_judges", args=[competition.slug])
    page = client.get(url).content.decode()
    assert "judge-a1" in page and "judge-b" not in page
    response = client.post(url, {"judge": judge.pk, "events": [events[0].pk, events[2].pk]})
    assert response.status_code == 302
    assert set(JudgeAssignment.objects.values_list("event_id", flat=True)) == {events[0].pk, events[2].pk}
    client.force_login(member_of(org_tree["a1"], role=Role.VIEWER, username="viewer"))
    assert client.get(url).status_code in (403, 404)
