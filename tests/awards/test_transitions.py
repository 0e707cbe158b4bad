"""Every nomination step: who may take it, from which status, never twice, always recorded."""

import pytest

from awards.models import NominationStatus, NominationTransition
from awards.services import nominations as nomination_services
from awards.services.nominations import NOMINATION_TRANSITIONS
from core.errors import DomainError, NotAllowed
from tests.scenarios.honours import TODAY, refresh

S = NominationStatus


def submitted(draft, world, **kw):
    n = draft(**kw)
    return nomination_services.nomination_submit(nomination=n, by=world["users"]["a"], today=TODAY)


def test_transition_table_is_the_documented_one():
    table = {a: (set(t.sources), t.target, t.actor) for a, t in NOMINATION_TRANSITIONS.items()}
    assert table == {
        "submit": ({S.DRAFT, S.RETURNED}, S.SUBMITTED, "nominator"),
        "withdraw": ({S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED}, S.WITHDRAWN, "nominator"),
        "return": ({S.SUBMITTED}, S.RETURNED, "reviewer"),
        "approve": ({S.SUBMITTED}, S.APPROVED, "reviewer"),
        "reject": ({S.SUBMITTED}, S.REJECTED, "reviewer"),
        "publish": ({S.APPROVED}, S.IN_NOTICE, "conferrer"),
        "confer": ({S.IN_NOTICE}, S.CONFERRED, "conferrer"),
        "revoke": ({S.IN_NOTICE, S.CONFERRED}, S.REVOKED, "conferrer"),
    }


def test_submit_by_the_nominating_unit_is_recorded_with_who_and_comment(world, draft):
    n = draft()
    nomination_services.nomination_submit(nomination=n, by=world["users"]["a"], comment="请审核", today=TODAY)
    assert refresh(n).status == S.SUBMITTED
    t = NominationTransition.objects.get(nomination=n)
    assert (t.from_status, t.to_status, t.by, t.comment) == (S.DRAFT, S.SUBMITTED, world["users"]["a"], "请审核")
    assert t.at is not None


def test_submit_twice_is_refused_and_recorded_once(world, draft):
    n = draft()
    nomination_services.nomination_submit(nomination=n, by=world["users"]["a"], today=TODAY)
    with pytest.raises(DomainError, match="不能重复上报推荐"):
        nomination_services.nomination_submit(nomination=n, by=world["users"]["a"], today=TODAY)
    assert NominationTransition.objects.filter(nomination=n).count() == 1


def test_submit_with_a_stale_object_cannot_apply_twice(world, draft):
    """A double click: both requests hold the draft as it was; the second finds it already submitted."""
    n = draft()
    stale = type(n).objects.get(pk=n.pk)
    nomination_services.nomination_submit(nomination=n, by=world["users"]["a"], today=TODAY)
    with pytest.raises(DomainError):
        nomination_services.nomination_submit(nomination=stale, by=world["users"]["a"], today=TODAY)
    assert NominationTransition.objects.filter(nomination=n, to_status=S.SUBMITTED).count() == 1


@pytest.mark.parametrize("who", ["b", "reviewer", "city_viewer", "other"])
def test_submit_is_refused_to_anyone_but_the_nominating_unit(world, draft, who):
    n = draft()
    with pytest.raises(NotAllowed):
        nomination_services.nomination_submit(nomination=n, by=world["users"][who], today=TODAY)
    assert refresh(n).status == S.DRAFT


def test_the_conferring_unit_organiser_may_act_for_a_unit_below_it(world, draft):
    n = draft()
    nomination_services.nomination_submit(nomination=n, by=world["users"]["city"], today=TODAY)
    assert refresh(n).status == S.SUBMITTED


@pytest.mark.parametrize("action,target", [("approve", S.APPROVED), ("return", S.RETURNED), ("reject", S.REJECTED)])
def test_reviewer_steps(world, draft, action, target):
    n = submitted(draft, world)
    nomination_services.NOMINATION_ACTIONS[action](nomination=n, by=world["users"]["reviewer"], comment="意见")
    assert refresh(n).status == target
    last = n.transitions.last()
    assert (last.from_status, last.to_status, last.by) == (S.SUBMITTED, target, world["users"]["reviewer"])
    with pytest.raises(DomainError):
        nomination_services.NOMINATION_ACTIONS[action](nomination=n, by=world["users"]["reviewer"], comment="意见")
    assert n.transitions.filter(to_status=target).count() == 1


