"""bulk_update_values stores exactly what save() would, on SQLite and PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from competitions.models import Prize, Result
from competitions.services.results import event_compute_results
from core.bulk import bulk_update_values
from tests.scenarios.contests import add_entries, score

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("orm_max", [0, 10_000], ids=["values-join", "django-bulk_update"])
def test_both_write_paths_store_the_same_values(contest, orm_max):
    entries = add_entries(contest["event"], 5)
    event_compute_results(event=contest["event"], by=None)
    results = list(Result.objects.filter(entry__in=entries).order_by("pk"))
    before = timezone.now()
    for i, r in enumerate(results):
        r.components = {"theory": f"{80 + i}.50", "practical": None, "注": "中文"}
        r.total = Decimal("90.43") if i % 2 else None
        r.time_minutes = Decimal("35.25")
        r.rank = i + 1 if i < 4 else None
        r.tied = i in (1, 2)
        r.prize = [Prize.FIRST, Prize.SECOND, Prize.SECOND, Prize.THIRD, Prize.NONE][i]
    written = bulk_update_values(
        results, ["components", "total", "time_minutes", "rank", "tied", "prize", "updated_at"], orm_max=orm_max
    )
    assert written == 5
    stored = list(Result.objects.filter(entry__in=entries).order_by("pk"))
    for i, r in enumerate(stored):
        assert r.components == {"theory": f"{80 + i}.50", "practical": None, "注": "中文"}
        assert r.total == (Decimal("90.43") if i % 2 else None)
        assert r.time_minutes == Decimal("35.25")
        assert (r.rank, r.tied, r.prize) == (i + 1 if i < 4 else None, i in (1, 2), results[i].prize)
        assert r.updated_at >= before - datetime.timedelta(seconds=1)


def test_a_large_recomputation_uses_the_values_join_and_matches_a_small_one(contest, monkeypatch):
    entries = add_entries(contest["event"], 30)
    for i, entry in enumerate(entries):
        score(entry, 60 + i % 7, 70 + i % 5, contest)
    event_compute_results(event=contest["event"], by=None)
    expected = list(
        Result.objects.filter(entry__in=entries).order_by("pk").values_list("total", "rank", "tied", "prize")
    )
    Result.objects.filter(entry__in=entries).update(rank=None, tied=False, prize="none", total=None, components={})
    monkeypatch.setattr("core.bulk.BULK_UPDATE_ORM_MAX", 0)
    event_compute_results(event=contest["event"], by=None)
    got = list(Result.objects.filter(entry__in=entries).order_by("pk").values_list("total", "rank", "tied", "prize"))
    assert got == expected
