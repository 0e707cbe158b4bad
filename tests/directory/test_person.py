"""People: ID numbers unique but optional, women marked on the roster name."""

import pytest
from django.db import IntegrityError, transaction

from directory.models import Person
from directory.selectors import people_by_id_number
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


def test_people_are_found_by_many_id_numbers_in_one_query_whatever_their_count(django_assert_num_queries):
    people = PersonFactory.create_batch(5)
    # More numbers than SQLite takes parameters in one statement, all but five unknown.
    asked = [p.id_number for p in people] + [f"12010119900101{i:04d}" for i in range(1200)] + ["", None]
    with django_assert_num_queries(1):
        found = people_by_id_number(asked)
        assert {n: p.pk for n, p in found.items()} == {p.id_number: p.pk for p in people}
        assert [p.employer.name for p in found.values()]  # the employer comes with the person
    assert people_by_id_number([]) == {}
