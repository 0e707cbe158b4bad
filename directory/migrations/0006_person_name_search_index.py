"""An index that a name search (姓名包含…) can use, on each database (issue 13).

PostgreSQL: the pg_trgm extension and a GIN trigram index on directory_person.name, used by
``name LIKE '%…%'`` for terms of three or more characters (the ``_like`` btree index Django already
keeps serves the shorter terms, matched as a prefix). SQLite: an FTS5 table with the trigram
tokenizer over the same column (external content, kept in step by triggers), queried with MATCH.
Other databases (or SQLite older than 3.34, which has no trigram tokenizer): nothing; the search
falls back to a scan (directory.selectors.people.person_name_q).
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS directory_person_name_trgm ON directory_person USING gin (name gin_trgm_ops)",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS directory_person_name_trgm"]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE directory_person_fts USING fts5("
    "name, content='directory_person', content_rowid='id', tokenize='trigram')",
    "INSERT INTO directory_person_fts(directory_person_fts) VALUES ('rebuild')",
    "CREATE TRIGGER directory_person_fts_ai AFTER INSERT ON directory_person BEGIN "
    "INSERT INTO directory_person_fts(rowid, name) VALUES (new.id, new.name); END",
    "CREATE TRIGGER directory_person_fts_ad AFTER DELETE ON directory_person BEGIN "
    "INSERT INTO directory_person_fts(directory_person_fts, rowid, name) VALUES ('delete', old.id, old.name); END",
    "CREATE TRIGGER directory_person_fts_au AFTER UPDATE OF name ON directory_person BEGIN "
    "INSERT INTO directory_person_fts(directory_person_fts, rowid, name) VALUES ('delete', old.id, old.name); "
    "INSERT INTO directory_person_fts(rowid, name) VALUES (new.id, new.name); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_person_fts_au",
    "DROP TRIGGER IF EXISTS directory_person_fts_ad",
    "DROP TRIGGER IF EXISTS directory_person_fts_ai",
    "DROP TABLE IF EXISTS directory_person_fts",
]


def sqlite_has_trigram(connection) -> bool:
    return connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 34, 0)


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor == "postgresql":
            statements = statements_by_vendor["postgresql"]
        elif sqlite_has_trigram(connection):
            statements = statements_by_vendor["sqlite"]
        else:
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_audit_history")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
            elidable=False,
        ),
    ]
