"""Concurrent users never see a server error (issue 12): the same requests at the same moment, each
from its own thread and database connection, through the real views.

On SQLite the test database is a file (tests/settings.py) in WAL mode with BEGIN IMMEDIATE and a
busy timeout, as in production; the same tests run on PostgreSQL in CI's second round. Every
response is a success or a clear message — never a 500 — and the database holds exactly what the
successful ones saved.
"""

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from django.urls import reverse

from awards.models import NominationStatus, NominationTransition, Objection
from awards.services import campaigns as campaign_services
from awards.services import nominations as nomination_services
from competitions.models import Entry, JudgeAssignment, Mark, ScoreChange
from core.models import ImportRecord
from directory.models import Gender
from tests.factories import UserFactory
from tests.scenarios.contests import add_entries, scoring_contest
from tests.scenarios.honours import TODAY, draft_maker, honours_world, worker_maker
from tests.scenarios.organizations import org_tree
from tests.scenarios.registration import registration_world
from tests.scenarios.registration_workbooks import line, new_id, workbook

pytestmark = pytest.mark.django_db(transaction=True)


def together(requests):
    """Run the callables at the same moment, one thread (and connection) each; their responses."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def run(i, request):
        try:
            barrier.wait(timeout=30)
            responses[i] = request()
        except Exception as exc:  # an exception escaping the test client is a 500 too
            responses[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return responses


def statuses(responses):
    return [getattr(r, "status_code", repr(r)) for r in responses]


def logged_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_thirty_simultaneous_objections_are_all_recorded():
    world = honours_world()
    worker = worker_maker(world)
    draft = draft_maker(world, worker)
    nominee = draft(person=worker(name="王芳", gender=Gender.FEMALE))
    nomination_services.nomination_submit(nomination=nominee, by=world["users"]["city"], today=TODAY)
    nomination_services.nomination_approve(nomination=nominee, by=world["users"]["reviewer"])
    campaign = world["campaign"]
    campaign_services.campaign_start_notice(
        campaign=campaign, by=world["users"]["city"], start=dt.date.today(), reason="测试：只有甲推荐"
    )
    type(campaign).objects.filter(pk=campaign.pk).update(notice_start=dt.date.today(), notice_end=dt.date.today())
    url = reverse("awards:objection_create", args=[campaign.pk, nominee.pk])

    def objection(i):
        content = f"第{i}条异议：该同志事迹与实际情况不符，请核查。"
        data = {"name": "李四", "contact": f"1380000{i:04d}", "content": content, "website": ""}
        return lambda: Client(raise_request_exception=False).post(url, data, REMOTE_ADDR=f"10.8.0.{i}")

    responses = together([objection(i) for i in range(30)])
    assert statuses(responses) == [302] * 30
    assert Objection.objects.filter(nomination=nominee).count() == 30


def sheet_post(client, url, values):
    """The judge's sheet as the page shows it, with every empty cell filled from ``values(name)``."""
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        initial = form.get_initial_for_field(field, name)
        shown = "" if initial is None else str(initial)
        data[name] = shown
        if field.show_hidden_initial:
            data[f"initial-{name}"] = shown
            data[name] = values(name)
    return lambda: client.post(url, data)


def test_six_judges_saving_full_mark_sheets_together_all_save_every_mark():
    contest = scoring_contest(org_tree())
    event = contest["event"]
    entries = add_entries(event, 20)
    judges = [*contest["judges"]] + [UserFactory(username=f"judge{i}") for i in range(3, 7)]
    for judge in judges[2:]:
        JudgeAssignment.objects.create(event=event, user=judge)
    url = reverse("competitions:mark_sheet", args=[contest["competition"].slug, event.pk])
    posts = [
        sheet_post(logged_in(judge), url, lambda name, j=j: "" if name.startswith("t_") else str(60 + j))
        for j, judge in enumerate(judges)
    ]
    responses = together(posts)
    assert statuses(responses) == [302] * 6
    cells = len(entries) * 2
    assert Mark.objects.filter(judge__isnull=False).count() == 6 * cells
    assert ScoreChange.objects.count() == 6 * cells
    for j, judge in enumerate(judges):
        assert set(Mark.objects.filter(judge=judge).values_list("value", flat=True)) == {60 + j}