@pytest.mark.parametrize("action", ["approve", "return", "reject"])
@pytest.mark.parametrize("who", ["a", "b", "city_viewer", "other"])
def test_review_steps_are_refused_to_the_nominating_side_and_viewers(world, draft, action, who):
    n = submitted(draft, world)
    with pytest.raises(NotAllowed):
        nomination_services.NOMINATION_ACTIONS[action](nomination=n, by=world["users"][who], comment="意见")
    assert refresh(n).status == S.SUBMITTED


@pytest.mark.parametrize("action", ["return", "reject"])
def test_return_and_reject_need_a_comment(world, draft, action):
    n = submitted(draft, world)
    with pytest.raises(DomainError, match="须填写意见"):
        nomination_services.NOMINATION_ACTIONS[action](nomination=n, by=world["users"]["reviewer"], comment="  ")
    assert refresh(n).status == S.SUBMITTED


@pytest.mark.parametrize("action", ["approve", "return", "reject"])
def test_a_draft_cannot_skip_submission(world, draft, action):
    n = draft()
    with pytest.raises(DomainError, match="不能"):
        nomination_services.NOMINATION_ACTIONS[action](nomination=n, by=world["users"]["reviewer"], comment="意见")
    assert refresh(n).status == S.DRAFT


def test_returned_nomination_is_edited_and_resubmitted(world, draft):
    n = submitted(draft, world)
    nomination_services.nomination_return(nomination=n, by=world["users"]["reviewer"], comment="请补充数据")
    nomination_services.nomination_update(
        nomination=n, by=world["users"]["a"], citation="补充后的事迹：获得发明专利两项。", unit_and_title="甲公司焊工"
    )
    nomination_services.nomination_submit(nomination=n, by=world["users"]["a"], today=TODAY)
    assert [t.to_status for t in n.transitions.all()] == [S.SUBMITTED, S.RETURNED, S.SUBMITTED]


def test_submitted_nomination_cannot_be_edited(world, draft):
    n = submitted(draft, world)
    with pytest.raises(DomainError, match="不能修改"):
        nomination_services.nomination_update(nomination=n, by=world["users"]["a"], citation="x", unit_and_title="y")


@pytest.mark.parametrize("stage", ["draft", "submitted", "returned", "approved"])
def test_withdraw_from_every_stage_before_the_notice(world, draft, stage):
    n = draft() if stage == "draft" else submitted(draft, world)
    if stage == "returned":
        nomination_services.nomination_return(nomination=n, by=world["users"]["reviewer"], comment="补充")
    if stage == "approved":
        nomination_services.nomination_approve(nomination=n, by=world["users"]["reviewer"])
    nomination_services.nomination_withdraw(nomination=n, by=world["users"]["a"], comment="本人调动")
    assert refresh(n).status == S.WITHDRAWN
    with pytest.raises(DomainError, match="不能重复撤回"):
        nomination_services.nomination_withdraw(nomination=n, by=world["users"]["a"])


def test_withdraw_is_refused_to_the_reviewer(world, draft):
    n = submitted(draft, world)
    with pytest.raises(NotAllowed):
        nomination_services.nomination_withdraw(nomination=n, by=world["users"]["reviewer"])


def test_rejected_and_withdrawn_are_final(world, draft):
    n = submitted(draft, world)
    nomination_services.nomination_reject(nomination=n, by=world["users"]["reviewer"], comment="不符合条件")
    for action in ("submit", "approve", "withdraw"):
        with pytest.raises(DomainError):
            nomination_services.NOMINATION_ACTIONS[action](nomination=n, by=world["users"]["city"], comment="x")
    assert refresh(n).status == S.REJECTED


def test_allowed_actions_list_only_what_the_user_may_do(world, draft):
    n = submitted(draft, world)
    assert {t.action for t in nomination_services.allowed_actions(world["users"]["reviewer"], n)} == {
        "approve",
        "return",
        "reject",
    }
    assert {t.action for t in nomination_services.allowed_actions(world["users"]["a"], n)} == {"withdraw"}
    assert nomination_services.allowed_actions(world["users"]["b"], n) == []
