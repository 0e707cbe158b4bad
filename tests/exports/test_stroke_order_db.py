"""ORDER BY the stored stroke key gives the Python order, on SQLite and on PostgreSQL whatever the
database's collation (stroke_order adds COLLATE "C" there)."""

import random

import pytest
from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

from core.ordering import stroke_order
from core.strokes import sort_by_strokes
from directory.models import Person
from tests.core.test_strokes import SURNAMES_IN_ORDER

pytestmark = pytest.mark.django_db

FULL_NAMES = [
    "丁一", "上官婉", "王", "王一", "王二", "王丁", "王伟", "王芳", "王磊", "毛泽", "文静", "方芳", "尹力",
    "孔明", "司", "司马光", "司徒雷", "刘洋", "张三", "张伟", "陈惠娟", "欧阳修", "欧明", "周蔚华", "诸葛亮",
    "于敏", "万里", "Zhang Wei", "A组", "1号", "龘",
]
NAMES = sorted(set(FULL_NAMES) | {s + "强" for s in SURNAMES_IN_ORDER} | set(SURNAMES_IN_ORDER))


@pytest.fixture
def people(db):
    shuffled = NAMES[:]
    random.Random(6).shuffle(shuffled)
    for name in shuffled:  # save() stores the key
        Person.objects.create(name=name)
    return sort_by_strokes(NAMES)


def test_database_order_equals_python_order(people):
    assert len(people) >= 200
    assert list(Person.objects.order_by(stroke_order(), "id").values_list("name", flat=True)) == people
    # The plain column order too: the keys are ASCII digits.
    assert list(Person.objects.order_by("stroke_key", "id").values_list("name", flat=True)) == people
    descending = list(Person.objects.order_by(stroke_order(descending=True), "-id").values_list("name", flat=True))
    assert descending == people[::-1]


def test_byte_order_is_explicit_on_postgresql_only(people):
    sql = str(Person.objects.order_by(stroke_order()).query)
    if connection.vendor == "postgresql":
        assert 'COLLATE "C"' in sql
    else:
        assert "COLLATE" not in sql


@pytest.mark.postgres_only
@pytest.mark.parametrize("collation", ["en-US-x-icu", "en_US.utf8", "zh-Hans-x-icu", "und-x-icu"])
def test_locale_collations_agree_with_python_on_digit_keys(people, collation):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [collation])
        if cursor.fetchone() is None:
            pytest.skip(f"PostgreSQL has no collation {collation}")
    names = Person.objects.order_by(Collate(F("stroke_key"), collation), "id").values_list("name", flat=True)
    assert list(names) == people
