"""Scoring pages: who sees what (404 outside the user's scope, 403 when he sees the competition but may not
do this), the judge's sheet, lock, publication, public pages."""

import pytest
from django.urls import reverse

from competitions.models import EventKind, JudgeAssignment, Mark, ScoreChange, Team
from competitions.services.marks import mark_save
from competitions.services.results import event_compute_results, event_lock_scores, event_publish_results
from directory.models import Role
from tests.factories import EventFactory, OrganizationFactory, UserFactory
from tests.scenarios.contests import D, add_entries, give, score

pytestmark = pytest.mark.django_db


def url(name, contest, *extra, event=None):
    event = event or contest["event"]
    return reverse(f"competitions:{name}", args=[contest["competition"].slug, event.pk, *extra])


@pytest.fixture
def scored(contest):
    entries = add_entries(contest["event"], 4)
    for entry, (t, p) in zip(entries, [(80, 90), (90, 80), (80, 90), (70, 60)], strict=True):
        score(entry, t, p, contest)
    event_compute_results(event=contest["event"], by=None)
    return entries


def test_a_judge_opens_only_the_events_he_is_assigned_to(client, contest, scored):
    other = EventFactory(competition=contest["competition"], name="钳工")
    judge = contest["judges"][0]
    client.force_login(judge)
    assert client.get(url("mark_sheet", contest)).status_code == 200
    assert client.get(url("mark_sheet", contest, event=other)).status_code == 403
    assert client.get(url("entry_scores", contest, scored[0].pk)).status_code == 200
    # ordinary judges mark blind: no results page, no other judges' marks
    assert client.get(url("event_results", contest)).status_code == 403
    for name in ("score_import", "scoring_settings", "event_judges", "event_reopen", "event_lock"):
        assert client.get(url(name, contest)).status_code == 403, name
    assert client.post(url("event_publish", contest)).status_code == 403
    page = client.get(reverse("competitions:competition_scoring", args=["test-contest"])).content.decode()
    assert "焊工" in page and "钳工" not in page


def test_the_chief_judge_sees_results_and_locks_but_does_not_publish(client, contest, scored):
    client.force_login(contest["chief"])
    assert client.get(url("event_results", contest)).status_code == 200
    assert client.get(url("event_lock", contest)).status_code == 200
    assert client.post(url("event_publish", contest)).status_code == 403
    assert client.get(url("event_reopen", contest)).status_code == 403


def test_outsiders_get_404_and_anonymous_users_the_login_page(client, contest, scored):
    names = ["mark_sheet", "event_results", "score_import", "score_template", "scoring_settings", "event_judges"]
    client.force_login(contest["outsider"])
    for name in names:
        assert client.get(url(name, contest)).status_code == 404, name
    assert client.get(url("entry_scores", contest, scored[0].pk)).status_code == 404
    for name in ("competition_scoring", "standings", "eligible_list", "results_book"):
        assert client.get(reverse(f"competitions:{name}", args=["test-contest"])).status_code == 404, name
    client.logout()
    response = client.get(url("event_results", contest))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_user_who_sees_the_competition_but_has_no_part_in_scoring_gets_403(client, contest, scored, organizer_of):
    # A 评审 (reviewer) of the organiser sees the competition (its pages) but not its scores.
    clerk = organizer_of(contest["org"], role=Role.REVIEWER, username="clerk")
    client.force_login(clerk)
    assert client.get(reverse("competitions:competition_detail", args=["test-contest"])).status_code == 200
    for name in ("mark_sheet", "event_results", "score_import", "event_judges"):
        assert client.get(url(name, contest)).status_code == 403, name
    for name in ("competition_scoring", "standings", "results_book"):
        assert client.get(reverse(f"competitions:{name}", args=["test-contest"])).status_code == 403, name


def test_a_viewer_reads_results_but_neither_marks_nor_manages(client, contest, scored, organizer_of):
    viewer = organizer_of(contest["org"], role=Role.VIEWER, username="viewer")
    client.force_login(viewer)
    assert client.get(url("event_results", contest)).status_code == 200
    assert client.get(reverse("competitions:standings", args=["test-contest"])).status_code == 200
    for name in ("mark_sheet", "score_import", "event_judges"):
        assert client.get(url(name, contest)).status_code == 403, name
    assert client.get(reverse("competitions:results_book", args=["test-contest"])).status_code == 403


def sheet_data(page_form, changes):
    data = {}
    for name, field in page_form.fields.items():
        initial = page_form.get_initial_for_field(field, name)
        value = "" if initial is None else str(initial)
        data[name] = value
        if field.show_hidden_initial:
            data[f"initial-{name}"] = value
    data.update(changes)
    return data


