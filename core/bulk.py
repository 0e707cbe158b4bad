"""Writing many rows of one model at once, faster than ``QuerySet.bulk_update`` for large sets.

``bulk_update_rows`` takes ``(pk, value, …)`` tuples, ``bulk_update_values`` model instances;
``insert_many`` inserts plain dicts (COPY on PostgreSQL, one executemany on SQLite). Each is one
statement whatever the number of rows. Generic: used by the competitions results computation and
every import. ``many_values`` is the read side: ``filter(field__in=many_values(field, values))``
finds the rows of many keys in one query with one parameter.

None of them bypasses the change history: for a model that keeps one (``core.history``), each call
also records the rows it wrote, in one more statement whatever the number of rows (unless the
caller says it records them itself: ``bulk_update_rows(history=False)``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection, connections, models, router, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from core.history import history_model, record_last, record_pks

BULK_BATCH = 2000
# Up to this many changed rows Django's own bulk_update is used; above it, see bulk_update_rows.
BULK_UPDATE_ORM_MAX = 100


def _fast_bulk_vendor() -> bool:
    if connection.vendor == "postgresql":
        return True
    # UPDATE … FROM needs SQLite 3.33; json_each is built in since 3.38 (and in Python's builds before).
    return connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 33, 0)


def bulk_update_rows(
    model, fields: list[str], rows: list[tuple], *, orm_max: int | None = None, history: bool = True
) -> int:
    """Write ``fields`` of many rows of ``model`` at once; ``rows`` are ``(pk, value, …)`` tuples
    holding the Python values the model fields take. Returns the number of rows.

    Up to ``BULK_UPDATE_ORM_MAX`` rows this is Django's ``bulk_update``. Above, it is not:
    ``bulk_update`` builds a ``CASE WHEN pk = … THEN …`` expression per row and field in Python,
    measured at 0.3–1.7 ms per row here — a minute for a 100 000-entry event. Instead one statement,
    whatever the number of rows, joins the table to the new values passed as a single parameter per column:
    ``UPDATE … FROM unnest(%s::integer[], …)`` on PostgreSQL, ``UPDATE … FROM json_each(%s)`` on
    SQLite. Values are prepared by the fields themselves (``get_db_prep_save``), so what is stored
    is exactly what ``save()`` would store (tests/scoring_db/test_bulk_write.py).

    ``history=False``: the caller records the change history of these rows itself, with others
    (``core.history.record_pks``), in the same transaction.
    """
    if not rows:
        return 0
    limit = BULK_UPDATE_ORM_MAX if orm_max is None else orm_max
    if len(rows) <= limit or not _fast_bulk_vendor():
        objs = [model(pk=row[0], **dict(zip(fields, row[1:], strict=True))) for row in rows]
        model._default_manager.bulk_update(objs, fields, batch_size=BULK_BATCH)
        if history:
            record_pks(model, [row[0] for row in rows])
        return len(rows)
    meta = model._meta
    pk = meta.pk
    model_fields = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    key = f"{table}.{quote(pk.column)}"
    is_json = [isinstance(f, models.JSONField) for f in model_fields]
    if connection.vendor == "postgresql":
        params: list = [[pk.get_db_prep_save(row[0], connection) for row in rows]]
        types = [pk.cast_db_type(connection)]
        for i, f in enumerate(model_fields):
            if is_json[i]:
                params.append([None if row[i + 1] is None else json.dumps(row[i + 1], cls=f.encoder) for row in rows])
                types.append("text")
            else:
                params.append([f.get_db_prep_save(row[i + 1], connection) for row in rows])
                types.append(f.cast_db_type(connection))
        names = ", ".join(["pk", *(f"f{i}" for i in range(len(model_fields)))])
        sets = ", ".join(
            f"{quote(f.column)} = v.f{i}{'::jsonb' if is_json[i] else ''}" for i, f in enumerate(model_fields)
        )
        arrays = ", ".join(f"%s::{t}[]" for t in types)
        sql = f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS v ({names}) WHERE {key} = v.pk"  # noqa: S608
    else:
        payload = [
            [
                row[0],
                *(_json_ready(f.get_db_prep_save(v, connection)) for f, v in zip(model_fields, row[1:], strict=True)),
            ]
            for row in rows
        ]
        params = [json.dumps(payload, ensure_ascii=False)]
        sets = ", ".join(f"{quote(f.column)} = json_extract(j.value, '$[{i + 1}]')" for i, f in enumerate(model_fields))
        sql = f"UPDATE {table} SET {sets} FROM json_each(%s) AS j WHERE {key} = json_extract(j.value, '$[0]')"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    if history:
        record_pks(model, [row[0] for row in rows])
    return len(rows)


def many_values(field, values: list) -> RawSQL:
    """A subquery yielding ``values`` for ``filter(<field>__in=…)``, passed as one parameter (an array
    on PostgreSQL, a JSON list on SQLite): one short statement for 50 000 keys, where ``__in=[…]``
    sends a parameter per value — prepared one by one by Django, and past SQLite's limit."""
    # Only the field's own type is formatted in; the values are the one parameter.
    if connection.vendor == "postgresql":
        return RawSQL(f"SELECT unnest(%s::{field.cast_db_type(connection)}[])", [list(values)])  # noqa: S611
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(values), ensure_ascii=False)])


def _json_ready(value):
    # What Django's SQLite backend stores for a Decimal is its text (NUMERIC affinity converts it).
    return str(value) if isinstance(value, Decimal) else value


