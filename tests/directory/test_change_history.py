"""变更记录 of organisations, people and memberships: services, the admin (the request's user) and the
bulk writers of core.bulk (with the fast paths), in one statement whatever the number of rows."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.bulk import bulk_update_rows, bulk_update_values, insert_many, insert_many_keys
from core.history import acting
from directory.models import Membership, Organization, Person, Role
from directory.services.organizations import organization_create_unit
from directory.services.people import person_create, person_row
from tests.factories import OrganizationFactory, PersonFactory, demo_id, member_of

pytestmark = pytest.mark.django_db


def test_services_record_new_units_and_people_with_the_user():
    root = OrganizationFactory(name="某市总工会")
    user = member_of(root)
    unit = organization_create_unit(name="某市机床厂", parent=root, by=user)
    person = person_create(by=user, name="王伟", employer=unit, id_number=demo_id())
    assert [(r.history_type, r.history_user) for r in unit.history.all()] == [("+", user)]
    assert [(r.history_type, r.history_user, r.name) for r in person.history.all()] == [("+", user, "王伟")]


def test_a_plain_save_outside_a_service_or_request_records_no_user_and_moves_are_recorded():
    root = OrganizationFactory(name="甲")
    other = OrganizationFactory(name="乙")
    unit = OrganizationFactory(name="丙", parent=root)
    unit.parent = other
    unit.save()
    rows = list(unit.history.order_by("history_id"))
    assert [(r.history_type, r.parent_id, r.history_user) for r in rows] == [
        ("+", root.pk, None),
        ("~", other.pk, None),
    ]


def test_memberships_added_and_removed_in_the_admin_record_the_admin_user(client):
    root = OrganizationFactory(name="某市总工会")
    admin_user = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw-123456")
    someone = get_user_model().objects.create_user("someone", password="pw-123456")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:directory_membership_add"),
        {"user": someone.pk, "organization": root.pk, "role": Role.VIEWER},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=someone)
    client.post(reverse("admin:directory_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    rows = list(Membership.history.filter(id=membership.pk).order_by("history_id"))
    assert [(r.history_type, r.history_user, r.role) for r in rows] == [
        ("+", admin_user, Role.VIEWER),
        ("-", admin_user, Role.VIEWER),
    ]


def _queries(fn) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return [q["sql"] for q in ctx.captured_queries]


def test_insert_many_records_every_row_in_one_more_statement_whatever_the_count():
    unit = OrganizationFactory(name="某单位")
    user = member_of(unit)

    def insert(n, start):
        rows = [
            person_row(name=f"职工{i}", id_number=None, employer_id=unit.pk, source="x")
            for i in range(start, start + n)
        ]
        with acting(user):
            return _queries(lambda: insert_many(Person, rows))

    small, large = insert(3, 0), insert(2500, 3)
    history_statements = [q for q in large if "historicalperson" in q.lower()]
    assert len(history_statements) == 1
    assert len(large) == len(small)  # one INSERT (executemany / COPY) and one history statement at any size
    assert Person.history.count() == Person.objects.count() == 2503
    assert set(Person.history.values_list("history_user", flat=True)) == {user.pk}
    assert sorted(Person.history.values_list("id", flat=True)) == sorted(Person.objects.values_list("pk", flat=True))
    newest = Person.objects.order_by("-pk").first()
    assert Person.history.get(id=newest.pk).name == newest.name


def test_insert_many_keys_gives_each_new_row_its_key_in_order_without_reading_them_back():
    unit = OrganizationFactory(name="某单位")
    PersonFactory(employer=unit)  # keys already taken: the new ones start above them
    numbers = [demo_id(birth=date(1980, 1, 1) + timedelta(days=i)) for i in range(300)]
    rows = [person_row(name=f"职工{i}", id_number=n, employer_id=unit.pk, source="x") for i, n in enumerate(numbers)]
    keys: list[int] = []

    def insert():
        keys.extend(insert_many_keys(Person, rows))

    queries = _queries(insert)
    assert not [q for q in queries if "id_number" in q and q.lstrip().upper().startswith("SELECT")]
    assert dict(zip(numbers, keys, strict=True)) == dict(
        Person.objects.filter(id_number__in=numbers).values_list("id_number", "pk")
    )
    assert sorted(Person.history.filter(history_type="+", id__in=keys).values_list("id", flat=True)) == sorted(keys)
    assert insert_many_keys(Person, []) == []


@pytest.mark.parametrize("orm_max", [None, 0])  # Django's bulk_update, and the UPDATE … FROM fast path
def test_bulk_updates_record_every_row_with_one_statement(orm_max):
    unit = OrganizationFactory(name="某单位")
    user = member_of(unit)
    people = [PersonFactory(employer=unit, name=f"职工{i}", job_title="") for i in range(5)]
    for person in people:
        person.job_title = "焊工"
    with acting(user):
        queries = _queries(lambda: bulk_update_values(people, ["job_title"], orm_max=orm_max))
    assert sum("historicalperson" in q.lower() for q in queries) == 1
    changed = Person.history.filter(history_type="~")
    assert changed.count() == 5 and set(changed.values_list("job_title", flat=True)) == {"焊工"}
    assert set(changed.values_list("history_user", flat=True)) == {user.pk}
    with acting(None):
        bulk_update_rows(Person, ["trade"], [(p.pk, "电工") for p in people], orm_max=orm_max)
    assert Person.history.filter(trade="电工", history_user=None).count() == 5


def test_models_without_history_are_written_as_before():
    assert insert_many(Organization, []) == 0
