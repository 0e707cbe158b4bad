"""`make run` loads fixtures/*.json with a real ``loaddata`` (row by row, ``save(raw=True)``: no
model save() and no bulk_create hook runs), while the test suite's ``seed_data`` inserts the parsed
rows in bulk. This keeps the files loadable the way `make run` loads them, whatever the models gain."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import F

from awards.models import Award
from competitions.models import Result
from tests.scenarios.registration import registered_counts_hold

pytestmark = pytest.mark.django_db

FIXTURES = sorted((Path(__file__).resolve().parents[2] / "fixtures").glob("*.json"))


def test_every_fixture_loads_with_loaddata_as_make_run_does():
    assert FIXTURES
    call_command("loaddata", *FIXTURES, verbosity=0)
    results = Result.objects.all()
    assert results.exists()
    assert results.filter(event_id=F("entry__event_id")).count() == results.count()  # Result.event filled
    assert registered_counts_hold()  # each event's 报名人数 as its entries say
    awards = Award.objects.all()
    assert awards.exists() and not awards.exclude(honor_precedence=F("honor_type__precedence")).exists()
