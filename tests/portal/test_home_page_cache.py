"""The signed-in home page caches its board and lists per user under stamps (portal.views.home):
a repeat visit is a few queries, and any change it shows — a new objection, a submitted nomination, a
new award, a new membership, a judge's assignment — is on the next visit at once, for that user only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import CampaignStatus, NominationStatus, Objection
from competitions.models import JudgeAssignment
from directory.models import Role
from tests.factories import (
    AwardFactory,
    CampaignFactory,
    CompetitionFactory,
    EntryFactory,
    EventFactory,
    MembershipFactory,
    NominationFactory,
    PersonFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def _home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("portal:home")).content.decode()


def _notice_nomination(org_tree, name="张三"):
    campaign = CampaignFactory(conferring_org=org_tree["a"], status=CampaignStatus.NOTICE)
    return NominationFactory(campaign=campaign, status=NominationStatus.IN_NOTICE,
                             person=PersonFactory(name=name, employer=org_tree["a1"]))


def test_a_repeat_visit_reads_the_cached_part_in_a_few_queries_and_shows_the_same(client, org_tree):
    _notice_nomination(org_tree)
    boss = member_of(org_tree["a"])
    client.force_login(boss)
    with CaptureQueriesContext(connection) as first:
        first_page = client.get(reverse("portal:home")).content.decode()
    with CaptureQueriesContext(connection) as second:
        second_page = client.get(reverse("portal:home")).content.decode()
    # session, user, memberships, the stamps, the judge's assignments
    assert len(second) <= 5 < len(first)
    # the same page but for the (per-request) CSRF token of the sign-out form
    assert _without_csrf(second_page) == _without_csrf(first_page)


def _without_csrf(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_a_new_objection_is_on_the_next_visit(client, org_tree):
    nomination = _notice_nomination(org_tree, name="李四")
    boss = member_of(org_tree["a"])
    assert "待答复的异议" not in _home(client, boss)
    Objection.objects.create(nomination=nomination, name="某某", contact="13900000000", content="事迹不实")
    assert "对“李四”的异议" in _home(client, boss)


def test_a_submitted_nomination_counts_at_once(client, org_tree):
    campaign = CampaignFactory(conferring_org=org_tree["a"], status=CampaignStatus.REVIEWING)
    boss = member_of(org_tree["a"])
    assert "待审核的推荐" not in _home(client, boss)
    NominationFactory(campaign=campaign, status=NominationStatus.SUBMITTED,
                      person=PersonFactory(employer=org_tree["a1"]))
    assert "待审核的推荐" in _home(client, boss)


def test_a_new_award_is_in_the_list_at_once(client, org_tree):
    boss = member_of(org_tree["a"])
    assert "王五" not in _home(client, boss)
    AwardFactory(person=PersonFactory(name="王五", employer=org_tree["a1"]), recipient_name="王五",
                 conferring_org=org_tree["a"])
    assert "王五" in _home(client, boss)


def test_each_user_gets_their_own_part(client, org_tree):
    nomination = _notice_nomination(org_tree, name="赵六")
    Objection.objects.create(nomination=nomination, name="某某", contact="13900000000", content="事迹不实")
    boss = member_of(org_tree["a"], username="boss-a")
    other = member_of(org_tree["b"], username="boss-b")
    assert "对“赵六”的异议" in _home(client, boss)
    assert "赵六" not in _home(client, other)


def test_a_new_membership_widens_the_board_at_once(client, org_tree):
    nomination = _notice_nomination(org_tree, name="钱七")
    Objection.objects.create(nomination=nomination, name="某某", contact="13900000000", content="事迹不实")
    user = member_of(org_tree["b"], username="moving")
    assert "钱七" not in _home(client, user)
    MembershipFactory(user=user, organization=org_tree["a"], role=Role.ORGANIZER)
    assert "对“钱七”的异议" in _home(client, user)


def test_a_judges_sheet_comes_and_goes_with_the_assignment(client, org_tree):
    event = EventFactory(competition=CompetitionFactory(organizer=org_tree["a"]))
    EntryFactory(event=event, person=PersonFactory(employer=org_tree["a1"]))
    judge = member_of(org_tree["a1"], role=Role.JUDGE, username="judge")
    assert "目前没有需要您处理的事项" in _home(client, judge)
    assignment = JudgeAssignment.objects.create(event=event, user=judge)  # keeps no change history
    page = _home(client, judge)
    assert "我的评分表" in page and "目前没有需要您处理的事项" not in page
    assignment.delete()
    page = _home(client, judge)
    assert "我的评分表" not in page and "目前没有需要您处理的事项" in page


def test_a_refused_upload_shows_at_once_and_goes_with_the_next_good_import(client, org_tree):
    from core.imports import ImportReport, import_failure_record, import_record_create

    boss = member_of(org_tree["a"])
    assert "未通过检查的导入" not in _home(client, boss)
    import_failure_record(ImportReport(filename="报名表.xlsx"), kind="entries", target="x", title="导入报名表",
                          by=boss, url="/x/")
    assert "导入报名表：报名表.xlsx" in _home(client, boss)
    import_record_create(ImportReport(filename="报名表.xlsx"), kind="entries", target="x", by=boss, created=1)
    assert "未通过检查的导入" not in _home(client, boss)
