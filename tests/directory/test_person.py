"""People: ID numbers unique but optional, women marked on the roster name."""

import pytest
from django.db import IntegrityError, transaction

from directory.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_id_numbers_are_unique_but_optional():
    p = PersonFactory()
    Person.objects.create(name="历史劳模甲", id_number=None)
    Person.objects.create(name="历史劳模乙", id_number="")  # stored as NULL, no clash
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="重复", id_number=p.id_number)
    assert Person.objects.filter(id_number__isnull=True).count() == 2


def test_women_are_marked_on_the_roster_name():
    assert PersonFactory(name="李娜", gender="F").display_name == "李娜(女)"
    assert PersonFactory(name="张强", gender="M").display_name == "张强"
