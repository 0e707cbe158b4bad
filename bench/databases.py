"""The PostgreSQL server the benchmarks create their own databases on (PG_HOST, PG_PORT, PG_USER).

Imported by the scripts in this folder (``python bench/x.py`` puts the folder on the path)."""

from __future__ import annotations

import os


def pg_url(database: str) -> str:
    host = os.environ.get("PG_HOST", "127.0.0.1")
    port = os.environ.get("PG_PORT", "5432")
    user = os.environ.get("PG_USER", "postgres")
    return f"postgres://{user}@{host}:{port}/{database}"


def pg_admin(sql: str) -> None:
    """Run one statement (CREATE/DROP DATABASE) on the server's maintenance database."""
    import psycopg

    with psycopg.connect(pg_url("postgres").replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)
