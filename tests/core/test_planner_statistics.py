"""SQLite gets planner statistics after every migrate (core.planner_statistics): without them a name
search on the public results walked every entry of the event instead of the people it matched."""

import pytest
from django.core.management import call_command
from django.db import connection

from core.planner_statistics import analyze
from directory.models import Person

pytestmark = pytest.mark.django_db


def test_analyze_records_statistics_of_a_populated_table(seed_data):
    assert Person.objects.exists()
    analyze()
    if connection.vendor != "sqlite":
        return  # PostgreSQL: ANALYZE ran without error; its statistics live in pg_statistic
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'directory_person'")
        assert cursor.fetchone()[0] > 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only needs to be asked")
def test_migrate_leaves_statistics_behind(seed_data):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'directory_person'")
        assert cursor.fetchone()[0] > 0