def bulk_update_values(objs: list, fields: list[str], *, orm_max: int | None = None) -> int:
    """``bulk_update_rows`` for model instances (``auto_now`` fields are set, as save() would)."""
    if not objs:
        return 0
    meta = type(objs[0])._meta
    model_fields = [meta.get_field(name) for name in fields]
    rows = [(obj.pk, *(f.pre_save(obj, False) for f in model_fields)) for obj in objs]
    return bulk_update_rows(type(objs[0]), fields, rows, orm_max=orm_max)


# Field types whose Python value is already what the database driver takes.
_PASS_THROUGH = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.ForeignKey,
)


def insert_many(model, rows: Iterable[dict[str, Any]]) -> int:
    """INSERT rows given as {attname: value} in one statement; returns the count.

    What ``bulk_create`` does, without building model instances and without its per-value compiler
    work, which on a large import cost more than the database itself (SQLite's 999-parameter limit
    also cuts bulk_create into batches of ~40 rows). Columns, converters, field defaults and the
    auto_now timestamps are worked out once per model from its concrete fields, so a field added
    later with a default is filled in like ``Model()`` would. ``insert_many_keys`` also returns the
    new rows' primary keys.

    A model with a change history gets its new rows recorded too, in one more statement: on SQLite,
    the ``count`` rows with the largest keys (SQLite has one writer at a time and the table's
    AUTOINCREMENT numbers the rows of one transaction consecutively above every earlier key); on
    PostgreSQL, where writers run concurrently, the keys are drawn from the table's sequence first
    (one query) and written by COPY.
    """
    connection = connections[router.db_for_write(model)]
    if history_model(model) is None:
        return _insert_many(model, rows, connection)
    return _insert_recorded(model, rows, connection, keys=False)


def insert_many_keys(model, rows: Iterable[dict[str, Any]]) -> list[int]:
    """``insert_many``, returning the new rows' primary keys in the order of ``rows``: what a caller
    needs to point other new rows at them without reading them back (one query more on SQLite)."""
    connection = connections[router.db_for_write(model)]
    return _insert_recorded(model, rows, connection, keys=True)


def _insert_recorded(model, rows: Iterable[dict[str, Any]], connection, *, keys: bool):
    """Insert, record the new rows in the change history (if the model keeps one); the count, or
    with ``keys`` the new primary keys in order."""
    with transaction.atomic(using=connection.alias, savepoint=False):
        pk = model._meta.pk
        qn = connection.ops.quote_name
        table = qn(model._meta.db_table)
        if connection.vendor == "postgresql":
            rows = list(rows)
            if not rows:
                return [] if keys else 0
            with connection.cursor() as cursor:
                # The sequence looked up once (MATERIALIZED): called per row, pg_get_serial_sequence
                # cost 8 times what nextval does (97 against 12 ms for 50 000 keys).
                cursor.execute(
                    "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) "
                    "SELECT nextval(s.seq) FROM s, generate_series(1, %s)",
                    [table, pk.column, len(rows)],
                )
                pks = [r[0] for r in cursor.fetchall()]
            count = _insert_many(model, rows, connection, pks=pks)
            record_pks(model, pks, "+")
            return pks if keys else count
        count = _insert_many(model, rows, connection)
        if count:
            record_last(model, count, "+")
        if not keys:
            return count
        if not count:
            return []
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({qn(pk.column)}) FROM {table}")  # noqa: S608 (quoted model names only)
            top = cursor.fetchone()[0]
        return list(range(top - count + 1, top + 1))


def _insert_many(model, rows: Iterable[dict[str, Any]], connection, pks: list | None = None) -> int:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if pks is not None:
        fields = [model._meta.pk, *fields]
        rows = ({**row, model._meta.pk.attname: key} for row, key in zip(rows, pks, strict=True))
    now = timezone.now()
    # Columns in three groups, so one row's values are two comprehensions and a constant tuple
    # rather than a function call per column (on a 50 000-row import that call was most of it).
    plain: list[tuple[str, Any]] = []  # (attname, default): passed as they are
    prepared: list[tuple[str, Any, Any]] = []  # (attname, default, get_db_prep_save)
    fixed: list[Any] = []  # auto_now / auto_now_add: one timestamp for every row
    plain_fields, prepared_fields, fixed_fields = [], [], []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fixed_fields.append(f)
            fixed.append(f.get_db_prep_save(now, connection))
        elif isinstance(f, _PASS_THROUGH) and not isinstance(f, models.JSONField):
            plain_fields.append(f)
            plain.append((f.attname, f.get_default()))
        else:
            prepared_fields.append(f)
            prepared.append((f.attname, f.get_default(), f.get_db_prep_save))
    fields = plain_fields + prepared_fields + fixed_fields
    constant = tuple(fixed)

    def values(row: dict[str, Any]) -> tuple:
        get = row.get
        return (
            *[get(k, d) for k, d in plain],
            *[prep(get(k, d), connection) for k, d, prep in prepared],
            *constant,
        )

    qn = connection.ops.quote_name
    # Only quoted table and column names from the model are formatted in; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams all rows in one command: several times faster than executemany.
            copy_sql = "COPY {} ({}) FROM STDIN".format(
                qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(values(row))
                    count += 1
            return count

        def all_values():
            nonlocal count
            for row in rows:
                count += 1
                yield values(row)

        # One executemany over a generator: one statement whatever the number of rows, streamed.
        cursor.executemany(sql, all_values())
    return count
