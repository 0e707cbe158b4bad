"""表彰记录's scope has two forms with one meaning: a unit's organiser (a few organisations) finds its
awards from them; a wider organiser filters awards by the visible organisations. Both must give every
user exactly the awards the rule allows: conferred by, received by, or received by a person employed
in an organisation the user sees."""

import pytest

from awards.models import Award
from awards.selectors import awards as award_selectors
from tests.factories import AwardFactory, OrganizationFactory, PersonFactory, member_of

pytestmark = pytest.mark.django_db


def _expected(user_orgs) -> set[int]:
    return {
        a.pk
        for a in Award.objects.select_related("person")
        if a.conferring_org_id in user_orgs
        or a.organization_id in user_orgs
        or (a.person_id and a.person.employer_id in user_orgs)
    }


def _visible(user) -> set[int]:
    return set(award_selectors.award_list_visible(user).values_list("pk", flat=True))


@pytest.mark.parametrize("narrow_limit", [0, 20, 1000], ids=["always-wide", "default", "always-narrow"])
def test_both_forms_show_each_user_exactly_the_awards_of_the_organisations_it_sees(world, monkeypatch, narrow_limit):
    monkeypatch.setattr(award_selectors, "NARROW_SCOPE_ORGS", narrow_limit)
    a_branch = OrganizationFactory(name="甲公司一分厂", parent=world["a_co"])
    for employer in (world["a_co"], a_branch, world["b_co"], world["other_co"], None):
        AwardFactory(honor_type=world["medal"], person=PersonFactory(employer=employer))
    AwardFactory(honor_type=world["pioneer"], person=None, organization=a_branch)
    AwardFactory(honor_type=world["pioneer"], person=None, organization=world["other_co"], conferring_org=world["city"])
    AwardFactory(honor_type=world["medal"], person=PersonFactory(employer=world["other_co"]), conferring_org=world["a"])
    unit = member_of(world["a_co"], username="a-co-organizer")
    cases = {
        unit: {world["a_co"].pk, a_branch.pk},
        world["users"]["a"]: {world["a"].pk, world["a_co"].pk, a_branch.pk},
        world["users"]["city"]: {o.pk for o in (world["city"], world["a"], world["a_co"], a_branch,
                                                world["b"], world["b_co"])},
        world["users"]["other"]: {world["other"].pk, world["other_co"].pk},
    }
    for user, orgs in cases.items():
        assert _visible(user) == _expected(orgs), user.username
    assert _visible(unit) and _visible(unit) != _visible(world["users"]["city"])


def test_a_campaigns_nominations_are_each_users_visible_ones_with_or_without_the_scope_filter():
    """Who sees the conferring organisation reads the campaign's nominations without the scope filter;
    everyone else through it. Either way: exactly the nominations ``nomination_visible_q`` allows."""
    from awards.selectors.nominations import nomination_list_visible, nominations_of_campaign
    from tests.scenarios.honours import draft_maker, honours_world, worker_maker

    world = honours_world()
    worker = worker_maker(world)
    draft = draft_maker(world, worker)
    b_people = [worker(employer=world["b_co"], name=name) for name in ("李娜", "张强")]
    made = [draft(), *(draft(person=p, nominating_org=world["b"]) for p in b_people)]
    campaign = world["campaign"]
    for name, user in world["users"].items():
        shown = set(nominations_of_campaign(user, campaign).values_list("pk", flat=True))
        allowed = set(nomination_list_visible(user).filter(campaign=campaign).values_list("pk", flat=True))
        assert shown == allowed, name
    assert len(set(nominations_of_campaign(world["users"]["city"], campaign).values_list("pk", flat=True))) == 3
    assert set(nominations_of_campaign(world["users"]["a"], campaign).values_list("pk", flat=True)) == {made[0].pk}
    assert not nominations_of_campaign(world["users"]["other"], campaign).exists()
