"""The demo results fixture (fixtures/06_demo_results.json, built by build_demo_results)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from competitions.models import Entry, EntryStatus, Event, Result
from competitions.services.results import event_compute_results
from core.idcard import parse_id_number

pytestmark = pytest.mark.django_db

SLUG = "langfang-skills-2024"


def test_the_closed_langfang_contest_has_published_fictitious_results(seed_data):
    events = Event.objects.filter(competition__slug=SLUG)
    assert events.count() == 4 and all(e.scores_locked and e.results_published for e in events)
    entries = Entry.objects.filter(event__competition__slug=SLUG).select_related("person")
    assert entries.count() >= 50
    for entry in entries:
        assert entry.is_demo and entry.person.is_demo and entry.person.source == "演示数据（虚构）"
        info = parse_id_number(entry.person.id_number)
        assert entry.person.id_number.startswith("131000") and info.gender == entry.person.gender
    welding = events.get(name="焊工")
    statuses = set(welding.entries.values_list("status", flat=True))
    assert {EntryStatus.WITHDRAWN, EntryStatus.DISQUALIFIED} <= statuses
    results = Result.objects.filter(entry__event=welding, rank__isnull=False)
    assert results.filter(tied=True).count() == 4  # two ties: one at each of two prize boundaries
    assert set(results.values_list("prize", flat=True)) == {"first", "second", "third", "none"}


def test_stored_demo_results_are_what_the_services_compute(seed_data):
    for event in Event.objects.filter(competition__slug=SLUG):
        assert event_compute_results(event=event, by=None).results_written == 0, event.name


def test_the_public_results_page_of_the_demo(client, seed_data):
    welding = Event.objects.get(competition__slug=SLUG, name="焊工")
    page = client.get(reverse("competitions:public_event_results", args=[SLUG, welding.pk])).content.decode()
    assert page.count("一等奖") == 1 and "并列" in page and "另有 2 名选手" in page
    assert "演示数据（虚构）" in page
    for person_id in Entry.objects.filter(event=welding).values_list("person__id_number", flat=True):
        assert person_id not in page
    assert client.get(reverse("competitions:public_results", args=[SLUG])).status_code == 200
    # the organiser's pages render the demo's history (changes made by the command line, no user)
    assert client.login(username="langfang", password="pw-123456")
    entry = welding.entries.order_by("bib").first()
    page = client.get(reverse("competitions:entry_scores", args=[SLUG, welding.pk, entry.pk])).content.decode()
    assert "导入成绩" in page and "导入：演示成绩表（虚构）" in page


def test_demo_judge_accounts(client, seed_data):
    call_command("build_demo_results", "--judge-accounts", "--password", "pw-123456", stdout=io.StringIO())
    langfang_welding = Event.objects.get(competition__slug=SLUG, name="焊工")
    assert client.login(username="lf-chief", password="pw-123456")
    assert client.get(reverse("competitions:event_results", args=[SLUG, langfang_welding.pk])).status_code == 200
    # running it again changes nothing
    call_command("build_demo_results", "--judge-accounts", "--password", "pw-123456", stdout=io.StringIO())
    assert langfang_welding.judges.count() == 6 and langfang_welding.judges.filter(is_chief=True).count() == 1
