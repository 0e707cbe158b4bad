"""网络投票: codes and phone verification, the daily limit, duplicates, rate limits, voiding, suspicious patterns."""

from datetime import timedelta

import pytest
from django.utils import timezone

from competitions.models import InnovationSettings, Vote
from competitions.selectors.innovation import project_vote_counts, suspicious_votes
from competitions.services.votes import (
    ORIGIN_RATE,
    VoteRefused,
    origin_hash,
    phone_code_send,
    phone_code_verify,
    vote_cast,
    voter_code_key,
    voter_codes_create,
    votes_void,
)
from core.errors import DomainError
from core.sms import MemorySmsBackend
from tests.scenarios.innovation import passed_projects


@pytest.fixture
def projects(contest):
    return passed_projects(contest)


def code_voter(contest):
    code = voter_codes_create(
        competition=contest["competition"], unit=contest["unit_a"], count=1, by=contest["organiser"]
    )[0]
    return voter_code_key(contest["competition"], code.lower())


def test_codes_are_stored_only_as_hashes_and_recognised_whatever_the_case(contest):
    codes = voter_codes_create(
        competition=contest["competition"], unit=contest["unit_a"], count=3, by=contest["organiser"]
    )
    assert len(set(codes)) == 3
    assert voter_code_key(contest["competition"], codes[0].lower()) is not None
    assert voter_code_key(contest["competition"], "AAAA-AAAA") is None
    assert not contest["competition"].voter_codes.filter(code_hash__contains=codes[0].replace("-", "")).exists()


def test_votes_per_day_limit_and_one_vote_per_project(contest, projects):
    key = code_voter(contest)
    origin = origin_hash("10.0.0.1")
    vote_cast(project=projects[0], voter_key=key, voter_kind="code", origin=origin)
    with pytest.raises(VoteRefused, match="已为该成果投过票"):
        vote_cast(project=projects[0], voter_key=key, voter_kind="code", origin=origin)
    vote_cast(project=projects[1], voter_key=key, voter_kind="code", origin=origin)
    vote_cast(project=projects[2], voter_key=key, voter_kind="code", origin=origin)
    with pytest.raises(VoteRefused, match="每人每天最多投 3 票"):
        vote_cast(project=projects[3], voter_key=key, voter_kind="code", origin=origin)
    assert Vote.objects.count() == 3
    assert all(len(v.origin_hash) == 64 and v.cast_at for v in Vote.objects.all())


def test_duplicate_is_refused_by_the_database_even_when_the_cache_forgot(contest, projects):
    from django.core.cache import cache

    key = code_voter(contest)
    vote_cast(project=projects[0], voter_key=key, voter_kind="code", origin="o")
    cache.clear()
    with pytest.raises(VoteRefused, match="已为该成果投过票"):
        vote_cast(project=projects[0], voter_key=key, voter_kind="code", origin="o")
    assert Vote.objects.count() == 1


def test_votes_outside_the_window_are_refused(contest, projects):
    InnovationSettings.objects.filter(competition=contest["competition"]).update(
        voting_closes=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(VoteRefused, match="投票已结束"):
        vote_cast(project=projects[0], voter_key="k", voter_kind="code", origin="o")


def test_one_origin_is_rate_limited(contest, projects):
    InnovationSettings.objects.filter(competition=contest["competition"]).update(votes_per_day=100)
    refused = 0
    for i in range(ORIGIN_RATE + 5):
        try:
            vote_cast(project=projects[i % 4], voter_key=f"voter{i}", voter_kind="code", origin="same-origin")
        except VoteRefused as exc:
            assert "过于频繁" in exc.message
            refused += 1
    assert refused >= 5  # (the minute may turn over during the loop: at least the overflow is refused)


def test_phone_code_goes_through_the_sms_backend_and_identifies_the_voter(contest, settings):
    settings.JIANGXIN_SMS_BACKEND = "core.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    phone_code_send(competition=contest["competition"], phone="138 0013 8000", origin="o")
    ((phone, text),) = MemorySmsBackend.outbox
    code = text.split("验证码为 ")[1][:6]
    with pytest.raises(VoteRefused, match="一分钟后"):
        phone_code_send(competition=contest["competition"], phone="13800138000", origin="o")
    with pytest.raises(VoteRefused, match="不正确"):
        phone_code_verify(
            competition=contest["competition"], phone=phone, code="000000" if code != "000000" else "111111"
        )
    key = phone_code_verify(competition=contest["competition"], phone=phone, code=code)
    assert len(key) == 64 and "13800138000" not in key
    with pytest.raises(VoteRefused, match="过期"):
        phone_code_verify(competition=contest["competition"], phone=phone, code=code)


def test_bad_phone_is_refused(contest):
    with pytest.raises(VoteRefused, match="11 位手机号"):
        phone_code_send(competition=contest["competition"], phone="12345", origin="o")


def test_voided_votes_stop_counting_and_need_a_reason(contest, projects):
    votes = [vote_cast(project=projects[0], voter_key=f"v{i}", voter_kind="code", origin="o") for i in range(3)]
    with pytest.raises(DomainError, match="原因"):
        votes_void(competition=contest["competition"], vote_ids=[votes[0].pk], reason="", by=contest["organiser"])
    assert (
        votes_void(competition=contest["competition"], vote_ids=[votes[0].pk], reason="刷票", by=contest["organiser"])
        == 1
    )
    assert project_vote_counts(contest["competition"])[projects[0].pk] == 2
    voided = Vote.objects.get(pk=votes[0].pk)
    assert voided.voided and voided.void_reason == "刷票" and voided.voided_by == contest["organiser"]
    assert voided.history.count() == 2  # created, then voided


def test_burst_from_one_origin_is_shown_to_the_organiser(contest, projects, django_assert_num_queries):
    InnovationSettings.objects.filter(competition=contest["competition"]).update(votes_per_day=10)
    for i in range(12):
        vote_cast(project=projects[i % 4], voter_key=f"b{i}", voter_kind="code", origin=origin_hash("1.2.3.4"))
    vote_cast(project=projects[0], voter_key="calm", voter_kind="code", origin=origin_hash("5.6.7.8"))
    with django_assert_num_queries(1):
        groups = suspicious_votes(contest["competition"])
    kinds = {g.kind for g in groups}
    assert "burst" in kinds
    burst = next(g for g in groups if g.kind == "burst")
    assert len(burst.vote_ids) == 12
