"""Pure rules of innovation contests: vote limits, the combined formula with ties, prizes by count,
suspicious patterns, recusal by unit, attachment checks."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from competitions.rules.innovation import (
    VoteRules,
    attachment_problem,
    combine,
    prizes_by_count,
    rank_combined,
    recusal_conflict,
    suspicious_groups,
    vote_refusal,
)
from competitions.rules.prizes import Prize, PrizeRules, allocate_prizes

T0 = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
RULES = VoteRules(votes_per_day=3, opens=T0, closes=T0 + timedelta(days=7))


def test_vote_allowed_inside_the_window_below_the_daily_limit():
    assert vote_refusal(RULES, now=T0 + timedelta(hours=1), used_today=2, voted_project_today=False) is None


@pytest.mark.parametrize(
    ("now", "used", "again", "expected"),
    [
        (T0 - timedelta(seconds=1), 0, False, "投票尚未开始"),
        (T0 + timedelta(days=7), 0, False, "投票已结束"),
        (T0 + timedelta(hours=1), 3, False, "每人每天最多投 3 票"),
        (T0 + timedelta(hours=1), 0, True, "今天已为该成果投过票"),
    ],
)
def test_vote_refused_outside_window_over_limit_or_twice_for_one_project(now, used, again, expected):
    assert expected in vote_refusal(RULES, now=now, used_today=used, voted_project_today=again)


def test_vote_refused_when_no_window_is_set():
    assert vote_refusal(VoteRules(3), now=T0, used_today=0, voted_project_today=False) == "投票尚未安排"


def test_combined_is_review_times_weight_plus_vote_share_rounded_once():
    rows = {r.id: r for r in combine([("a", D("90"), 50), ("b", D("85.5"), 100), ("c", None, 400)], D("0.8"))}
    # b has the most votes among ranked projects: vote score 100; c (no review) neither counts nor ranks.
    assert rows["b"].vote_score == D("100.00")
    assert rows["b"].combined == D("88.40")  # 85.5 × 0.8 + 100 × 0.2
    assert rows["a"].vote_score == D("50.00")
    assert rows["a"].combined == D("82.00")  # 90 × 0.8 + 50 × 0.2
    assert rows["c"].combined is None


def test_combined_rounds_the_exact_value_half_up():
    # 1/3 of the top votes: vote score 33.333…; 0.5 × 80.01 + 0.5 × 33.33… = 56.67166… → 56.67
    rows = {r.id: r for r in combine([("a", D("80.01"), 1), ("b", D("0"), 3)], D("0.5"))}
    assert rows["a"].combined == D("56.67")


def test_weight_one_is_review_only_and_weight_zero_vote_only():
    assert combine([("a", D("70"), 5), ("b", D("60"), 10)], D("1"))[0].combined == D("70.00")
    assert combine([("a", D("70"), 5), ("b", D("60"), 10)], D("0"))[0].combined == D("50.00")


def test_nobody_voted_gives_vote_score_zero():
    assert combine([("a", D("70"), 0)], D("0.8"))[0].combined == D("56.00")


def test_equal_combined_scores_share_a_place_and_the_next_place_is_skipped():
    # a: 80×0.8+100×0.2 = 84; b: 85×0.8+80×0.2 = 84; c lower.
    rows = combine([("a", D("80"), 10), ("b", D("85"), 8), ("c", D("70"), 1)], D("0.8"))
    placings = {p.id: p for p in rank_combined(rows)}
    assert (placings["a"].rank, placings["a"].tied) == (1, True)
    assert (placings["b"].rank, placings["b"].tied) == (1, True)
    assert (placings["c"].rank, placings["c"].tied) == (3, False)


def test_prizes_by_count_never_split_a_tie():
    rows = combine([("a", D("80"), 10), ("b", D("85"), 8), ("c", D("70"), 1), ("d", D("60"), 0)], D("0.8"))
    prizes = prizes_by_count(rank_combined(rows), (1, 1, 1))
    assert prizes == {"a": Prize.FIRST, "b": Prize.FIRST, "c": Prize.THIRD, "d": Prize.NONE}


def test_prizes_by_ratio_use_the_skills_rule():
    rows = combine([(i, D(90 - i), 0) for i in range(10)], D("1"))
    prizes = allocate_prizes(rank_combined(rows), PrizeRules())
    assert [prizes[i] for i in range(10)].count(Prize.FIRST) == 1
    assert [prizes[i] for i in range(10)].count(Prize.SECOND) == 2


def test_a_zero_count_tier_gives_no_prize():
    rows = combine([("a", D("80"), 0), ("b", D("70"), 0)], D("1"))
    assert prizes_by_count(rank_combined(rows), (0, 1, 0)) == {"a": Prize.SECOND, "b": Prize.NONE}


def test_burst_from_one_origin_and_rapid_votes_on_one_project_are_flagged():
    votes = [(i, "origin-x", i % 3, T0 + timedelta(seconds=20 * i)) for i in range(10)]  # 10 in 3 minutes
    votes += [(100 + i, f"o{i}", "p", T0 + timedelta(hours=1, seconds=i)) for i in range(5)]  # 5 in 4 s
    votes += [(200, "calm", "q", T0 + timedelta(hours=2))]
    groups = suspicious_groups(votes)
    assert [(g.kind, len(g.vote_ids)) for g in groups] == [("burst", 10), ("rapid", 5)]
    assert 200 not in {v for g in groups for v in g.vote_ids}


def test_spread_out_votes_are_not_flagged():
    votes = [(i, "same", "p", T0 + timedelta(minutes=5 * i)) for i in range(20)]
    assert suspicious_groups(votes) == []


def test_judge_of_the_delegation_or_below_it_is_in_conflict():
    assert "代表队“甲矿”" in recusal_conflict(["1/2/3/"], ("1/2/", "甲矿"), None)
    assert "同属“乙厂”" in recusal_conflict(["1/7/"], ("1/2/", "甲矿"), ("1/7/", "乙厂"))
    assert recusal_conflict(["1/"], ("1/2/", "甲矿"), ("1/2/", "甲矿")) is None  # the parent union is not
    assert recusal_conflict([], ("1/2/", "甲矿"), None) is None


@pytest.mark.parametrize(
    ("name", "ctype", "size", "head", "problem"),
    [
        ("说明.pdf", "application/pdf", 10, b"%PDF-1.7", None),
        ("照片.JPG", "image/jpeg", 9, b"\xff\xd8\xff\xe0", None),
        ("图.png", "image/png", 10, b"\x89PNG\r\n\x1a\n", None),
        ("宏.docm", "application/octet-stream", 10, b"PK", "只接受 PDF、JPG、PNG"),
        ("假.pdf", "application/pdf", 10, b"MZ\x90", "内容与扩展名不符"),
        ("大.pdf", "application/pdf", 11, b"%PDF-", "超过"),
        ("空.pdf", "application/pdf", 0, b"", "空的"),
        ("x.png", "text/html", 10, b"\x89PNG\r\n\x1a\n", "类型 text/html"),
    ],
)
def test_attachment_checks_extension_content_and_size(name, ctype, size, head, problem):
    result = attachment_problem(name, ctype, size, head, max_bytes=10)
    assert result is None if problem is None else problem in result
