"""表彰记录's default order (year newest first, unknown years last; the honour's 名单排序; 笔画; id)
is one index of the awards table (award_list_order): each award carries its honour's precedence
(Award.honor_precedence), kept by every writer and by a change of the honour's precedence."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Award, HonorType
from awards.selectors.awards import AWARD_LIST_ORDER, award_list_visible
from tests.awards.test_history_import import import_history, xlsx
from tests.factories import AwardFactory, HonorTypeFactory, PersonFactory

pytestmark = pytest.mark.django_db


def copies_hold() -> bool:
    return not Award.objects.exclude(honor_precedence=F("honor_type__precedence")).exists()


def test_every_writer_copies_the_honours_precedence(world):
    AwardFactory(honor_type=world["medal"], person=PersonFactory(employer=world["a_co"]))  # save()
    Award.objects.bulk_create(
        [Award(honor_type=world["pioneer"], organization=world["a_co"], year=2020, recipient_name="甲公司")]
    )
    report = import_history(
        xlsx([["李娜", None, "女", None, "甲公司", "焊工", "市五一劳动奖章", 2019, "市总工会", None]]),
        filename="历史.xlsx",
        dry_run=False,
    )
    assert report.ok, report.errors
    assert sorted(Award.objects.values_list("honor_precedence", flat=True)) == [10, 10, 30]
    assert copies_hold()


def test_a_changed_precedence_follows_onto_the_awards(world):
    AwardFactory(honor_type=world["medal"], person=PersonFactory(employer=world["a_co"]))
    AwardFactory(honor_type=world["pioneer"], person=None, organization=world["a_co"])
    medal = HonorType.objects.get(pk=world["medal"].pk)
    medal.precedence = 50
    medal.save()
    assert sorted(Award.objects.values_list("honor_precedence", flat=True)) == [30, 50]
    assert copies_hold()


def test_the_list_is_newest_first_then_precedence_then_strokes(client, world):
    a_co = world["a_co"]
    late = HonorTypeFactory(name="市劳动模范", precedence=5)
    rows = [
        AwardFactory(honor_type=world["medal"], year=2021, person=PersonFactory(name="王五", employer=a_co)),
        AwardFactory(honor_type=world["medal"], year=2021, person=PersonFactory(name="丁一", employer=a_co)),
        AwardFactory(honor_type=late, year=2021, person=PersonFactory(name="李四", employer=a_co)),
        AwardFactory(honor_type=world["medal"], year=2023, person=PersonFactory(name="张三", employer=a_co)),
        AwardFactory(honor_type=world["medal"], year=None, person=PersonFactory(name="赵六", employer=a_co)),
    ]
    late.precedence = 20  # now after the medal (10)
    late.save()
    client.force_login(world["users"]["city"])
    page = client.get(reverse("awards:award_list"))
    shown = [row.record.recipient_name for row in page.context["table"].rows]
    assert shown == ["张三", "丁一", "王五", "李四", "赵六"]
    assert {r.pk for r in rows} == {row.record.pk for row in page.context["table"].rows}


def test_the_pages_ids_are_sorted_on_the_awards_table_alone(client, world):
    AwardFactory(honor_type=world["medal"], person=PersonFactory(employer=world["a_co"]))
    client.force_login(world["users"]["city"])
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("awards:award_list"))
    (page,) = [q["sql"] for q in ctx.captured_queries if "ORDER BY" in q["sql"] and "awards_award" in q["sql"]]
    ids = page[page.index('"awards_award"."id" IN (SELECT') :]  # the page's ids, sorted first
    order_at = ids.index("ORDER BY")
    order = ids[order_at : ids.index("LIMIT", order_at)]
    assert "JOIN" not in ids[:order_at], ids
    assert "honor_precedence" in order and "awards_honortype" not in order, order


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # no sort allowed: only an index giving this very order (NULLS LAST included) plans without one
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_the_default_order_is_a_walk_of_the_index_without_a_sort(world, monkeypatch):
    # the wide scope's form (a province's organiser); a unit's few organisations are looked up instead
    monkeypatch.setattr("awards.selectors.awards.NARROW_SCOPE_ORGS", 0)
    AwardFactory(honor_type=world["medal"], person=PersonFactory(employer=world["a_co"]))
    AwardFactory(honor_type=world["medal"], year=None, person=PersonFactory(employer=world["a_co"]))
    for user in (world["users"]["city"], None):  # scoped, and the superuser's (no scope)
        qs = (award_list_visible(user) if user else Award.objects.all()).order_by(*AWARD_LIST_ORDER)
        plan = _plan(qs.values("pk")[:50])
        assert "award_list_order" in plan, plan
        if connection.vendor == "postgresql":
            assert "Sort" not in plan, plan
        else:
            assert "TEMP B-TREE" not in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes are PostgreSQL's (awards 0010)")
def test_the_search_reads_the_trigram_indexes_not_every_award(client, world):
    """获奖者/单位/文号 包含…: each column's UPPER() trigram index, combined, instead of a scan."""
    from awards.forms.filters import AwardFilter

    AwardFactory(honor_type=world["medal"], person=PersonFactory(name="欧阳明月", employer=world["a_co"]))
    found = AwardFilter({"q": "阳明月"}, queryset=award_list_visible(world["users"]["city"])).qs
    assert [a.recipient_name for a in found] == ["欧阳明月"]
    # the search alone (a scope adds its own lookups, which a tiny table may prefer)
    sql, params = AwardFilter({"q": "阳明月"}, queryset=Award.objects.all()).qs.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # the plan a large table gets: no scan of the table, no walk of another index
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for column in ("recipient_name", "unit_and_title", "decision_number"):
        assert f"award_search_{column}_trgm" in plan, plan