def test_the_mark_sheet_saves_only_changed_cells(client, contest):
    entries = add_entries(contest["event"], 2)
    judge = contest["judges"][0]
    client.force_login(judge)
    form = client.get(url("mark_sheet", contest)).context["form"]
    cell = f"m_{entries[0].pk}_{contest['practical'].pk}"
    response = client.post(url("mark_sheet", contest), sheet_data(form, {cell: "88.5"}))
    assert response.status_code == 302
    mark = Mark.objects.get()
    assert (mark.entry, mark.judge, mark.value) == (entries[0], judge, D("88.5"))
    page = client.get(url("mark_sheet", contest)).content.decode()
    assert "已保存 1 项" in page and 'value="88.50"' in page


def test_the_mark_sheet_refuses_bad_values_and_saves_nothing(client, contest):
    entries = add_entries(contest["event"], 2)
    client.force_login(contest["judges"][0])
    form = client.get(url("mark_sheet", contest)).context["form"]
    changes = {
        f"m_{entries[0].pk}_{contest['practical'].pk}": "88",
        f"m_{entries[1].pk}_{contest['practical'].pk}": "188",
    }
    response = client.post(url("mark_sheet", contest), sheet_data(form, changes))
    assert response.status_code == 200
    assert "本次没有保存任何成绩" in response.content.decode()
    assert not Mark.objects.exists()


