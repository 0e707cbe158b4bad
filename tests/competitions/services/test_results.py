"""Totals, ranks and prizes as event_compute_results stores them."""

from decimal import Decimal

import pytest

from competitions.models import EntryStatus, EventKind, Prize, Result, Team
from competitions.rules import Competitor, PrizeRules, allocate_prizes, rank_competitors
from competitions.selectors.events import prize_rule_lines
from competitions.selectors.results import event_result_rows, results_are_stale
from competitions.services.common import ScoringError
from competitions.services.marks import mark_save
from competitions.services.results import event_compute_results
from tests.factories import EventFactory, OrganizationFactory
from tests.scenarios.contests import D, add_entries, give, score, withdraw

pytestmark = pytest.mark.django_db

F, S, T, M, N = Prize.FIRST, Prize.SECOND, Prize.THIRD, Prize.MERIT, Prize.NONE


def field_with_totals(contest, totals, prefix=""):
    """Entries whose theory and practical both equal the given total (so total = that value)."""
    entries = add_entries(contest["event"], len(totals), prefix=prefix)
    for entry, total in zip(entries, totals, strict=True):
        if total is not None:
            score(entry, total, total, contest)
    return entries


def outcome(entries):
    results = {r.entry_id: r for r in Result.objects.filter(entry__in=entries)}
    return [(results[e.pk].rank, results[e.pk].prize) for e in entries]


def test_totals_are_exact_decimals_with_two_places(contest):
    entries = add_entries(contest["event"], 3)
    for entry, (t, p) in zip(entries, [("88.5", "91.25"), ("0.1", "0.2"), ("100", "100")], strict=True):
        score(entry, t, p, contest)
    event_compute_results(event=contest["event"], by=None)
    totals = [Result.objects.get(entry=e).total for e in entries]
    assert totals == [Decimal("90.43"), Decimal("0.17"), Decimal("100.00")]
    assert all(isinstance(t, Decimal) and t.as_tuple().exponent == -2 for t in totals)


def test_ten_distinct_totals_get_one_two_three_prizes_by_ten_twenty_thirty_percent(contest):
    entries = field_with_totals(contest, [str(100 - i) for i in range(10)])
    event_compute_results(event=contest["event"], by=None)
    assert outcome(entries) == [
        (1, F), (2, S), (3, S), (4, T), (5, T), (6, T), (7, N), (8, N), (9, N), (10, N)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("boundary", "tied_ranks", "expected"),
    [
        # N = 10: boundaries 一等奖 ≤ 1, 二等奖 ≤ 3, 三等奖 ≤ 6. A tie across each of them:
        ("first/second", (1, 2), [(1, F), (1, F), (3, S), (4, T), (5, T), (6, T), (7, N), (8, N), (9, N), (10, N)]),
        ("second/third", (3, 4), [(1, F), (2, S), (3, S), (3, S), (5, T), (6, T), (7, N), (8, N), (9, N), (10, N)]),
        ("third/none", (6, 7), [(1, F), (2, S), (3, S), (4, T), (5, T), (6, T), (6, T), (8, N), (9, N), (10, N)]),
        ("three across", (2, 3, 4), [(1, F), (2, S), (2, S), (2, S), (5, T), (6, T), (7, N), (8, N), (9, N), (10, N)]),
    ],
)
def test_a_tie_at_a_prize_boundary_is_never_split(contest, boundary, tied_ranks, expected):
    totals = [D(100 - i) for i in range(10)]
    for rank in tied_ranks[1:]:
        totals[rank - 1] = totals[tied_ranks[0] - 1]
    entries = field_with_totals(contest, [str(t) for t in totals])
    event_compute_results(event=contest["event"], by=None)
    assert outcome(entries) == expected


def test_an_event_with_one_entry_has_its_winner(contest):
    (entry,) = field_with_totals(contest, ["61"])
    event_compute_results(event=contest["event"], by=None)
    result = Result.objects.get(entry=entry)
    assert (result.rank, result.tied, result.prize) == (1, False, F)


