"""评审 with 执裁回避, and the combined result (review × w + votes × (1 − w)) with ties and prizes."""

from decimal import Decimal

import pytest

from competitions.models import InnovationSettings, JudgeAssignment, Prize, Project, Recusal
from competitions.selectors.entries import entries_for_marking
from competitions.selectors.recusals import event_conflicts, recused_entries
from competitions.services.innovation_results import innovation_compute, innovation_publish
from competitions.services.marks import mark_save
from competitions.services.recusals import recusal_declare
from competitions.services.results import event_lock_scores
from competitions.services.votes import vote_cast
from core.errors import DomainError, NotAllowed
from directory.models import AccountProfile
from tests.factories import CompetitionFactory, EntryFactory, EventFactory, UserFactory
from tests.scenarios.innovation import passed_projects


@pytest.fixture
def projects(contest):
    return passed_projects(contest)


def mark_all(contest, project, values):
    """Every judge not recused marks every component of the project's entry with ``values[judge]``."""
    entry = project.entry
    for judge, value in zip(contest["judges"], values, strict=True):
        if entry.pk in recused_entries(entry.event, judge):
            continue
        for component in entry.event.components.all():
            mark_save(entry=entry, component=component, by=judge, value=Decimal(value), expected_version=None)


def test_judge_of_the_projects_unit_neither_sees_nor_marks_it(contest, projects):
    expert2 = contest["judges"][1]  # works in 采矿车间 (unit_a)
    a_project = projects[0]  # unit_a
    assert a_project.entry.delegation == contest["unit_a"]
    sheet = entries_for_marking(a_project.entry.event, expert2)
    assert a_project.entry not in sheet
    component = a_project.entry.event.components.first()
    with pytest.raises(NotAllowed, match="回避"):
        mark_save(entry=a_project.entry, component=component, by=expert2, value=Decimal(80), expected_version=None)
    # the unit_b project in the same category is his to mark
    other = projects[1]
    assert other.entry in entries_for_marking(other.entry.event, expert2)


def test_declared_conflict_needs_a_reason_and_hides_the_entry(contest, projects):
    expert3 = contest["judges"][2]
    entry = projects[1].entry
    with pytest.raises(DomainError, match="原因"):
        recusal_declare(entry=entry, judge=expert3, reason="", by=expert3)
    recusal_declare(entry=entry, judge=expert3, reason="是该成果的指导老师", by=expert3)
    assert "指导老师" in recused_entries(entry.event, expert3)[entry.pk]
    assert Recusal.objects.get().history.count() == 1


def test_assignment_page_data_lists_conflicts_and_flags_panels_too_small(contest, projects, django_assert_num_queries):
    event = projects[0].entry.event
    with django_assert_num_queries(5):
        conflicts = event_conflicts(event)
    expert2 = contest["judges"][1]
    assert [e.pk for e, _ in conflicts.by_judge[expert2.pk]] == [projects[0].entry.pk]
    # three judges, one recused: two left for the unit_a project (< 3)
    assert [(e.pk, left) for e, left in conflicts.small_panels] == [(projects[0].entry.pk, 2)]


def test_recusal_holds_for_skills_events_too(db):
    competition = CompetitionFactory(slug="skills-recusal")
    event = EventFactory(competition=competition, name="焊工")
    entry = EntryFactory(event=event)
    judge = UserFactory(username="welder-judge")
    JudgeAssignment.objects.create(event=event, user=judge)
    AccountProfile.objects.create(user=judge, organization=entry.delegation)
    assert entry.pk in recused_entries(event, judge)
    with pytest.raises(NotAllowed):
        mark_save(entry=entry, component=event.components.first(), by=judge, value=Decimal(1), expected_version=None)


def test_combined_result_needs_locked_reviews(contest, projects):
    with pytest.raises(DomainError, match="尚未锁定"):
        innovation_compute(competition=contest["competition"], by=contest["organiser"])


def lock_all(contest):
    for category in contest["categories"]:
        event_lock_scores(event=category, by=contest["judges"][0])


def test_combined_result_with_a_tie_sharing_the_prize(contest, projects):
    # reviews: p0 80, p1 85, p2 70, p3 60 (expert2 recused from unit_a's p0 and p2? p0 and p2 are unit_a)
    for project, value in zip(projects, ("80", "85", "70", "60"), strict=True):
        mark_all(contest, project, [value] * 3)
    # votes: p0 10, p1 8 → 80×0.8+100×0.2 = 84 = 85×0.8+80×0.2
    for i in range(10):
        vote_cast(project=projects[0], voter_key=f"x{i}", voter_kind="code", origin=f"o{i}")
    for i in range(8):
        vote_cast(project=projects[1], voter_key=f"y{i}", voter_kind="code", origin=f"p{i}")
    lock_all(contest)
    InnovationSettings.objects.filter(competition=contest["competition"]).update(
        prize_by_count=True, first_prize_count=1, second_prize_count=1, third_prize_count=1
    )
    assert innovation_compute(competition=contest["competition"], by=contest["organiser"]) == 4
    rows = {p.title: p for p in Project.objects.filter(competition=contest["competition"])}
    assert (rows["成果1"].combined_score, rows["成果1"].rank, rows["成果1"].tied) == (Decimal("84.00"), 1, True)
    assert (rows["成果2"].combined_score, rows["成果2"].rank, rows["成果2"].tied) == (Decimal("84.00"), 1, True)
    assert rows["成果1"].prize == rows["成果2"].prize == Prize.FIRST
    assert (rows["成果3"].rank, rows["成果3"].prize, rows["成果3"].combined_score) == (3, Prize.THIRD, Decimal("56.00"))
    assert rows["成果4"].prize == Prize.NONE
    assert rows["成果1"].votes == 10 and rows["成果1"].review_score == Decimal("80.00")
    innovation_publish(competition=contest["competition"], by=contest["organiser"])
    assert InnovationSettings.objects.get(competition=contest["competition"]).results_published


def test_first_prize_leads_are_offered_to_the_honours_campaign_with_the_combined_place(contest, projects):
    from competitions.models import Competition
    from competitions.selectors import eligible_results

    Competition.objects.filter(pk=contest["competition"].pk).update(
        eligibility_rules=[{"key": "star", "label": "可推荐创新之星", "prizes": ["first"], "honor_name": "创新之星"}]
    )
    competition = Competition.objects.get(pk=contest["competition"].pk)
    for project, value in zip(projects, ("60", "90", "70", "80"), strict=True):
        mark_all(contest, project, [value] * 3)
    lock_all(contest)
    innovation_compute(competition=competition, by=contest["organiser"])
    assert eligible_results(competition) == []  # not published yet
    innovation_publish(competition=competition, by=contest["organiser"])
    ((result, rules),) = eligible_results(competition)
    assert result.entry == projects[1].entry and result.rank == 1 and rules[0].key == "star"
