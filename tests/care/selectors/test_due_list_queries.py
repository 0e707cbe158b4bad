"""The due lists take a fixed number of queries whatever the number of people cared for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from care.models import CareKind
from care.selectors import due_lists
from care.services import care_event_record, hardship_apply
from tests.factories import AwardFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _count(user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        due_lists(user, timezone.localdate())
    return len(ctx.captured_queries)


def _more_people(world, n):
    for _ in range(n):
        person = PersonFactory(employer=world.factory_a)
        AwardFactory(person=person, honor_type=world.model_worker, year=2018)
        care_event_record(person_id=person.pk, kind=CareKind.VISIT, date=timezone.localdate(), by=None)
        hardship_apply(person_id=person.pk, by=None, received_on=timezone.localdate(), reason="困难")


def test_due_lists_take_the_same_queries_for_more_people(world):
    user = world.users["root_org"]
    care_event_record(person_id=world.people["王伟"].pk, kind=CareKind.VISIT, date=timezone.localdate(), by=None)
    few = _count(user)
    _more_people(world, 8)
    assert _count(user) == few == 11
