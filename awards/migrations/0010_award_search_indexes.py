"""Indexes that 表彰记录's search (获奖者/单位/文号 包含…) can use on PostgreSQL (issue 13).

The search is ``icontains`` on three columns, which Django writes as ``UPPER(col) LIKE UPPER('%…%')``:
a GIN trigram index on ``UPPER(col)`` for each serves terms of three or more characters (a bitmap OR
of the three), where the list scanned every visible award (100 000: 90–750 ms → under 1 ms). The
pg_trgm extension comes with directory 0006. SQLite: nothing; its scan of the list stays within the
list's target (bench/pages.py).
"""

from django.db import migrations

COLUMNS = ("recipient_name", "unit_and_title", "decision_number")
PG_FORWARD = [
    f"CREATE INDEX IF NOT EXISTS award_search_{column}_trgm ON awards_award USING gin (UPPER({column}) gin_trgm_ops)"
    for column in COLUMNS
]
PG_BACKWARD = [f"DROP INDEX IF EXISTS award_search_{column}_trgm" for column in COLUMNS]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("awards", "0009_award_honor_precedence"), ("directory", "0006_person_name_search_index")]

    operations = [migrations.RunPython(_run(PG_FORWARD), _run(PG_BACKWARD), elidable=False)]
