"""Judges' marks: who may enter them, how several judges' marks combine, time, lock, audit trail."""

from decimal import Decimal

import pytest

from competitions.models import EntryStatus, JudgeAssignment, Mark, Result, ScoreChange, ScoreChangeField
from competitions.services.common import ScoreConflict, ScoringError, ScoringLocked
from competitions.services.entries import entry_time_save
from competitions.services.marks import mark_save
from competitions.services.results import event_compute_results, event_lock_scores, event_reopen_scores
from core.errors import NotAllowed
from tests.factories import UserFactory
from tests.scenarios.contests import D, add_entries, give, withdraw

pytestmark = pytest.mark.django_db


def save(contest, entry, judge, value, version=None, component="practical"):
    return mark_save(
        entry=entry,
        component=contest[component],
        by=judge,
        value=None if value is None else D(value),
        expected_version=version,
    )


def test_an_assigned_judge_saves_a_mark_and_the_change_is_recorded(contest):
    entry = add_entries(contest["event"], 1)[0]
    judge = contest["judges"][0]
    mark = save(contest, entry, judge, "88.5")
    assert (mark.value, mark.version, mark.judge) == (D("88.50"), 1, judge)
    change = ScoreChange.objects.get(entry=entry)
    assert (change.field, change.old_value, change.new_value, change.changed_by) == ("mark", "", "88.50", judge)
    assert change.component == contest["practical"]


def test_someone_not_assigned_to_the_event_cannot_mark_it_not_even_its_organiser(contest):
    entry = add_entries(contest["event"], 1)[0]
    for user in (contest["manager"], contest["outsider"], UserFactory()):
        with pytest.raises(NotAllowed, match="不是该赛项的裁判"):
            save(contest, entry, user, "80")
    assert not Mark.objects.exists()


def test_a_judge_restricted_to_theory_cannot_mark_practical(contest):
    entry = add_entries(contest["event"], 1)[0]
    judge = contest["judges"][0]
    JudgeAssignment.objects.get(event=contest["event"], user=judge).components.set([contest["theory"]])
    save(contest, entry, judge, "70", component="theory")
    with pytest.raises(NotAllowed, match="不负责"):
        save(contest, entry, judge, "70", component="practical")


@pytest.mark.parametrize("value", ["-0.5", "100.01", "88.555"])
def test_marks_outside_zero_to_max_or_with_three_decimals_are_refused(contest, value):
    entry = add_entries(contest["event"], 1)[0]
    with pytest.raises(ScoringError):
        save(contest, entry, contest["judges"][0], value)
    assert not Mark.objects.exists()


def test_max_score_is_the_components_own(contest):
    entry = add_entries(contest["event"], 1)[0]
    practical = contest["practical"]
    practical.max_score = D("60")
    practical.save()
    save(contest, entry, contest["judges"][0], "60")
    with pytest.raises(ScoringError, match=r"0 到 60\.00"):
        save(contest, entry, contest["judges"][1], "60.5")


def test_withdrawn_and_disqualified_entries_take_no_marks(contest):
    a, b = add_entries(contest["event"], 2)
    withdraw(a)
    withdraw(b, EntryStatus.DISQUALIFIED, "违规")
    for entry in (a, b):
        with pytest.raises(ScoringError):
            save(contest, entry, contest["judges"][0], "80")


def test_changing_a_mark_needs_the_version_it_was_loaded_with(contest):
    entry = add_entries(contest["event"], 1)[0]
    judge = contest["judges"][0]
    save(contest, entry, judge, "80")
    mark = save(contest, entry, judge, "85", version=1)
    assert (mark.value, mark.version) == (D("85.00"), 2)
    with pytest.raises(ScoreConflict) as info:
        save(contest, entry, judge, "90", version=1)  # a second window still showing version 1
    assert str(info.value) == "已被他人修改，请刷新"
    assert info.value.current_value == D("85.00") and info.value.current_version == 2
    assert info.value.last_change.new_value == "85.00"
    assert Mark.objects.get().value == D("85.00")
    changes = list(ScoreChange.objects.filter(entry=entry).values_list("old_value", "new_value"))
    assert changes == [("", "80.00"), ("80.00", "85.00")]


def test_a_first_mark_saved_from_two_windows_is_a_conflict_for_the_second(contest):
    entry = add_entries(contest["event"], 1)[0]
    judge = contest["judges"][0]
    save(contest, entry, judge, "80")
    with pytest.raises(ScoreConflict):
        save(contest, entry, judge, "82")  # this window saw no mark either
    assert Mark.objects.get().value == D("80.00")


def test_clearing_a_mark_deletes_it_and_is_recorded(contest):
    entry = add_entries(contest["event"], 1)[0]
    judge = contest["judges"][0]
    save(contest, entry, judge, "80")
    assert save(contest, entry, judge, None, version=1) is None
    assert not Mark.objects.exists()
    assert ScoreChange.objects.filter(old_value="80.00", new_value="").count() == 1


def test_saving_the_same_value_changes_nothing(contest):
    entry = add_entries(contest["event"], 1)[0]
    judge = contest["judges"][0]
    save(contest, entry, judge, "80")
    mark = save(contest, entry, judge, "80.00", version=1)
    assert mark.version == 1
    assert ScoreChange.objects.count() == 1


