"""``core.tables.narrow_sort``: a page's ids sorted alone, then its rows read by id — the same rows,
in the same order, as slicing the queryset itself, with or without filters."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from core.tables import narrow_sort
from directory.models import Organization
from tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_a_page_holds_the_rows_of_the_plain_slice_in_order():
    root = OrganizationFactory(name="总工会")
    units = [OrganizationFactory(name=f"单位{i}", parent=root, kind="employer") for i in range(7)]
    for i, unit in enumerate(units):
        for _ in range(i % 3):
            PersonFactory(employer=unit)
    filtered = Organization.objects.filter(parent=root).select_related("parent").order_by("-name", "id")
    # a multi-valued join (people per unit): the filters stay around the ids, the rows are not repeated
    joined = Organization.objects.filter(people__gender__in=["M", "F"]).annotate(n=Count("people"))
    for qs in (filtered, filtered.exclude(name="单位3"), joined.order_by("-n", "id")):
        for page in (slice(0, 3), slice(3, 6), slice(6, 9)):
            assert list(narrow_sort(qs)[page]) == list(qs[page])


def test_the_rows_query_is_driven_by_the_ids_alone():
    root = OrganizationFactory(name="总工会")
    OrganizationFactory(name="甲", parent=root)
    qs = Organization.objects.filter(parent=root, name__startswith="甲").order_by("name")
    with CaptureQueriesContext(connection) as ctx:
        list(narrow_sort(qs)[0:50])
    (sql,) = [q["sql"] for q in ctx.captured_queries]
    outer = sql[: sql.index("IN (SELECT")]
    assert "LIKE" not in outer and "parent_id" not in outer.split("WHERE", 1)[1]