def test_a_stale_mark_sheet_gets_the_conflict_message_and_keeps_the_other_value(client, contest):
    entries = add_entries(contest["event"], 1)
    judge = contest["judges"][0]
    mark_save(entry=entries[0], component=contest["practical"], by=judge, value=D("80"), expected_version=None)
    client.force_login(judge)
    form = client.get(url("mark_sheet", contest)).context["form"]  # shows 80, version 1
    mark_save(entry=entries[0], component=contest["practical"], by=judge, value=D("82"), expected_version=1)
    cell = f"m_{entries[0].pk}_{contest['practical'].pk}"
    response = client.post(url("mark_sheet", contest), sheet_data(form, {cell: "85"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "已被他人修改，请刷新" in page
    assert "您输入 85" in page and "当前值 82.00" in page
    assert Mark.objects.get().value == D("82")


def test_a_locked_sheet_cannot_be_posted(client, contest, scored):
    event_lock_scores(event=contest["event"], by=contest["chief"])
    client.force_login(contest["judges"][0])
    form = client.get(url("mark_sheet", contest)).context["form"]
    cell = f"m_{scored[0].pk}_{contest['practical'].pk}"
    response = client.post(url("mark_sheet", contest), sheet_data(form, {cell: "10"}), follow=True)
    assert "成绩已锁定，不能修改" in response.content.decode()
    assert not Mark.objects.filter(judge__isnull=False).exists()


def test_entry_page_shows_a_judge_only_his_own_marks_and_history(client, contest, scored):
    a, b = contest["judges"]
    mark_save(entry=scored[0], component=contest["practical"], by=a, value=D("77"), expected_version=None)
    mark_save(entry=scored[0], component=contest["practical"], by=b, value=D("66"), expected_version=None)
    client.force_login(a)
    page = client.get(url("entry_scores", contest, scored[0].pk)).content.decode()
    assert "77.00" in page and "66.00" not in page
    client.force_login(contest["manager"])
    page = client.get(url("entry_scores", contest, scored[0].pk)).content.decode()
    assert "77.00" in page and "66.00" in page and "以导入成绩为准" in page and "修改记录" in page


def test_publication_flow_through_the_pages(client, contest, scored):
    client.force_login(contest["manager"])
    response = client.post(url("event_publish", contest), {"confirm": "on"}, follow=True)
    assert "成绩锁定后才能公布" in response.content.decode()
    public = reverse("competitions:public_event_results", args=["test-contest", contest["event"].pk])
    client.logout()
    assert client.get(public).status_code == 404
    assert client.get(reverse("competitions:public_results", args=["test-contest"])).status_code == 404

    client.force_login(contest["chief"])
    client.post(url("event_lock", contest), {"confirm": "on", "note": "核对无误"})
    client.force_login(contest["manager"])
    # A confirmation page first: what becomes public, how many entries; nothing published by opening it.
    page = client.get(url("event_publish", contest)).content.decode()
    assert "将公开的内容" in page and "名次表：" in page and "不显示身份证号" in page
    assert client.post(url("event_publish", contest)).status_code == 200  # the box not ticked
    contest["event"].refresh_from_db()
    assert not contest["event"].results_published
    response = client.post(url("event_publish", contest), {"confirm": "on"}, follow=True)
    assert "成绩已公布" in response.content.decode()

    client.logout()
    page = client.get(public).content.decode()
    assert "选手1" in page and "一等奖" in page and "并列" in page
    for entry in scored:
        assert entry.person.id_number not in page
        assert entry.person.id_number[-4:] not in page
    assert "代表队1" in page

    client.force_login(contest["manager"])
    client.post(url("event_reopen", contest), {"reason": "选手申诉，复核实操成绩"})
    client.logout()
    assert client.get(public).status_code == 404
    fields = list(ScoreChange.objects.filter(entry=None).values_list("field", flat=True))
    assert fields == ["lock", "publish", "unpublish", "reopen"]


def test_public_page_shows_no_phone_or_id_even_in_the_html_source(client, contest, scored):
    person = scored[0].person
    person.phone = "13912345678"
    person.save()
    event_lock_scores(event=contest["event"], by=contest["chief"])
    event_publish_results(event=contest["event"], by=contest["manager"])
    page = client.get(reverse("competitions:public_event_results", args=["test-contest", contest["event"].pk]))
    text = page.content.decode()
    assert "13912345678" not in text and "5678" not in text and person.id_number not in text


def test_competition_page_links_to_scoring_for_its_organiser(client, contest, scored):
    client.force_login(contest["manager"])
    page = client.get(reverse("competitions:competition_detail", args=["test-contest"])).content.decode()
    for label in ("评分", "成绩", "成绩册下载", "可推荐人员"):
        assert label in page
    assert reverse("competitions:results_book", args=["test-contest"]) in page


def test_judges_page_assigns_a_chief_and_refuses_unknown_users(client, contest, scored):

    newcomer = UserFactory(username="newchief")
    client.force_login(contest["manager"])
    page = client.post(url("event_judges", contest), {"username": "nobody"}).content.decode()
    assert "没有这个用户" in page
    client.post(url("event_judges", contest), {"username": "newchief", "is_chief": "on"})
    chiefs = list(JudgeAssignment.objects.filter(event=contest["event"], is_chief=True).values_list("user", flat=True))
    assert chiefs == [newcomer.pk]


def test_scoring_settings_page_sets_the_cascade_and_ratios(client, contest, scored):
    client.force_login(contest["manager"])
    form = client.get(url("scoring_settings", contest)).context["form"]
    data = {name: form.get_initial_for_field(field, name) for name, field in form.fields.items()}
    data = {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, bool) or v}
    data.update(
        {
            "tie_break_1": "total",
            "tie_break_2": "component:theory",
            "first_prize_ratio": "0.2",
            "second_prize_ratio": "0.3",
            "third_prize_ratio": "0.6",
        }
    )
    page = client.post(url("scoring_settings", contest), data).content.decode()
    assert "比例之和不能超过 1" in page
    data["third_prize_ratio"] = "0.3"
    assert client.post(url("scoring_settings", contest), data).status_code == 302
    contest["event"].refresh_from_db()
    assert contest["event"].tie_break == [["total", True], ["component:theory", True]]
    assert contest["event"].first_prize_ratio == D("0.2")


def test_a_team_event_ranks_teams_on_the_results_and_public_pages(client, contest):

    event = EventFactory(competition=contest["competition"], name="团体赛", kind=EventKind.TEAM, team_size=2)
    JudgeAssignment.objects.create(event=event, user=contest["chief"], is_chief=True)
    theory, practical = list(event.components.order_by("order"))
    orgs = [OrganizationFactory(name="红队单位"), OrganizationFactory(name="蓝队单位")]
    teams = [Team.objects.create(event=event, name=name, delegation=org) for name, org in zip(["红队", "蓝队"], orgs)]
    members = add_entries(event, 4, delegations=orgs, prefix="T")
    for i, member in enumerate(members):
        member.team = teams[i % 2]
        member.save(update_fields=["team"])
        give(member, theory, 90 - i)
        give(member, practical, 90 - i)
    event_lock_scores(event=event, by=contest["chief"])
    event_publish_results(event=event, by=contest["manager"])
    client.force_login(contest["manager"])
    page = client.get(url("event_results", contest, event=event)).content.decode()
    assert "团体成绩" in page and "红队" in page and "176.00" in page  # 90 + 86
    client.logout()
    public = client.get(url("public_event_results", contest, event=event)).content.decode()
    assert public.index("红队") < public.index("蓝队") and "一等奖" in public


def test_unpublish_asks_for_a_reason_then_withdraws_the_public_page(client, contest, scored):
    event_lock_scores(event=contest["event"], by=contest["chief"])
    event_publish_results(event=contest["event"], by=contest["manager"])
    public = reverse("competitions:public_event_results", args=["test-contest", contest["event"].pk])
    client.force_login(contest["manager"])
    assert "撤回后公开成绩页不再显示本赛项成绩" in client.get(url("event_unpublish", contest)).content.decode()
    # no reason: the confirm page again, still published
    assert client.post(url("event_unpublish", contest), {"reason": ""}).status_code == 200
    client.logout()
    assert client.get(public).status_code == 200
    client.force_login(contest["manager"])
    response = client.post(url("event_unpublish", contest), {"reason": "名次核对有误"}, follow=True)
    assert "已撤回公布" in response.content.decode()
    client.logout()
    assert client.get(public).status_code == 404


def test_lock_page_lists_contestants_with_incomplete_scores(client, contest, scored):
    unscored = add_entries(contest["event"], 1, prefix="X")[0]
    client.force_login(contest["chief"])
    page = client.get(url("event_lock", contest)).content.decode()
    assert "1 名选手评分不完整" in page
    assert unscored.person.name in page and scored[0].person.name not in page