def test_an_event_where_every_entry_ties_gives_everyone_first_place_and_prize(contest):
    entries = field_with_totals(contest, ["75"] * 6)
    event_compute_results(event=contest["event"], by=None)
    assert {(r.rank, r.tied, r.prize) for r in Result.objects.filter(entry__in=entries)} == {(1, True, F)}


def test_withdrawn_disqualified_and_unscored_entries_are_not_ranked_and_not_counted(contest):
    entries = field_with_totals(contest, ["90", "80", "99", "98", None])
    withdraw(entries[2])
    withdraw(entries[3], EntryStatus.DISQUALIFIED, "违规")
    give(entries[4], contest["theory"], "95")  # practical missing: no total
    summary = event_compute_results(event=contest["event"], by=None)
    assert (summary.ranked, summary.excluded, summary.unscored) == (2, 2, 1)
    assert outcome(entries) == [(1, F), (2, N), (None, N), (None, N), (None, N)]
    rows = event_result_rows(contest["event"])
    assert [(r.entry.pk, r.note) for r in rows] == [
        (entries[0].pk, ""),
        (entries[1].pk, ""),
        (entries[4].pk, "未完成评分"),
        (entries[2].pk, "已退赛"),
        (entries[3].pk, "取消资格：违规"),
    ]


def test_withdrawing_after_computing_drops_the_rank_at_the_next_computation(contest):
    entries = field_with_totals(contest, ["90", "80"])
    event_compute_results(event=contest["event"], by=None)
    withdraw(entries[0])
    event_compute_results(event=contest["event"], by=None)
    assert outcome(entries) == [(None, N), (1, F)]


def test_a_result_goes_with_its_entry_and_its_event_though_the_database_does_not_enforce_the_key(contest):
    # Result.entry and Result.event keep no database constraint (their check at commit cost a
    # first computation 1-2 s at 100 000 entries): Django's CASCADE must still remove the results.
    entries = field_with_totals(contest, ["90", "80", "70"])
    event_compute_results(event=contest["event"], by=None)
    entries[0].delete()
    assert sorted(Result.objects.values_list("entry_id", flat=True)) == sorted(e.pk for e in entries[1:])
    contest["event"].delete()
    assert not Result.objects.exists()


def test_minimum_field_size_and_merit_prizes(contest):
    event = contest["event"]
    event.min_field = 5
    event.merit_to_half = True
    event.save()
    entries = field_with_totals(contest, ["90", "80", "70", "60"])
    event_compute_results(event=event, by=None)
    assert [p for _rank, p in outcome(entries)] == [N, N, N, N]  # 4 < 5: no prizes
    entries += field_with_totals(contest, ["50", "40", "30", "20", "10", "5"], prefix="B")
    event_compute_results(event=event, by=None)
    # N = 10: 一 ≤ 1, 二 ≤ 3, 三 ≤ 6, then 优胜奖 for the rest of the top half (rank ≤ 5): none left.
    event.third_prize_ratio = Decimal("0.100")
    event.save()
    event_compute_results(event=event, by=None)
    assert [p for _rank, p in outcome(entries)] == [F, S, S, T, M, N, N, N, N, N]


def test_database_ranks_and_prizes_equal_the_pure_functions(contest):
    totals = ["91", "91", "88.5", "70", "70", "70", "65", "64.99", "64.99", "10", "0"]
    entries = field_with_totals(contest, totals)
    event_compute_results(event=contest["event"], by=None)
    competitors = [
        Competitor(e.pk, D(t), None, {"theory": D(t), "practical": D(t)}) for e, t in zip(entries, totals, strict=True)
    ]
    placings = rank_competitors(competitors)
    prizes = allocate_prizes(placings, PrizeRules())
    stored = {r.entry_id: (r.rank, r.tied, r.prize) for r in Result.objects.filter(entry__in=entries)}
    assert stored == {p.id: (p.rank, p.tied, prizes[p.id].value) for p in placings}


