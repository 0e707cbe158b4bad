"""ORDER BY the stored stroke key gives the Python order, on SQLite and on PostgreSQL whatever the
database's collation (stroke_order adds COLLATE "C" there)."""

import importlib
import random

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Collate

from awards.models import Award
from core.ordering import stroke_order
from core.strokes import sort_by_strokes, stroke_key
from directory.models import Organization, Person
from tests.factories import HonorTypeFactory
from tests.scenarios.surnames import SURNAMES_IN_ORDER

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


# --- issue 10: the 姓氏笔画 rule in the database, the 姓名笔画 option, collectives, the migrations ---

RULE_NAMES = [
    "王小洪", "王毅", "王一彪", "王力", "王曦", "王　宁", "丁小强", "丁宁（女）", "欧阳修", "欧明", "田大利", "田富",
    "司马光", "司明", "巴依卡·凯力迪别克", "巴特", "马依拉（女，回族）", "马兴瑞", "达", "孙达", "孙大伟", "蚁", "虽",
    "Zhang Wei", "王",
]


@pytest.fixture
def rule_people(db):
    shuffled = RULE_NAMES[:]
    random.Random(10).shuffle(shuffled)
    for name in shuffled:
        Person.objects.create(name=name)


@pytest.mark.parametrize("rule", ["surname", "fullname"])
def test_database_order_equals_python_order_for_both_person_rules(rule_people, rule):
    expected = sort_by_strokes(RULE_NAMES, rule=rule)
    got = list(Person.objects.order_by(stroke_order(rule=rule), "id").values_list("name", flat=True))
    assert got == expected
    assert sort_by_strokes(RULE_NAMES, rule="surname") != sort_by_strokes(RULE_NAMES, rule="fullname")


def test_fullname_order_over_a_coalesce_of_people_and_organisations(db):
    org = Organization.objects.create(name="中铁一局")
    Person.objects.create(name="王一彪")
    Person.objects.create(name="王力")
    rows = Person.objects.annotate(k=Coalesce("stroke_key", Value(org.stroke_key)))
    names = list(rows.order_by(stroke_order(F("k"), rule="fullname")).values_list("name", flat=True))
    assert names == ["王一彪", "王力"]


def test_awards_use_the_surname_rule_for_people_and_names_for_collectives(db):
    honour = HonorTypeFactory(name="全国五一劳动奖章")
    collective_honour = HonorTypeFactory(name="全国工人先锋号")
    people = ["王小洪", "王毅", "王一彪", "王力"]
    for name in people:
        Award.objects.create(honor_type=honour, year=2024, person=Person.objects.create(name=name))
    units = ["中铁十局（集团）一分部", "中铁一局班组", "王一车间", "王力车间"]
    for name in units:
        Award.objects.create(honor_type=collective_honour, year=2024,
                             organization=Organization.objects.create(name=name))
    section = Award.objects.filter(honor_type=honour).order_by(stroke_order(), "id")
    assert list(section.values_list("recipient_name", flat=True)) == ["王力", "王毅", "王一彪", "王小洪"]
    collectives = Award.objects.filter(honor_type=collective_honour).order_by(stroke_order(), "id")
    assert list(collectives.values_list("recipient_name", flat=True)) == sort_by_strokes(units, rule="collective")
    # character by character: 王一车间 before 王力车间 (一 before 力), no blank for organisations
    assert [u for u in collectives.values_list("recipient_name", flat=True) if u.startswith("王")] == [
        "王一车间", "王力车间",
    ]


def test_roster_index_serves_the_roster_query_on_sqlite(db):
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    qs = Award.objects.filter(honor_type_id=1, year=2024).order_by(stroke_order(), "id").values_list("id")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "award_roster_order" in plan
    assert "TEMP B-TREE" not in plan  # no sort step: the index gives the order


def _migration_module(app, name):
    return importlib.import_module(f"{app}.migrations.{name}")


def test_data_migrations_recompute_every_stored_key(db):
    honour = HonorTypeFactory(name="全国劳动模范")
    org = Organization.objects.create(name="达州钢铁集团")
    people = [Person.objects.create(name=n) for n in ["王一彪", "王毅", "达", "欧阳修"]]
    award_p = Award.objects.create(honor_type=honour, year=2024, person=people[1])
    award_o = Award.objects.create(honor_type=honour, year=2024, organization=org)
    # keys as an older version stored them
    Person.objects.update(stroke_key="1")
    Organization.objects.update(stroke_key="1")
    Award.objects.update(stroke_key="1")
    _migration_module("directory", "0002_recompute_stroke_keys").forwards(django_apps, None)
    _migration_module("awards", "0004_recompute_stroke_keys").forwards(django_apps, None)
    for p in people:
        p.refresh_from_db()
        assert p.stroke_key == stroke_key(p.name)
    org.refresh_from_db()
    assert org.stroke_key == stroke_key(org.name, "collective")
    award_p.refresh_from_db()
    award_o.refresh_from_db()
    assert award_p.stroke_key == stroke_key("王毅")
    assert award_o.stroke_key == stroke_key("达州钢铁集团", "collective")
