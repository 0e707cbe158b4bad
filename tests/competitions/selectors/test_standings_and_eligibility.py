"""Team and delegation standings; what results make people eligible for; the eligible list export."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from competitions.models import Competition, EntryStatus, EventKind, Team
from competitions.rules import EligibilityRule
from competitions.selectors.eligibility import competition_eligibility_rules, eligible_results
from competitions.selectors.standings import delegation_standings_for, event_team_standings
from competitions.services.results import event_compute_results, event_lock_scores, event_publish_results
from directory.models import Gender
from tests.factories import EventFactory, OrganizationFactory
from tests.scenarios.contests import add_entries, give, score, withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_delegations(db):
    return [OrganizationFactory(name="甲代表队"), OrganizationFactory(name="乙代表队")]


def scored_field(contest, totals, delegations, prefix=""):
    entries = add_entries(contest["event"], len(totals), delegations=delegations, prefix=prefix)
    for entry, total in zip(entries, totals, strict=True):
        score(entry, total, total, contest)
    return entries


def test_delegation_team_score_is_the_sum_of_its_contestants_or_the_best_n(contest, two_delegations):
    # 甲: 90, 70, 50 ; 乙: 80, 60  (add_entries alternates delegations)
    scored_field(contest, ["90", "80", "70", "60", "50"], two_delegations)
    event_compute_results(event=contest["event"], by=None)
    standings = event_team_standings(contest["event"])
    assert [(s.name, s.score, s.rank) for s in standings] == [("甲代表队", 210, 1), ("乙代表队", 140, 2)]
    event = contest["event"]
    event.team_best_n = 1
    event.save()
    standings = event_team_standings(event)
    assert [(s.name, s.score, s.rank, s.tied) for s in standings] == [
        ("甲代表队", 90, 1, False),
        ("乙代表队", 80, 2, False),
    ]
    assert [counted for _n, _t, counted in standings[0].members] == [True, False, False]


def test_delegation_standings_count_prize_points_per_competition(contest, two_delegations):
    entries = scored_field(contest, [str(100 - i) for i in range(10)], two_delegations)
    withdraw(entries[9])  # 乙's last one is not ranked: no points, and N = 9
    event_compute_results(event=contest["event"], by=None)
    lines = delegation_standings_for(contest["competition"])
    # N = 9: 一等奖 rank 1, 二等奖 ≤ round(2.7) = 3, 三等奖 ≤ round(5.4) = 5, the rest finished (1 point).
    # 甲 has ranks 1,3,5,7,9 → 8 + 4 + 2 + 1 + 1 = 16; 乙 has 2,4,6,8 → 4 + 2 + 1 + 1 = 8
    assert [(d.name, d.points, d.firsts, d.seconds, d.thirds, d.finished, d.rank) for d in lines] == [
        ("甲代表队", 16, 1, 1, 1, 2, 1),
        ("乙代表队", 8, 0, 1, 1, 2, 2),
    ]


def test_prize_points_are_configurable_per_competition(contest, two_delegations):
    scored_field(contest, ["90", "80"], two_delegations)
    event_compute_results(event=contest["event"], by=None)
    competition = contest["competition"]
    competition.prize_points = {"first": 10, "finished": 3, "bogus": 99, "second": "x"}
    competition.save()
    lines = delegation_standings_for(competition)
    # N = 2: 一等奖 ≤ 1, 二等奖 ≤ round(0.6) = 1, 三等奖 ≤ round(1.2) = 1: the second only finished.
    assert [(d.name, d.points) for d in lines] == [("甲代表队", 10), ("乙代表队", 3)]


def test_a_team_counts_once_for_its_delegation(contest, two_delegations):
    event = EventFactory(competition=contest["competition"], name="团体赛", kind=EventKind.TEAM, team_size=2)
    theory, practical = list(event.components.order_by("order"))
    team = Team.objects.create(event=event, name="甲一队", delegation=two_delegations[0])
    members = add_entries(event, 2, delegations=two_delegations, prefix="T")
    for member in members:
        member.team = team
        member.save(update_fields=["team"])
        give(member, theory, "80")
        give(member, practical, "80")
    event_compute_results(event=event, by=None)
    lines = delegation_standings_for(contest["competition"])
    assert [(d.name, d.points, d.firsts) for d in lines] == [("甲代表队", 8, 1)]
    standings = event_team_standings(event)
    assert [(s.name, s.score, s.rank) for s in standings] == [("甲一队", 160, 1)]


def test_eligibility_from_the_competitions_rules_only_for_published_events(contest, two_delegations):
    entries = add_entries(contest["event"], 5, delegations=two_delegations)
    for i, entry in enumerate(entries):
        if i in (1, 2):
            entry.person.gender = Gender.FEMALE
            entry.person.save()
        score(entry, str(90 - i), str(90 - i), contest)
    event_compute_results(event=contest["event"], by=None)
    assert eligible_results(contest["competition"]) == []  # nothing is published yet
    preview = eligible_results(contest["competition"], published_only=False)
    assert [(r.entry.person.name, [rule.key for rule in rules]) for r, rules in preview] == [
        ("选手1", ["medal"]),
        ("选手2", ["women"]),
        ("选手3", ["women"]),
    ]
    event_lock_scores(event=contest["event"], by=contest["chief"])
    event_publish_results(event=contest["event"], by=contest["manager"])
    pairs = eligible_results(contest["competition"])
    assert len(pairs) == 3
    result, rules = pairs[0]
    assert isinstance(rules[0], EligibilityRule) and rules[0].honor_name == "五一劳动奖章"
    assert result.rank == 1 and result.entry.event == contest["event"]


def test_withdrawn_first_place_is_never_eligible(contest, two_delegations):
    entries = scored_field(contest, ["99", "80"], two_delegations)
    event_compute_results(event=contest["event"], by=None)
    withdraw(entries[0], EntryStatus.DISQUALIFIED, "违规")
    # no recomputation yet: the stored rank 1 must still not count for a disqualified entry
    pairs = eligible_results(contest["competition"], published_only=False)
    assert [r.entry for r, _rules in pairs] == []


def test_malformed_rules_are_reported_not_fatal(contest):
    competition = contest["competition"]
    competition.eligibility_rules = [{"key": "ok", "label": "好"}, {"key": "bad", "label": "坏", "max_rnak": 1}, "x"]
    competition.save()
    rules, problems = competition_eligibility_rules(competition)
    assert [r.key for r in rules] == ["ok"]
    assert len(problems) == 2 and "第 2 条" in problems[0] and "max_rnak" in problems[0]


def test_seed_haihe_rules_make_a_first_place_eligible_for_medal_and_technical_expert(seed_data):

    haihe = Competition.objects.get(slug="haihe-cup-2023")
    rules, problems = competition_eligibility_rules(haihe)
    assert problems == [] and len(rules) == 3
    event = haihe.events.get(name="焊工")
    entries = list(event.entries.order_by("bib"))
    theory, practical = list(event.components.order_by("order"))
    for i, entry in enumerate(entries):
        give(entry, theory, str(95 - i))
        give(entry, practical, str(95 - i))
    event_compute_results(event=event, by=None)
    pairs = eligible_results(haihe, published_only=False)
    first = [(r, rules) for r, rules in pairs if r.rank == 1]
    labels = {rule.label for rule in first[0][1]}
    assert {"可申报天津市五一劳动奖章", "可申报天津市技术能手"} <= labels
    assert all(r.rank <= 10 for r, _rules in pairs)


def test_eligible_list_page_and_export(client, contest, two_delegations, tmp_path):
    scored_field(contest, ["90", "80"], two_delegations)
    event_lock_scores(event=contest["event"], by=contest["chief"])
    event_publish_results(event=contest["event"], by=contest["manager"])
    client.force_login(contest["manager"])
    page = client.get(reverse("competitions:eligible_list", args=["test-contest"])).content.decode()
    assert "可申报五一劳动奖章" in page and "选手1" in page
    response = client.get(reverse("competitions:eligible_list", args=["test-contest"]), {"format": "xlsx"})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [[c.value for c in row] for row in wb.active.iter_rows()]
    assert rows[1][:3] == ["序号", "姓名", "性别"]
    assert rows[2][0] == "可申报五一劳动奖章"  # one section per rule
    assert rows[3][1] == "选手1" and rows[3][6] == 1
    out = tmp_path / "eligible.xlsx"
    call_command("export", "eligible", "test-contest", "-o", str(out))
    assert load_workbook(out).active.cell(4, 2).value == "选手1"


def test_standings_page(client, contest, two_delegations):
    scored_field(contest, ["90", "80"], two_delegations)
    event_compute_results(event=contest["event"], by=None)
    client.force_login(contest["manager"])
    page = client.get(reverse("competitions:standings", args=["test-contest"])).content.decode()
    assert "甲代表队" in page and "一等奖 8 分" in page and "积分为暂计" in page