def test_recomputing_unchanged_scores_writes_nothing(contest, django_assert_num_queries):
    field_with_totals(contest, [str(50 + i) for i in range(30)])
    event_compute_results(event=contest["event"], by=None)
    summary = event_compute_results(event=contest["event"], by=None)
    assert summary.results_written == 0


def test_computing_a_large_event_takes_a_fixed_number_of_queries(contest, django_assert_max_num_queries):
    field_with_totals(contest, [str(40 + i % 50) for i in range(300)])
    with django_assert_max_num_queries(20):
        summary = event_compute_results(event=contest["event"], by=None)
    assert summary.ranked == 300


def test_weights_that_do_not_add_up_are_refused(contest):
    practical = contest["practical"]
    practical.weight = D("60")
    practical.save()
    field_with_totals(contest, ["90"])
    with pytest.raises(ScoringError, match="权重之和应为 100%"):
        event_compute_results(event=contest["event"], by=None)


def test_a_malformed_tie_break_setting_is_a_clear_error_not_a_crash(contest):
    event = contest["event"]
    event.tie_break = [["score", True]]
    event.save()
    field_with_totals(contest, ["90"])
    with pytest.raises(ScoringError, match="并列处理顺序"):
        event_compute_results(event=event, by=None)


def test_results_are_stale_after_a_mark_changes(contest):
    event = contest["event"]
    entries = field_with_totals(contest, ["90"])
    assert results_are_stale(event)
    event_compute_results(event=event, by=None)
    event.refresh_from_db()
    assert not results_are_stale(event)

    mark_save(
        entry=entries[0],
        component=contest["practical"],
        by=contest["judges"][0],
        value=D("50"),
        expected_version=None,
    )
    assert results_are_stale(event)


def test_the_prize_rule_is_stated_with_the_events_numbers(contest):
    lines = prize_rule_lines(contest["event"], 25)
    text = "".join(lines)
    assert "四舍五入" in text and "0.5 进位" in text and "不拆分" in text
    assert "一等奖名次 ≤ 3，二等奖名次 ≤ 8，三等奖名次 ≤ 15" in text  # 2.5 → 3, 7.5 → 8, 15


def test_team_event_members_share_their_teams_rank_and_prize(contest):
    event = EventFactory(competition=contest["competition"], name="团体赛", kind=EventKind.TEAM, team_size=2)
    theory, practical = list(event.components.order_by("order"))
    orgs = [OrganizationFactory(name=f"团队单位{i}") for i in range(3)]
    teams = [Team.objects.create(event=event, name=f"队{i}", delegation=orgs[i]) for i in range(3)]
    entries = add_entries(event, 6, delegations=orgs, prefix="T")
    for i, entry in enumerate(entries):
        entry.team = teams[i % 3]
        entry.save(update_fields=["team"])
    # team 0: 90 + 60 = 150; team 1: 80 + 80 = 160; team 2: 70 + 90 = 160 (tie)
    for entry, total in zip(entries, ["90", "80", "70", "60", "80", "90"], strict=True):
        give(entry, theory, total)
        give(entry, practical, total)
    event_compute_results(event=event, by=None)
    by_team = {}
    for r in Result.objects.filter(entry__event=event).select_related("entry"):
        by_team.setdefault(r.entry.team_id, set()).add((r.rank, r.tied, r.prize))
    # 3 teams: 一等奖 ≤ 1 (the tie takes it), 二等奖 ≤ round(0.9) = 1, 三等奖 ≤ round(1.8) = 2
    assert by_team == {teams[1].pk: {(1, True, F)}, teams[2].pk: {(1, True, F)}, teams[0].pk: {(3, False, N)}}
    event.team_best_n = 1  # best member only: 90, 80, 90
    event.save()
    event_compute_results(event=event, by=None)
    ranks = {r.entry.team_id: r.rank for r in Result.objects.filter(entry__event=event).select_related("entry")}
    assert ranks == {teams[0].pk: 1, teams[2].pk: 1, teams[1].pk: 3}
