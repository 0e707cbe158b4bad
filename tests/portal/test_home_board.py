"""The home page says what to do next, per role, with a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import CampaignStatus, NominationStatus, Objection
from competitions.models import CompetitionStatus, JudgeAssignment, Mark
from core.imports import ImportReport, import_failure_record, import_record_create
from directory.models import Role
from portal.selectors import home_board
from tests.factories import (
    CampaignFactory,
    CompetitionFactory,
    EntryFactory,
    EventFactory,
    NominationFactory,
    PersonFactory,
    member_of,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def organiser_world(org_tree, n: int = 1):
    a = org_tree["a"]
    for i in range(n):
        CompetitionFactory(organizer=a, status=CompetitionStatus.REGISTRATION,
                           registration_closes=TODAY + dt.timedelta(days=3 + i))
        campaign = CampaignFactory(conferring_org=a, status=CampaignStatus.NOMINATING,
                                   nomination_deadline=TODAY - dt.timedelta(days=1))
        NominationFactory(campaign=campaign, status=NominationStatus.SUBMITTED,
                          person=PersonFactory(employer=org_tree["a1"]))
        notice = CampaignFactory(conferring_org=a, status=CampaignStatus.NOTICE,
                                 notice_end=TODAY + dt.timedelta(days=2))
        n_ = NominationFactory(campaign=notice, status=NominationStatus.IN_NOTICE,
                               person=PersonFactory(employer=org_tree["a1"]))
        Objection.objects.create(nomination=n_, name="某某", contact="13900000000", content="事迹不实")
        EventFactory(competition=CompetitionFactory(organizer=a), results_computed_at=timezone.now())
        EventFactory(competition=CompetitionFactory(organizer=a), scores_locked=True)
    # elsewhere: never shown
    CompetitionFactory(organizer=org_tree["b"], status=CompetitionStatus.REGISTRATION, registration_closes=TODAY)


def test_organiser_sees_deadlines_objections_reviews_events_and_failed_imports(org_tree):
    organiser_world(org_tree)
    boss = member_of(org_tree["a"])
    import_failure_record(ImportReport(filename="报名表.xlsx", errors=[]), kind="entries", target="x",
                          title="导入报名表", by=boss, url="/competitions/x/import/")
    board = home_board(boss, today=TODAY)
    labels = [t.label for t in board.deadlines]
    assert len(labels) == 3 and any("报名截止" in x for x in labels)
    assert any("推荐截止" in x and t.overdue for x, t in zip(labels, board.deadlines, strict=True))
    assert any("公示结束" in x for x in labels)
    assert len(board.objections) == 1 and board.objections[0].label.startswith("对“")
    assert board.reviews[0].count == 1 and board.reviews[0].url.endswith("?status=submitted")
    assert {t.label.split("：")[1] for t in board.events} == {"待裁判长锁定成绩", "可以公布成绩"}
    assert board.failed_imports[0].url == "/competitions/x/import/"
    assert not board.sheets and not board.campaigns


def test_a_later_successful_import_clears_the_failed_one(org_tree):
    boss = member_of(org_tree["a"])
    import_failure_record(ImportReport(filename="a.xlsx"), kind="entries", target="x", title="导入报名表", by=boss,
                          url="/x/")
    assert home_board(boss, today=TODAY).failed_imports
    import_record_create(ImportReport(filename="a.xlsx"), kind="entries", target="x", by=boss, created=1)
    assert not home_board(boss, today=TODAY).failed_imports


def test_another_subtree_sees_nothing_of_it(org_tree):
    organiser_world(org_tree)
    other = member_of(org_tree["b"])
    board = home_board(other, today=TODAY)
    assert [t.label for t in board.deadlines] == [board.deadlines[0].label]  # only b's own competition
    assert not board.objections and not board.reviews and not board.events


def test_organiser_board_query_count_does_not_grow(org_tree, django_assert_num_queries):
    organiser_world(org_tree, n=1)
    boss = member_of(org_tree["a"])
    with django_assert_num_queries(8):
        home_board(boss, today=TODAY)
    organiser_world(org_tree, n=4)
    with django_assert_num_queries(8):
        home_board(boss, today=TODAY)


def test_judge_sees_sheets_and_how_many_entries_remain(org_tree, django_assert_num_queries):
    event = EventFactory(competition=CompetitionFactory(organizer=org_tree["a"]))
    entries = [EntryFactory(event=event, person=PersonFactory(employer=org_tree["a1"])) for _ in range(3)]
    judge = member_of(org_tree["a1"], role=Role.JUDGE, username="judge")
    JudgeAssignment.objects.create(event=event, user=judge)
    for component in event.components.all():
        Mark.objects.create(entry=entries[0], component=component, judge=judge, value=80)
    Mark.objects.create(entry=entries[1], component=event.components.first(), judge=judge, value=80)
    with django_assert_num_queries(6):
        board = home_board(judge, today=TODAY)
    assert board.is_judge and not board.is_organiser
    [sheet] = board.sheets
    assert sheet.count == 2 and "还有 2 名选手待评分（共 3 名）" in sheet.detail
    assert sheet.url == reverse("competitions:mark_sheet", args=[event.competition.slug, event.pk])


def test_reviewer_sees_their_campaigns_with_waiting_nominations(org_tree):
    campaign = CampaignFactory(conferring_org=org_tree["a"], status=CampaignStatus.REVIEWING)
    NominationFactory(campaign=campaign, status=NominationStatus.SUBMITTED,
                      person=PersonFactory(employer=org_tree["a1"]))
    reviewer = member_of(org_tree["a"], role=Role.REVIEWER, username="rev")
    board = home_board(reviewer, today=TODAY)
    assert [t.label for t in board.campaigns] == [campaign.name] and board.campaigns[0].count == 1


def test_home_page_shows_the_board_and_links(client, org_tree):
    organiser_world(org_tree)
    boss = member_of(org_tree["a"], username="boss")
    client.force_login(boss)
    page = client.get(reverse("portal:home")).content.decode()
    assert "待答复的异议" in page and "待审核的推荐" in page and "修改密码" in page
    judge = member_of(org_tree["b"], role=Role.JUDGE, username="lonely")
    client.force_login(judge)
    assert "目前没有需要您处理的事项" in client.get(reverse("portal:home")).content.decode()