def judges(n):
    return [UserFactory(username=f"panel{i}") for i in range(n)]


def panel(contest, n):
    users = judges(n)
    for user in users:
        JudgeAssignment.objects.create(event=contest["event"], user=user)
    return users


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        # five or more judges: drop one highest and one lowest, average the rest
        (["90", "85", "88", "70", "99"], "87.67"),  # (90 + 85 + 88) / 3 = 87.666… → 87.67
        (["80", "80", "80", "80", "80", "95"], "80.00"),
        # fewer: plain mean
        (["90", "85", "88", "70"], "83.25"),
        (["88.5"], "88.50"),
    ],
)
def test_component_score_trims_from_five_judges(contest, marks, expected):
    entry = add_entries(contest["event"], 1)[0]
    for user, value in zip(panel(contest, len(marks)), marks, strict=True):
        save(contest, entry, user, value)
    give(entry, contest["theory"], "80")
    event_compute_results(event=contest["event"], by=None)
    result = Result.objects.get(entry=entry)
    assert result.components["practical"] == expected
    assert result.total == (D("0.3") * 80 + D("0.7") * D(expected)).quantize(D("0.01"))


def test_trimming_threshold_is_the_events_setting(contest):
    event = contest["event"]
    event.judge_trim_from = 3
    event.save()
    entry = add_entries(event, 1)[0]
    for user, value in zip(panel(contest, 3), ["60", "80", "100"], strict=True):
        save(contest, entry, user, value)
    give(entry, contest["theory"], "80")
    event_compute_results(event=event, by=None)
    assert Result.objects.get(entry=entry).components["practical"] == "80.00"
    event.judge_trim_from = 0  # never trim
    event.save()
    Mark.objects.filter(judge__username="panel1").update(value=D("90"))
    event_compute_results(event=event, by=None)
    assert Result.objects.get(entry=entry).components["practical"] == "83.33"


def test_an_imported_score_takes_precedence_over_the_judges_marks(contest):
    entry = add_entries(contest["event"], 1)[0]
    save(contest, entry, contest["judges"][0], "60")
    give(entry, contest["practical"], "91.25")
    give(entry, contest["theory"], "88.5")
    event_compute_results(event=contest["event"], by=None)
    result = Result.objects.get(entry=entry)
    assert result.components == {"theory": "88.50", "practical": "91.25"}
    assert result.total == D("90.43")  # 26.55 + 63.875 = 90.425, half up


def test_time_is_saved_by_a_judge_with_its_own_version(contest):
    event = contest["event"]
    event.uses_time = True
    event.save()
    entry = add_entries(event, 1)[0]
    judge, other = contest["judges"]
    entry_time_save(entry=entry, by=judge, value=D("35.5"), expected_version=0)
    entry.refresh_from_db()
    assert (entry.time_minutes, entry.time_version) == (D("35.50"), 1)
    with pytest.raises(ScoreConflict):
        entry_time_save(entry=entry, by=other, value=D("36"), expected_version=0)
    entry_time_save(entry=entry, by=other, value=D("36"), expected_version=1)
    entry.refresh_from_db()
    assert entry.time_minutes == D("36.00")
    assert list(ScoreChange.objects.filter(field=ScoreChangeField.TIME).values_list("old_value", "new_value")) == [
        ("", "35.50"),
        ("35.50", "36.00"),
    ]


def test_time_is_refused_where_the_event_does_not_record_it(contest):
    entry = add_entries(contest["event"], 1)[0]
    with pytest.raises(ScoringError, match="不记录用时"):
        entry_time_save(entry=entry, by=contest["judges"][0], value=D("30"), expected_version=0)


def test_only_the_chief_judge_locks_and_then_nobody_marks_until_an_organiser_reopens(contest):
    event = contest["event"]
    entry = add_entries(event, 1)[0]
    judge = contest["judges"][0]
    save(contest, entry, judge, "80")
    for user in (judge, contest["manager"]):
        with pytest.raises(NotAllowed, match="裁判长"):
            event_lock_scores(event=event, by=user)
    event_lock_scores(event=event, by=contest["chief"])
    event.refresh_from_db()
    assert event.scores_locked and event.scores_locked_by == contest["chief"]
    with pytest.raises(ScoringLocked):
        save(contest, entry, judge, "85", version=1)
    with pytest.raises(NotAllowed, match="组织者"):
        event_reopen_scores(event=event, by=contest["chief"], reason="更正")
    with pytest.raises(ScoringError, match="原因"):
        event_reopen_scores(event=event, by=contest["manager"], reason="  ")
    event_reopen_scores(event=event, by=contest["manager"], reason="第3号选手实操成绩录入错误")
    save(contest, entry, judge, "85", version=1)
    log = list(ScoreChange.objects.filter(entry=None).values_list("field", "changed_by__username", "reason"))
    assert log == [("lock", "chief", ""), ("reopen", "organiser", "第3号选手实操成绩录入错误")]


def test_locking_computes_the_results(contest):
    entry = add_entries(contest["event"], 1)[0]
    give(entry, contest["theory"], "80")
    give(entry, contest["practical"], "90")
    summary = event_lock_scores(event=contest["event"], by=contest["chief"])
    assert summary.ranked == 1
    assert Result.objects.get(entry=entry).total == Decimal("87.00")
