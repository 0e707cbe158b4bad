"""The nomination form's 关联竞赛成绩 list names each result in full, once: contestant, competition,
event, place and prize (two contestants sharing 第9名 in one event used to read the same, twice)."""

import pytest
from django.urls import reverse

from awards.forms.nominations import NominationForm
from competitions.models import Result
from tests.factories import CompetitionFactory, EntryFactory, EventFactory


@pytest.fixture
def tied_ninth(world, worker):
    competition = CompetitionFactory(organizer=world["city"], name="2024年市职工技能大赛")
    event = EventFactory(competition=competition, name="焊工", results_published=True)
    return [
        Result.objects.create(entry=EntryFactory(event=event, person=worker(name=name)), rank=9, prize=prize, total=80)
        for name, prize in (("王大力", "third"), ("李小梅", "none"))
    ]


def test_each_result_is_listed_once_with_the_contestants_name(world, tied_ninth):
    form = NominationForm(campaign=world["campaign"], user=world["users"]["a"], kind="person")
    labels = [label for value, label in form.fields["result"].choices if value]
    assert sorted(labels) == [
        "李小梅 · 2024年市职工技能大赛 · 焊工 · 第9名",
        "王大力 · 2024年市职工技能大赛 · 焊工 · 第9名 · 三等奖",
    ]


def test_the_page_shows_both_contestants(client, world, tied_ninth):
    client.force_login(world["users"]["a"])
    page = client.get(reverse("awards:nomination_create", args=[world["campaign"].pk, "person"])).content.decode()
    assert page.count("焊工 · 第9名") == 2
    assert "王大力 · 2024年市职工技能大赛 · 焊工 · 第9名 · 三等奖" in page
    assert "李小梅 · 2024年市职工技能大赛 · 焊工 · 第9名" in page
