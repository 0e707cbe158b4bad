"""A mark sheet saves all its changed cells in one transaction, or none of them."""

import pytest
from django.urls import reverse

from competitions.models import Mark, ScoreChange
from competitions.services.marks import mark_save, mark_sheet_save
from tests.scenarios.contests import D, add_entries

pytestmark = pytest.mark.django_db


def sheet_url(contest):
    return reverse("competitions:mark_sheet", args=[contest["competition"].slug, contest["event"].pk])


def sheet_data(form, changes):
    data = {}
    for name, field in form.fields.items():
        initial = form.get_initial_for_field(field, name)
        value = "" if initial is None else str(initial)
        data[name] = value
        if field.show_hidden_initial:
            data[f"initial-{name}"] = value
    data.update(changes)
    return data


def test_one_stale_cell_saves_none_of_the_sheet_and_keeps_the_judges_values(client, contest):
    entries = add_entries(contest["event"], 3)
    judge = contest["judges"][0]
    practical = contest["practical"]
    mark_save(entry=entries[1], component=practical, by=judge, value=D("70"), expected_version=None)
    client.force_login(judge)
    form = client.get(sheet_url(contest)).context["form"]
    mark_save(entry=entries[1], component=practical, by=judge, value=D("72"), expected_version=1)  # another tab
    cells = {f"m_{e.pk}_{practical.pk}": v for e, v in zip(entries, ("81", "82", "83"), strict=True)}
    response = client.post(sheet_url(contest), sheet_data(form, cells))
    page = response.content.decode()
    assert response.status_code == 200
    assert "本次没有保存任何成绩" in page and "已被他人修改，请刷新" in page and "当前值 72.00" in page
    assert list(Mark.objects.values_list("value", flat=True)) == [D("72")]  # 81 and 83 were not saved
    assert ScoreChange.objects.count() == 2
    shown = response.context["form"]
    assert [shown[name].value() for name in cells] == ["81", "82", "83"]  # nothing typed is lost

    # Saving the re-shown sheet again means "mine wins" for the cell that conflicted: all three save.
    again = client.post(sheet_url(contest), dict(shown.data.items()))
    assert again.status_code == 302
    assert sorted(Mark.objects.values_list("value", flat=True)) == [D("81"), D("82"), D("83")]


def test_the_service_rolls_back_every_cell_when_one_fails(contest):
    entries = add_entries(contest["event"], 3)
    judge, practical = contest["judges"][0], contest["practical"]
    entries[2].status = "withdrawn"
    entries[2].save()

    class Change:
        def __init__(self, entry, value):
            self.entry, self.component, self.value, self.expected_version = entry, practical, D(value), None

    result = mark_sheet_save(changes=[Change(e, v) for e, v in zip(entries, ("1", "2", "3"), strict=True)], by=judge)
    assert not result.ok and result.saved == 0 and len(result.problems) == 1
    assert not Mark.objects.exists() and not ScoreChange.objects.exists()
    result = mark_sheet_save(changes=[Change(e, v) for e, v in zip(entries[:2], ("1", "2"), strict=True)], by=judge)
    assert result.ok and result.saved == 2 and Mark.objects.count() == 2
