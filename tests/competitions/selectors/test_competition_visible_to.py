"""``competition_visible_to`` (a competition already read, by slug) answers exactly as membership of
``competition_list_visible`` does: the organiser's subtree, a co-organiser's, or a superuser."""

import pytest
from django.contrib.auth import get_user_model

from competitions.selectors.competitions import competition_list_visible, competition_visible_to
from directory.models import Role
from tests.factories import CompetitionFactory, member_of

pytestmark = pytest.mark.django_db


def test_visible_to_agrees_with_the_visible_list_for_every_user_and_competition(org_tree):
    own = CompetitionFactory(organizer=org_tree["a"])
    below = CompetitionFactory(organizer=org_tree["a1"])
    sibling = CompetitionFactory(organizer=org_tree["b"])
    co_organised = CompetitionFactory(organizer=org_tree["b"])
    co_organised.co_organizers.add(org_tree["a1"])
    above = CompetitionFactory(organizer=org_tree["root"])
    competitions = [own, below, sibling, co_organised, above]
    users = [
        member_of(org_tree["a"]),
        member_of(org_tree["a1"], role=Role.VIEWER),
        member_of(org_tree["b"], role=Role.REVIEWER),
        member_of(org_tree["root"]),
        get_user_model().objects.create_user("nobody", password="pw-123456"),
        get_user_model().objects.create_superuser("root-admin", password="pw-123456"),
    ]
    for user in users:
        listed = set(competition_list_visible(user).values_list("pk", flat=True))
        for competition in competitions:
            assert competition_visible_to(user, competition) == (competition.pk in listed), (user, competition)
    # the cases the table covers
    a_member = users[0]
    assert competition_visible_to(a_member, below)
    assert not competition_visible_to(a_member, sibling)
    assert competition_visible_to(users[1], co_organised)
    assert not competition_visible_to(users[4], own)


def test_a_competition_outside_the_scope_is_a_404_on_its_entries_list(client, org_tree):
    sibling = CompetitionFactory(organizer=org_tree["b"])
    client.force_login(member_of(org_tree["a"]))
    assert client.get(f"/competitions/{sibling.slug}/entries/").status_code == 404
    assert client.get("/competitions/no-such-competition/entries/").status_code == 404
