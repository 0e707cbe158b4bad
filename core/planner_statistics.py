"""Table statistics for SQLite's query planner, gathered after every ``migrate``.

Without statistics (``sqlite_stat1``) SQLite guesses that any equality on an indexed column finds
about ten rows, so it may walk all 100 000 entries of an event instead of the three people a name
search matched (1 s instead of 1 ms at a province's size). PostgreSQL's autovacuum keeps its own
statistics; SQLite's ANALYZE must be asked for. ``analysis_limit`` samples each index, so it costs
about a second on a 1 GB database, and milliseconds on the demo.
"""

from __future__ import annotations

from django.db import connections

ANALYSIS_LIMIT = 1000  # rows sampled per index, as SQLite's documentation suggests for large databases


def analyze(using: str = "default") -> None:
    """Refresh the planner's statistics of database ``using`` (SQLite: sampled; PostgreSQL: ANALYZE)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")


def analyze_sqlite_after_migrate(sender, using="default", **kwargs) -> None:
    if connections[using].vendor == "sqlite":
        analyze(using)
