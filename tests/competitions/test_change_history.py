"""变更记录 of competitions, events, entries, marks and results: every write path — services, imports,
the bulk writers and the command line — leaves history rows naming who made the change."""

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from competitions.importers.entries import EntryImporter
from competitions.importers.scores import ScoreImporter
from competitions.models import Competition, CompetitionStatus, Entry, Event, Mark, Result
from competitions.services.competitions import competition_advance_status, competition_create, competition_update
from competitions.services.entries import entry_register, entry_withdraw
from competitions.services.events import event_update
from competitions.services.marks import mark_save
from competitions.services.results import (
    event_compute_results,
    event_lock_scores,
    event_publish_results,
    event_rank_results,
)
from directory.models import Person
from tests.factories import PersonFactory
from tests.scenarios.contests import D, add_entries, score
from tests.scenarios.registration_workbooks import line, new_id, workbook

pytestmark = pytest.mark.django_db


def history(model, **filters):
    return list(model.history.filter(**filters).order_by("history_id"))


def test_competition_and_event_services_record_who_changed_what(reg):
    competition = competition_create(
        by=reg.organizer, name="2025年某市技能大赛", organizer=reg.root, year=2025, level="city"
    )
    competition_update(competition=competition, by=reg.organizer, name="2025年某市职工技能大赛")
    competition_advance_status(competition=reg.competition, to_status=CompetitionStatus.IN_PROGRESS, by=reg.organizer)
    rows = history(Competition, id=competition.pk)
    assert [(r.history_type, r.name, r.history_user) for r in rows] == [
        ("+", "2025年某市技能大赛", reg.organizer),
        ("~", "2025年某市职工技能大赛", reg.organizer),
    ]
    moved = history(Competition, id=reg.competition.pk)[-1]
    assert (moved.status, moved.history_user) == (CompetitionStatus.IN_PROGRESS, reg.organizer)

    event_update(event=reg.welding, by=reg.organizer, places_per_delegation=5)
    last = history(Event, id=reg.welding.pk)[-1]
    assert (last.history_type, last.places_per_delegation, last.history_user) == ("~", 5, reg.organizer)


def test_registering_and_withdrawing_an_entry_is_recorded_with_the_user(reg):
    person = PersonFactory(employer=reg.plant)
    entry = entry_register(event=reg.welding, person=person, delegation=reg.plant, by=reg.organizer)
    entry_withdraw(entry=entry, reason="因病退赛", by=reg.organizer)
    rows = history(Entry, id=entry.pk)
    assert [(r.history_type, r.status, r.history_user) for r in rows] == [
        ("+", "registered", reg.organizer),
        ("~", "withdrawn", reg.organizer),
    ]


def test_the_registration_import_records_every_new_person_and_entry(reg):
    units = ("某市第一机床厂", "某市公交集团有限公司", "某市供电")
    rows = [
        line(f"张{chr(0x4E00 + i)}", new_id(), event="汽车维修工（新能源汽车）", unit=units[i % 3]) for i in range(30)
    ]
    result = EntryImporter(reg.competition, by=reg.organizer).run(workbook(rows), filename="报名表.xlsx")
    assert result.saved, [str(e) for e in result.errors[:3]]
    entries = Entry.history.filter(history_type="+")
    people = Person.history.filter(history_type="+")
    assert entries.count() == Entry.objects.count() == 30
    assert people.count() == Person.objects.count() == 30
    assert set(entries.values_list("history_user", flat=True)) == {reg.organizer.pk}
    assert set(people.values_list("history_user", flat=True)) == {reg.organizer.pk}
    # the history row is the saved row: same values
    entry = Entry.objects.order_by("pk").first()
    assert Entry.history.get(id=entry.pk).bib == entry.bib


def test_the_import_command_records_the_user_it_was_given_or_none(reg, tmp_path):
    path = tmp_path / "报名表.xlsx"
    path.write_bytes(workbook([line("张伟", new_id())]))
    call_command("import_entries", reg.competition.slug, str(path), "--user", "city-organizer")
    assert Entry.history.get().history_user == reg.organizer
    path.write_bytes(workbook([line("李娜", new_id("F"))]))
    call_command("import_entries", reg.competition.slug, str(path))
    assert Entry.history.order_by("history_id").last().history_user is None


