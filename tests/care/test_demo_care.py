"""``build_demo_care`` (run by ``make run``): the seed honourees appear in the ledger with demo entries
marked as such; nothing is said about the real people beyond those entries; running it twice is safe."""

import io

import pytest
from django.core.management import call_command

from care.models import CareEvent, CareProfile, HardshipApplication, RecuperationBatch
from care.selectors import subject_list

pytestmark = pytest.mark.django_db


def test_the_seed_honourees_get_demo_care_entries(seed_data):
    call_command("build_demo_care", stdout=io.StringIO())
    names = {s.person.name for s in subject_list(None)}
    assert {"姚正新", "李春成", "赵刚"} <= names
    for name in ("姚正新", "李春成", "赵刚"):
        events = CareEvent.objects.filter(profile__person__name=name)
        assert events.exists() and all(e.is_demo and e.note.startswith("（演示）") for e in events)
        profile = CareProfile.objects.get(person__name=name)
        assert profile.life_status == "serving" and not profile.phone and not profile.kin_name
    assert HardshipApplication.objects.get().is_demo
    assert RecuperationBatch.objects.get().is_demo
    count = CareEvent.objects.count()
    out = io.StringIO()
    call_command("build_demo_care", stdout=out)
    assert "未做更改" in out.getvalue() and CareEvent.objects.count() == count
