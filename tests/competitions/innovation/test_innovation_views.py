"""Innovation pages: scope (404 outside, 403 seen but not allowed), the public pages without login,
no 500 on bad input, pinned query counts of the public voting page."""

import pytest
from django.urls import reverse

from competitions.services.innovation_results import innovation_publish
from competitions.services.votes import voter_codes_create
from tests.factories import OrganizationFactory, member_of
from tests.scenarios.innovation import passed_projects


@pytest.fixture
def projects(contest):
    return passed_projects(contest)


def url(name, contest, *args):
    return reverse(f"competitions:{name}", args=[contest["competition"].slug, *args])


def test_contact_sees_the_contest_and_only_their_units_projects(client, contest, projects):
    client.force_login(contest["contact_b"])
    page = client.get(url("innovation_contest", contest))
    assert page.status_code == 200
    assert "成果2" in page.text and "成果1" not in page.text
    assert client.get(url("innovation_project", contest, projects[0].pk)).status_code == 404
    assert client.get(url("innovation_project", contest, projects[1].pk)).status_code == 200


def test_contact_may_not_screen_or_review_votes(client, contest, projects):
    client.force_login(contest["contact_a"])
    assert client.get(url("innovation_screening", contest)).status_code == 403
    assert client.get(url("innovation_votes", contest)).status_code == 403
    assert client.get(url("innovation_results", contest)).status_code == 403


def test_an_organiser_elsewhere_does_not_see_the_contest(client, contest):
    client.force_login(member_of(OrganizationFactory(name="别处工会"), username="elsewhere"))
    assert client.get(url("innovation_contest", contest)).status_code == 404


def test_contact_saves_a_draft_through_the_form(client, contest):
    client.force_login(contest["contact_a"])
    response = client.post(
        url("innovation_project_create", contest),
        {
            "title": "新成果",
            "category": contest["categories"][0].pk,
            "unit": contest["unit_a"].pk,
            "members": "张工\n李工",
            "summary": "简介",
            "benefit": "1.5",
            "video_url": "",
        },
    )
    assert response.status_code == 302
    assert contest["competition"].projects.get(title="新成果").status == "draft"


def test_public_voting_page_needs_no_login_and_a_fixed_number_of_queries(
    client, contest, projects, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        page = client.get(reverse("competitions:innovation_vote", args=["test-innovation"]))
    assert page.status_code == 200
    assert all(p.title in page.text for p in projects)
    assert "投票码" in page.text


def test_voting_with_a_code_through_the_public_page(client, contest, projects):
    code = voter_codes_create(competition=contest["competition"], unit=contest["unit_a"], count=1, by=None)[0]
    vote_url = reverse("competitions:innovation_vote", args=["test-innovation"])
    cast = reverse("competitions:innovation_vote_cast", args=["test-innovation", projects[0].pk])
    client.post(cast)  # not identified yet: refused, no vote
    assert projects[0].vote_set.count() == 0
    client.post(vote_url, {"step": "code", "code": code})
    client.post(cast)
    assert projects[0].vote_set.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"step": "code", "code": "x" * 500},
        {"step": "phone", "phone": "<script>"},
        {"step": "verify", "phone": "13800138000", "code": "abc"},
        {"step": "nonsense"},
        {},
    ],
)
def test_bad_input_on_the_public_page_never_fails(client, contest, data):
    response = client.post(reverse("competitions:innovation_vote", args=["test-innovation"]), data)
    assert response.status_code in (200, 302)


def test_unknown_or_skills_contest_and_unpublished_results_answer_404(client, contest, projects):
    assert client.get(reverse("competitions:innovation_vote", args=["no-such"])).status_code == 404
    assert client.get(reverse("competitions:innovation_public_results", args=["test-innovation"])).status_code == 404
    assert (
        client.post(reverse("competitions:innovation_vote_cast", args=["test-innovation", 999999])).status_code == 404
    )


def test_published_results_page_is_public(client, contest, projects):
    from competitions.models import InnovationSettings

    InnovationSettings.objects.filter(competition=contest["competition"]).update(
        results_computed_at="2026-01-01T00:00Z"
    )
    innovation_publish(competition=contest["competition"], by=contest["organiser"])
    assert client.get(reverse("competitions:innovation_public_results", args=["test-innovation"])).status_code == 200


def test_judge_declares_a_conflict_from_the_mark_sheet_and_no_longer_sees_the_entry(client, contest, projects):
    expert3 = contest["judges"][2]
    entry = projects[1].entry
    sheet = reverse("competitions:mark_sheet", args=["test-innovation", entry.event_id])
    recuse = reverse("competitions:recuse", args=["test-innovation", entry.event_id])
    client.force_login(expert3)
    assert projects[1].title in client.get(sheet).text
    client.post(recuse, {"entry": entry.pk, "reason": "本人参与了该成果"})
    assert entry.recusals.get().reason == "本人参与了该成果"
    assert projects[1].title not in client.get(sheet).text
    assert client.post(recuse, {"entry": "x", "reason": "r"}).status_code == 404
    client.force_login(contest["contact_a"])
    assert client.post(recuse, {"entry": entry.pk, "reason": "r"}).status_code in (403, 404)
