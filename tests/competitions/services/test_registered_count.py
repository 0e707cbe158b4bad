"""报名人数 (Event.registered_count): kept by every service that changes entries, in its transaction,
so the competitions list reads it instead of counting entries (issue 13). Checked against a real
count after every path, including the refused ones (rolled back) and the writers outside services."""

from datetime import date

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competitions.importers.entries import EntryImporter
from competitions.models import Entry, EntryStatus, Event
from competitions.services.common import registered_count_refresh
from competitions.services.entries import (
    entries_bulk_withdraw,
    entry_disqualify,
    entry_register,
    entry_reinstate,
    entry_withdraw,
)
from core.errors import DomainError
from tests.factories import CompetitionFactory, EntryFactory, EventFactory, PersonFactory
from tests.scenarios.registration import registered_counts_hold
from tests.scenarios.registration_workbooks import line, new_id, workbook

pytestmark = pytest.mark.django_db


def register(reg, event=None, unit=None, **kwargs):
    unit = unit or reg.plant
    person = PersonFactory(employer=unit)
    return entry_register(event=event or reg.welding, person=person, delegation=unit, by=None, **kwargs)


def counts(reg):
    return dict(Event.objects.filter(competition=reg.competition).values_list("name", "registered_count"))


def test_register_withdraw_disqualify_reinstate_keep_the_count(reg):
    a, b, c = register(reg), register(reg, unit=reg.bus), register(reg, event=reg.auto)
    register(reg, event=reg.team, team_name="一队")
    assert counts(reg) == {"焊工": 2, "汽车维修工（新能源汽车）": 1, "电工团体赛": 1}
    entry_withdraw(entry=a, reason="伤病", by=None)
    entry_disqualify(entry=c, reason="违规", by=None)
    assert counts(reg)["焊工"] == 1 and counts(reg)["汽车维修工（新能源汽车）"] == 0
    entry_reinstate(entry=a, by=None)
    assert counts(reg)["焊工"] == 2
    entries_bulk_withdraw(entries=[a, b], reason="停赛", by=None)
    assert counts(reg)["焊工"] == 0
    assert registered_counts_hold()


def test_refused_writes_leave_the_count_as_it_was(reg):
    a = register(reg)
    entry_withdraw(entry=a, reason="伤病", by=None)
    with pytest.raises(DomainError):
        entry_withdraw(entry=a, reason="再退一次", by=None)  # already withdrawn
    b = register(reg, unit=reg.bus)
    with pytest.raises(DomainError):
        entries_bulk_withdraw(entries=[b, a], reason="停赛", by=None)  # a refuses: b stays registered
    with pytest.raises(DomainError):
        entry_register(event=reg.welding, person=b.person, delegation=reg.bus, by=None)  # registered already
    assert counts(reg)["焊工"] == 1
    assert registered_counts_hold()


def test_the_registration_import_adds_its_entries_to_each_event(reg):
    register(reg)
    rows = [
        line("张伟", new_id()),
        line("李娜", new_id(gender="F")),
        line("王强", new_id(), event="汽车维修工（新能源汽车）"),
    ]
    result = EntryImporter(reg.competition, today=date(2024, 5, 1)).run(workbook(rows), filename="报名表.xlsx")
    assert result.ok, result.errors
    assert counts(reg) == {"焊工": 3, "汽车维修工（新能源汽车）": 1, "电工团体赛": 0}
    assert registered_counts_hold()


def test_a_dry_run_import_changes_no_count(reg):
    result = EntryImporter(reg.competition, today=date(2024, 5, 1)).run(
        workbook([line("张伟", new_id())]), filename="报名表.xlsx", dry_run=True
    )
    assert result.ok and counts(reg)["焊工"] == 0


def test_entries_written_outside_the_services_are_counted_again(reg, admin_user):
    event = EventFactory()
    EntryFactory(event=event)
    EntryFactory(event=event, status=EntryStatus.WITHDRAWN)
    assert Event.objects.get(pk=event.pk).registered_count == 1  # the factory counts as the services do
    # the admin: edited or deleted entries
    entry_admin = admin.site._registry[Entry]
    request = RequestFactory().post("/")
    request.user = admin_user
    entry = Entry.objects.filter(event=event, status=EntryStatus.REGISTERED).get()
    entry.status = EntryStatus.DISQUALIFIED
    entry_admin.save_model(request, entry, form=None, change=True)
    assert Event.objects.get(pk=event.pk).registered_count == 0
    moved = register(reg)
    moved.event = event
    moved.status = EntryStatus.REGISTERED
    entry_admin.save_model(request, moved, form=None, change=True)
    assert (Event.objects.get(pk=event.pk).registered_count, counts(reg)["焊工"]) == (1, 0)
    entry_admin.delete_queryset(request, Entry.objects.filter(pk=moved.pk))
    assert Event.objects.get(pk=event.pk).registered_count == 0
    # bulk writers (demo and scale data builders) count again afterwards
    Entry.objects.filter(event=event).update(status=EntryStatus.REGISTERED)
    registered_count_refresh([event.pk])
    assert Event.objects.get(pk=event.pk).registered_count == 2
    assert registered_counts_hold()


def test_saving_an_event_read_earlier_keeps_the_count(reg):
    stale = Event.objects.get(pk=reg.welding.pk)
    register(reg)
    stale.name = "焊工（初赛）"
    stale.save()
    assert Event.objects.get(pk=reg.welding.pk).registered_count == 1


def test_the_competitions_list_shows_and_sorts_by_the_counts_without_reading_entries(client, reg):
    register(reg)
    register(reg, unit=reg.bus)
    register(reg, event=reg.auto)
    small = CompetitionFactory(name="2024年某市职工技能小赛", organizer=reg.root, year=2024)
    EntryFactory(event=EventFactory(competition=small), person=PersonFactory(employer=reg.plant))
    CompetitionFactory(name="2024年某市无人报名赛", organizer=reg.root, year=2024)
    client.force_login(reg.organizer)
    url = reverse("competitions:competition_list")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert not [q["sql"] for q in ctx.captured_queries if "competitions_entry" in q["sql"]]
    shown = {row.record.name: row.get_cell("entry_count") for row in page.context["table"].rows}
    assert shown == {"2024年某市职工职业技能大赛": 3, "2024年某市职工技能小赛": 1, "2024年某市无人报名赛": 0}
    ascending = [row.record.name for row in client.get(url, {"sort": "entry_count"}).context["table"].rows]
    assert ascending == ["2024年某市无人报名赛", "2024年某市职工技能小赛", "2024年某市职工职业技能大赛"]
    descending = [row.record.name for row in client.get(url, {"sort": "-entry_count"}).context["table"].rows]
    assert descending == ascending[::-1]