def test_judges_marks_created_changed_and_cleared_are_recorded(contest):
    entry = add_entries(contest["event"], 1)[0]
    judge = contest["judges"][0]
    mark = mark_save(entry=entry, component=contest["theory"], by=judge, value=D(80), expected_version=None)
    mark_save(entry=entry, component=contest["theory"], by=judge, value=D(85), expected_version=mark.version)
    mark_save(entry=entry, component=contest["theory"], by=judge, value=None, expected_version=mark.version + 1)
    rows = history(Mark, id=mark.pk)
    assert [(r.history_type, r.value, r.history_user) for r in rows] == [
        ("+", D("80.00"), judge),
        ("~", D("85.00"), judge),
        ("-", D("85.00"), judge),
    ]


def test_the_score_import_records_created_and_updated_marks_with_the_organiser(contest):
    add_entries(contest["event"], 3)

    def sheet(rows):
        wb = Workbook()
        for row in [["参赛号", "姓名", "理论成绩", "实操成绩"], *rows]:
            wb.active.append(row)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    manager = contest["manager"]
    ScoreImporter(contest["event"], by=manager).run(
        sheet([["001", "选手1", 80, 90], ["002", "选手2", 70, 60]]), filename="a.xlsx"
    )
    assert Mark.history.filter(history_type="+").count() == Mark.objects.count() == 4
    ScoreImporter(contest["event"], by=manager).run(sheet([["001", "选手1", 81, 90]]), filename="b.xlsx")
    changed = Mark.history.get(history_type="~")
    assert (changed.value, changed.history_user) == (D("81.00"), manager)
    assert set(Mark.history.values_list("history_user", flat=True)) == {manager.pk}


def test_computing_locking_and_publishing_results_record_results_and_the_event(contest):
    entries = add_entries(contest["event"], 4)
    for i, entry in enumerate(entries):
        score(entry, 60 + i, 70 + i, contest)
    event_compute_results(event=contest["event"], by=contest["manager"])
    assert Result.history.filter(history_type="+").count() == Result.objects.count() == 4
    assert set(Result.history.values_list("history_user", flat=True)) == {contest["manager"].pk}
    event_lock_scores(event=contest["event"], by=contest["chief"])
    event_publish_results(event=contest["event"], by=contest["manager"])
    rows = history(Event, id=contest["event"].pk)
    locked = [r for r in rows if r.scores_locked]
    published = [r for r in rows if r.results_published]
    assert locked[0].history_user == contest["chief"]
    assert published[0].history_user == contest["manager"]


def computed(contest, n=6):
    """``n`` entries of the event scored apart (60+i, 70+i) and computed once; the entries."""
    entries = add_entries(contest["event"], n)
    for i, entry in enumerate(entries):
        score(entry, 60 + i, 70 + i, contest)
    event_compute_results(event=contest["event"], by=contest["manager"])
    return entries


def test_a_computation_records_each_result_it_writes_once_in_its_final_state(contest):
    entries = computed(contest)
    final = {r.pk: (r.total, r.rank, r.prize) for r in Result.objects.all()}
    assert {(r.id, r.total, r.rank, r.prize) for r in history(Result)} == {(pk, *v) for pk, v in final.items()}
    assert {r.history_type for r in history(Result)} == {"+"}

    # One mark changes: that result (new total) and those whose rank moves, each once, as stored.
    Mark.objects.filter(entry=entries[0], component=contest["practical"]).update(value=D("99"))
    summary = event_compute_results(event=contest["event"], by=contest["manager"])
    changed = [r for r in history(Result) if r.history_type == "~"]
    stored = {r.pk: (r.total, r.rank, r.prize) for r in Result.objects.all()}
    assert summary.results_written == len(changed) == len({r.id for r in changed})
    assert {r.id for r in changed} == {pk for pk in stored if stored[pk] != final[pk]}
    assert all((r.total, r.rank, r.prize) == stored[r.id] for r in changed)

    # Nothing changed: nothing written, nothing recorded.
    before = len(history(Result))
    assert event_compute_results(event=contest["event"], by=contest["manager"]).results_written == 0
    assert len(history(Result)) == before


def test_re_ranking_records_the_results_whose_rank_or_prize_changed(contest):
    entries = computed(contest)
    before = {r.pk: (r.rank, r.tied, r.prize) for r in Result.objects.all()}
    Entry.objects.filter(pk=entries[-1].pk).update(status="withdrawn")  # the winner leaves
    written = event_rank_results(event=contest["event"], by=contest["manager"])
    after = {r.pk: (r.rank, r.tied, r.prize) for r in Result.objects.all()}
    changed = [r for r in history(Result) if r.history_type == "~"]
    assert written == len(changed) == len({pk for pk in after if after[pk] != before[pk]}) > 1
    assert all((r.rank, r.tied, r.prize) == after[r.id] and r.history_user == contest["manager"] for r in changed)
