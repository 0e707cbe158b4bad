"""姓氏笔画 as the national news agency prints it: Jiangxin's order equals real published lists.

The lists (tests/scenarios/published_lists/) are printed 按姓氏笔画为序; the longest has 2 296 names
with their notes. Every neighbouring pair must agree, in Python, in the database on SQLite and
PostgreSQL, and in the roster workbook read back with openpyxl. The 姓名笔画 rule, compared on the
same lists, disagrees wherever a surname has both single and double given names — which is why it
is an option and not the default.
"""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection

from awards.exporters import RosterExporter
from awards.models import Award
from core.ordering import stroke_order
from core.strokes import sort_by_strokes, stroke_key
from directory.models import Gender, Person
from tests.factories import HonorTypeFactory, OrganizationFactory
from tests.scenarios.exports import export_bytes, header_index, sheet_rows, workbook
from tests.scenarios.published import all_keys, load

DELEGATES = "cpc20_delegates_2022"


def disagreeing_pairs(names: list[str], rule: str = "surname") -> list[tuple[str, str]]:
    keys = [stroke_key(n, rule) for n in names]
    return [(a, b) for a, b, ka, kb in zip(names, names[1:], keys, keys[1:]) if ka > kb]


def test_the_lists_are_the_published_ones():
    sizes = {key: len(load(key).entries) for key in all_keys()}
    assert sizes == {
        "cc19_members_2017": 204,
        "cc20_members_2022": 205,
        "cpc20_delegates_2022": 2296,
        "pb20_members_2022": 24,
    }
    delegates = load(DELEGATES)
    assert "2296" in delegates.title and "按姓氏笔画为序" in delegates.title
    assert delegates.entries[7].printed == "丁月牙（女，回族）"
    assert delegates.entries[7].female and delegates.entries[7].ethnicity == "回族"


@pytest.mark.parametrize("key", all_keys())
def test_every_neighbouring_pair_of_a_published_list_agrees(key):
    published = load(key)
    assert disagreeing_pairs(published.names) == []
    assert sort_by_strokes(published.names) == published.names


@pytest.mark.parametrize(
    "printed", ["丁宁（女）", "丁月牙（女，回族）", "巴特尔（蒙古族，内蒙古）", "王凯（解放军和武警部队）"]
)
def test_printed_notes_are_never_part_of_the_key(printed):
    assert stroke_key(printed) == stroke_key(printed.split("（")[0])


def test_single_given_names_come_first_within_a_surname():
    names = load(DELEGATES).names
    wangs = [n for n in names if n.startswith("王")]
    single = [n for n in wangs if len(n) == 2]
    assert wangs[: len(single)] == single  # 王力 … 王曦 before 王一彪
    assert wangs.index("王曦") < wangs.index("王一彪") < wangs.index("王小洪")
    assert names.index("徐麟") < names.index("徐西盛")


def test_the_fullname_rule_is_a_different_order_on_the_same_list():
    names = load(DELEGATES).names
    pairs = len(names) - 1
    disagree = disagreeing_pairs(names, "fullname")
    # 姓名笔画 compares character by character: 王小洪 before 王毅, against the published order.
    assert ("王曦", "王一彪") in disagree
    assert 100 < len(disagree) < pairs // 10


@pytest.mark.django_db
def test_database_order_equals_the_published_order():
    published = load(DELEGATES)
    # Stored in a scrambled order: the database must sort, not keep insertion order.
    scrambled = published.names[1::2] + published.names[::2]
    Person.objects.bulk_create(
        [Person(name=n, stroke_key=stroke_key(n)) for n in scrambled], batch_size=1000
    )
    ordered = list(Person.objects.order_by(stroke_order(), "name").values_list("name", flat=True))
    # Equal names (王刚 ×3, 李军 ×4 …) have equal keys; the published list keeps them together.
    assert ordered == sort_by_strokes(published.names)
    assert disagreeing_pairs(ordered) == []
    # The same sequence of names as published: namesakes are the same string.
    assert ordered == published.names


@pytest.mark.django_db
def test_the_roster_workbook_prints_the_published_list():
    """2 296 awards of one honour, exported with the ethnicity mark and read back: the names column is
    the published list, (女) and (女，回族) included; only the places that tell namesakes apart (which a
    roster does not print) and the brackets (the roster's own half-width style) differ."""
    published = load(DELEGATES)
    honour = HonorTypeFactory(name="测试荣誉（名单核对）")
    unit = OrganizationFactory(name="核对单位")
    people = Person.objects.bulk_create(
        [
            Person(
                name=e.name, gender=Gender.FEMALE if e.female else Gender.MALE, ethnicity=e.ethnicity,
                employer=unit, stroke_key=stroke_key(e.name),
            )
            # Scrambled (by a hash of the name), so the ids say nothing about the published order —
            # except between namesakes, whose order only the id can decide and who keep theirs.
            for e in sorted(published.entries, key=lambda e: hashlib.md5(e.name.encode()).digest())
        ],
        batch_size=1000,
    )
    Award.objects.bulk_create(
        [
            Award(
                honor_type=honour, year=2022, person=p, recipient_name=p.name, gender=p.gender,
                unit_and_title="核对单位", stroke_key=p.stroke_key,
            )
            for p in people
        ],
        batch_size=1000,
    )
    rows = sheet_rows(workbook(export_bytes(RosterExporter(honor=honour, year=2022, ethnicity=True))).active)
    printed = [r[1] for r in rows[header_index(rows) + 1 :] if len(r) > 1 and r[1]]

    def roster_style(e) -> str:
        marks = (["女"] if e.female else []) + ([e.ethnicity] if e.ethnicity else [])
        return e.name + (f"({'，'.join(marks)})" if marks else "")

    assert len(printed) == 2296
    assert printed == [roster_style(e) for e in published.entries]


@pytest.mark.django_db
@pytest.mark.postgres_only
def test_the_roster_index_serves_the_roster_order_on_postgresql():
    """The stroke key column is byte-collated ("C") on PostgreSQL, so ORDER BY key COLLATE "C" reads
    the award_roster_order index instead of sorting."""
    honour = HonorTypeFactory(name="测试荣誉（索引）")
    qs = Award.objects.filter(honor_type=honour, year=2022).order_by(stroke_order(), "id")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # and no sort: on a near-empty table another index plus a sort of one row can cost less, so
        # only an index that gives this very order plans without a Sort (was flaky in the full suite)
        cursor.execute("SET LOCAL enable_sort = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "award_roster_order" in plan, plan
    assert "Sort" not in plan, plan