def test_simultaneous_transitions_of_one_nomination_apply_once_and_the_rest_are_told():
    world = honours_world()
    draft = draft_maker(world, worker_maker(world))
    nomination = draft()
    nomination_services.nomination_submit(nomination=nomination, by=world["users"]["a"], today=TODAY)
    url = reverse("awards:nomination_transition", args=[nomination.pk])
    reviewer = world["users"]["reviewer"]
    clients = [logged_in(reviewer) for _ in range(8)]
    approve = {"action": "approve", "comment": "同意"}
    responses = together([lambda c=c: c.post(url, approve, follow=True) for c in clients])
    assert statuses(responses) == [200] * 8
    pages = [r.content.decode() for r in responses]
    assert sum("已审核通过" in p for p in pages) == 1
    assert sum("不能重复审核通过" in p for p in pages) == 7
    assert NominationTransition.objects.filter(nomination=nomination, to_status=NominationStatus.APPROVED).count() == 1


def chinese(n: int) -> str:
    return "".join("零一二三四五六七八九"[int(d)] for d in str(n))


def test_simultaneous_import_confirms_each_save_or_are_told():
    reg = registration_world()
    organisers = [reg.organizer] + [UserFactory(username=f"city-org{i}") for i in range(1, 5)]
    from directory.models import Role
    from tests.factories import MembershipFactory

    for user in organisers[1:]:
        MembershipFactory(user=user, organization=reg.root, role=Role.ORGANIZER)
    upload_url = reverse("competitions:import_upload", args=[reg.competition.slug])
    confirm_url = reverse("competitions:import_confirm", args=[reg.competition.slug])
    confirms = []
    for i, user in enumerate(organisers[:4]):
        client = logged_in(user)
        rows = [line(f"选手{chinese(i * 100 + k)}", new_id(), event="汽车维修工（新能源汽车）") for k in range(15)]
        response = client.post(upload_url, {"file": SimpleUploadedFile("报名表.xlsx", workbook(rows))})
        confirms.append((client, str(response.context["token"])))
    # and one organiser clicks confirm twice (two tabs)
    double = logged_in(organisers[4])
    rows = [line(f"双击{chinese(k)}", new_id(), event="汽车维修工（新能源汽车）") for k in range(5)]
    token = str(double.post(upload_url, {"file": SimpleUploadedFile("报名表.xlsx", workbook(rows))}).context["token"])
    confirms += [(double, token)] * 2
    responses = together([lambda c=c, t=t: c.post(confirm_url, {"token": t}) for c, t in confirms])
    codes = statuses(responses)
    assert all(code in (200, 302) for code in codes), codes
    # Whoever was not saved was told so (the check is re-run at confirm: another import in between
    # is a clear "请重新导入", nothing half-saved), and confirming again then saves.
    saved_tokens = {t for (_c, t), r in zip(confirms, responses, strict=True) if r.status_code == 302}
    for (client, token), response in zip(confirms, responses, strict=True):
        if response.status_code == 200:
            page = response.content.decode()
            # On failure, show what the page said instead (its error table).
            assert "本次未保存任何数据" in page, page[page.find('id="import-errors"') :][:2000]
            if token not in saved_tokens:
                assert client.post(confirm_url, {"token": token}).status_code == 302
                saved_tokens.add(token)
    assert Entry.objects.filter(event=reg.auto).count() == 4 * 15 + 5
    assert ImportRecord.objects.count() == 5  # the double click imported once
    bibs = list(Entry.objects.filter(event=reg.auto).values_list("bib", flat=True))
    assert len(set(bibs)) == len(bibs)
