"""A competition's status follows its events' publication, each move recorded: it never says 报名中
once results are public."""

from datetime import date

import pytest
from django.urls import reverse

from competitions.models import CompetitionStatus, CompetitionStatusChange
from competitions.services.results import event_lock_scores, event_publish_results, event_unpublish_results
from tests.factories import EventFactory
from tests.scenarios.contests import add_entries, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_events(contest):
    """The contest (报名中) with 焊工 and 车工, each scored and locked."""
    competition = contest["competition"]
    competition.status = CompetitionStatus.REGISTRATION
    competition.save()
    turning = EventFactory(competition=competition, name="车工", bib_prefix="C")
    theory, practical = list(turning.components.order_by("order"))
    for entry in add_entries(contest["event"], 3, prefix="H"):
        score(entry, 80, 90, contest)
    for entry in add_entries(turning, 2, prefix="C"):
        score(entry, 70, 85, {"theory": theory, "practical": practical})
    for event in (contest["event"], turning):
        event_lock_scores(event=event, by=None)
    return contest["event"], turning


def status(contest):
    contest["competition"].refresh_from_db()
    return contest["competition"].status


def test_publishing_one_event_ends_registration_and_all_of_them_publishes_the_competition(contest, two_events):
    welding, turning = two_events
    manager = contest["manager"]
    event_publish_results(event=welding, by=manager)
    assert status(contest) == CompetitionStatus.SCORING
    event_publish_results(event=turning, by=manager)
    assert status(contest) == CompetitionStatus.PUBLISHED
    changes = list(CompetitionStatusChange.objects.filter(competition=contest["competition"]).order_by("pk"))
    assert [(c.from_status, c.to_status, c.changed_by) for c in changes] == [
        (CompetitionStatus.REGISTRATION, CompetitionStatus.SCORING, manager),
        (CompetitionStatus.SCORING, CompetitionStatus.PUBLISHED, manager),
    ]
    assert changes[0].comment == "随赛项自动变更：赛项“焊工”成绩公布（1/2个赛项成绩已公布）"


def test_withdrawing_a_publication_takes_the_competition_back_to_scoring(contest, two_events):
    for event in two_events:
        event_publish_results(event=event, by=contest["manager"])
    event_unpublish_results(event=two_events[1], by=contest["manager"], reason="发现录入错误")
    assert status(contest) == CompetitionStatus.SCORING
    last = CompetitionStatusChange.objects.filter(competition=contest["competition"]).latest("pk")
    assert "赛项“车工”撤回已公布的成绩" in last.comment


def test_a_closed_competition_stays_closed_and_nothing_is_recorded(contest, two_events):
    contest["competition"].status = CompetitionStatus.CLOSED
    contest["competition"].save()
    event_publish_results(event=two_events[0], by=contest["manager"])
    assert status(contest) == CompetitionStatus.CLOSED
    assert not CompetitionStatusChange.objects.filter(competition=contest["competition"]).exists()


def test_the_organiser_is_prompted_when_registration_closed_by_date(client, reg):
    competition = reg.competition
    competition.registration_closes = date(2024, 5, 1)  # 报名中 in the world, long past
    competition.save()
    client.force_login(reg.organizer)
    for name in ("competition_detail", "registration_manage"):
        page = client.get(reverse(f"competitions:{name}", args=[competition.slug])).content.decode()
        assert "报名已于 2024年5月1日 截止，竞赛状态仍为“报名中”" in page, name
    response = client.post(
        reverse("competitions:competition_status", args=[competition.slug]),
        {"to_status": "in_progress", "comment": "报名已于2024-05-01截止"},
    )
    assert response.status_code == 302
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.IN_PROGRESS
    page = client.get(reverse("competitions:competition_detail", args=[competition.slug])).content.decode()
    assert "registration-overdue" not in page
