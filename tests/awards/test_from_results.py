"""From a competition's eligible list to draft nominations, each linked to its result."""

import pytest
from django.urls import reverse

from awards.models import Nomination, NominationStatus
from awards.selectors import results as result_selectors
from awards.services import from_results
from competitions.models import Result
from core.errors import DomainError
from tests.factories import CompetitionFactory, EntryFactory, EventFactory

RULES = [
    {"key": "medal", "label": "可申报市五一劳动奖章", "max_rank": 1, "honor_name": "市五一劳动奖章"},
    {"key": "skill", "label": "可申报技术能手", "max_rank": 1, "honor_name": "市技术能手"},
]


@pytest.fixture
def contest(world, worker):
    competition = CompetitionFactory(organizer=world["city"], eligibility_rules=RULES)
    event = EventFactory(competition=competition, name="焊工", results_published=True)
    first_a = EntryFactory(event=event, person=worker(name="甲冠军"))
    second_a = EntryFactory(event=event, person=worker(name="甲亚军"))
    other_event = EventFactory(competition=competition, name="车工", results_published=True)
    first_b = EntryFactory(event=other_event, person=worker(world["b_co"], name="乙冠军"))
    results = {
        "first_a": Result.objects.create(entry=first_a, rank=1, prize="first", total=95),
        "second_a": Result.objects.create(entry=second_a, rank=2, prize="second", total=90),
        "first_b": Result.objects.create(entry=first_b, rank=1, prize="first", total=93),
    }
    return competition, results


def test_eligible_list_comes_from_the_competitions_rules(contest):
    competition, results = contest
    eligible = dict((r.pk, rules) for r, rules in result_selectors.eligible_results(competition))
    assert set(eligible) == {results["first_a"].pk, results["first_b"].pk}
    assert [r.key for r in eligible[results["first_a"].pk]] == ["medal", "skill"]


def test_drafts_are_created_in_one_step_linked_to_their_results(world, contest):
    _competition, results = contest
    outcome = from_results.nominations_from_results(
        campaign=world["campaign"],
        by=world["users"]["a"],
        nominating_org=world["a"],
        items=[(results["first_a"], world["medal"]), (results["first_b"], world["medal"])],
    )
    [created] = outcome.created
    assert (created.result, created.status, created.person.name) == (
        results["first_a"],
        NominationStatus.DRAFT,
        "甲冠军",
    )
    assert "焊工" in created.citation and "第1名" in created.citation
    assert outcome.skipped == [("乙冠军", "乙冠军的工作单位不在甲工会及其下级单位中，不能由该单位推荐")]


def test_result_that_does_not_make_the_person_eligible_is_warned_about(world, contest, draft):
    _competition, results = contest
    n = draft(person=results["second_a"].entry.person, result=results["second_a"])
    assert result_selectors.result_eligible_for_honour(n.result, n.honor_type) == (False, [])
    ok, rules = result_selectors.result_eligible_for_honour(results["first_a"], world["medal"])
    assert ok and [r.key for r in rules] == ["medal"]


def test_a_result_of_someone_else_cannot_be_linked(world, contest, draft, worker):
    _competition, results = contest
    with pytest.raises(DomainError, match="不是该推荐对象的成绩"):
        draft(person=worker(name="别人"), result=results["first_a"])


def test_the_page_lists_and_creates(client, world, contest):
    competition, results = contest
    client.force_login(world["users"]["a"])
    url = reverse("awards:from_results", args=[world["campaign"].pk])
    query = f"?competition={competition.pk}&nominating_org={world['a'].pk}"
    html = client.get(url + query).content.decode()
    assert "甲冠军" in html and "乙冠军" in html and "甲亚军" not in html
    assert "不在所选推荐单位范围内" in html
    # A forged pick (the second place, not eligible) is ignored.
    response = client.post(
        url + query,
        {"pick": [f"{results['first_a'].pk}:{world['medal'].pk}", f"{results['second_a'].pk}:{world['medal'].pk}"]},
    )
    assert response.status_code == 302
    assert list(Nomination.objects.values_list("result", flat=True)) == [results["first_a"].pk]
    html = client.get(url + query).content.decode()
    assert "已在本次评选中推荐" in html


def test_the_page_is_403_for_users_who_see_the_campaign_but_cannot_nominate(client, world):
    client.force_login(world["users"]["reviewer"])
    assert client.get(reverse("awards:from_results", args=[world["campaign"].pk])).status_code == 403
