"""build_demo_current (run by make run): a fictitious competition of the current year, open for
registration on the day it runs, with events, units, entries and judges, so that registering,
importing and scoring can be tried at once."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from competitions.models import Competition, CompetitionStatus, Entry, JudgeAssignment
from competitions.services.competitions import registration_problem
from competitions.services.entries import entry_register
from directory.models import Person

pytestmark = pytest.mark.django_db


def build(**options):
    out = io.StringIO()
    call_command("build_demo_current", "--password", "pw-123456", stdout=out, **options)
    return out.getvalue()


def test_registration_is_open_today_with_events_units_entries_and_judges(client, seed_data):
    today = timezone.localdate()
    output = build()
    competition = Competition.objects.get(slug=f"demo-skills-{today.year}")
    assert competition.year == today.year and competition.is_demo
    assert competition.status == CompetitionStatus.REGISTRATION
    assert registration_problem(competition, today=today) is None
    assert competition.registration_opens < today < competition.registration_closes
    assert f"报名 {competition.registration_opens:%Y-%m-%d}" in output
    events = list(competition.events.order_by("pk"))
    assert [e.name for e in events] == ["焊工", "电工"]
    entries = Entry.objects.filter(event__competition=competition)
    assert entries.count() == 12
    assert entries.values("delegation").distinct().count() == 3
    assert all(e.person.is_demo for e in entries.select_related("person"))
    for event in events:
        judges = JudgeAssignment.objects.filter(event=event)
        assert judges.count() == 6 and judges.filter(is_chief=True, user__username="lf-chief").exists()

    # the organiser (tianjin) sees it open and may register one more of a unit
    assert client.login(username="tianjin", password="pw-123456")
    page = client.get(reverse("competitions:registration_manage", args=[competition.slug])).content.decode()
    assert "正在报名" in page
    welding = events[0]
    unit = entries.first().delegation
    newcomer = Person.objects.filter(employer=unit, is_demo=True).exclude(entries__event=welding).first()
    entry_register(event=welding, person=newcomer, delegation=unit, by=None)
    # and a judge may open the mark sheet at once
    assert client.login(username="lf-judge1", password="pw-123456")
    assert client.get(reverse("competitions:mark_sheet", args=[competition.slug, welding.pk])).status_code == 200


def test_running_again_moves_the_window_around_the_new_day_and_adds_nothing(seed_data):
    build(today="2026-03-02")
    competition = Competition.objects.get(slug="demo-skills-2026")
    assert (competition.registration_opens, competition.registration_closes) == (
        dt.date(2026, 2, 16),
        dt.date(2026, 3, 30),
    )
    build(today="2026-06-01")
    competition.refresh_from_db()
    assert registration_problem(competition, today=dt.date(2026, 6, 1)) is None
    assert Entry.objects.filter(event__competition=competition).count() == 12
    assert Competition.objects.filter(slug__startswith="demo-skills-").count() == 1


def test_a_demo_competition_that_moved_on_is_left_alone(seed_data):
    build(today="2026-03-02")
    Competition.objects.filter(slug="demo-skills-2026").update(status=CompetitionStatus.SCORING)
    assert "未改动" in build(today="2026-06-01")
    assert Competition.objects.get(slug="demo-skills-2026").registration_closes == dt.date(2026, 3, 30)
