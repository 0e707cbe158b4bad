"""The change history (变更记录) of the audited models, with django-simple-history.

An audited model declares ``history = core.history.audit_history()``: simple-history then keeps a
``Historical<Model>`` table with the full row after every save (``+`` created, ``~`` changed) and
before every delete (``-``), who did it (``history_user``) and when (``history_date``).

Who: ``acting(by)`` (or the ``@audited`` decorator on a service taking ``by``) names the acting user
for the duration of a call — None on the command line; without it, the request's user
(simple-history's ``HistoryRequestMiddleware``) is recorded.

Bulk writes send no signals, so they record their rows here themselves, in the same transaction
and with one ``INSERT … SELECT`` per call whatever the number of rows (``record_pks``,
``record_last``): ``core.bulk`` does it for every model it writes, services
after their ``QuerySet.update()`` / ``bulk_create``. The history model is found at run time from the
model (``history_model``), so core imports no app.
"""

from __future__ import annotations

import contextvars
import functools
import json
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connections, router
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Fields every audited model leaves out of its history: derived keys, recomputed from other fields.
DERIVED_FIELDS = ("stroke_key", "name_key", "path", "depth")

_UNSET = object()
_ACTOR: contextvars.ContextVar = contextvars.ContextVar("jiangxin_history_actor", default=_UNSET)


def _user_or_none(user):
    return user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None


def current_user():
    """The user to record for a change now: the acting user set by ``acting``, else the request's."""
    by = _ACTOR.get()
    if by is not _UNSET:
        return by
    request = getattr(HistoricalRecords.context, "request", None)
    return _user_or_none(getattr(request, "user", None))


def _get_user(instance=None, request=None, **kwargs):
    return current_user()


@contextmanager
def acting(by):
    """Record ``by`` (None: the command line / system) as the author of every change inside."""
    token = _ACTOR.set(_user_or_none(by))
    try:
        yield
    finally:
        _ACTOR.reset(token)


def audited(func):
    """Decorate a service taking the keyword ``by``: its changes are recorded as made by ``by``."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with acting(kwargs.get("by")):
            return func(*args, **kwargs)

    return wrapper


def audit_history(excluded_fields: Iterable[str] = (), unindexed: Iterable[str] = ()) -> HistoricalRecords:
    """The ``HistoricalRecords`` every audited model declares (same options everywhere).

    ``unindexed``: fields whose history column needs no index. simple-history indexes every copied
    key, and each index costs every history row written (a computation writes one per result)."""
    return HistoricalRecords(
        get_user=_get_user,
        excluded_fields=[*DERIVED_FIELDS, *excluded_fields],
        no_db_index=list(unindexed),
        # The history outlives the user account: a deleted user leaves NULL, not a broken row.
        user_db_constraint=False,
    )


@functools.cache
def history_model(model):
    """The historical model of ``model``, or None when it keeps no history. Cached per model:
    simple_history's descriptor builds a new manager class on every access (~0.4 ms, several per
    public page)."""
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name).model if name else None


_META_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


def history_insert_sql(model, source: str, history_type_sql: str = "%s") -> tuple[str, list]:
    """``INSERT INTO <history of model> … SELECT … FROM <source>``: the SQL and its first parameters
    (then those of ``history_type_sql``) recording the rows of ``source`` — the model's table, or
    rows with its columns such as ``UPDATE … RETURNING *`` in a PostgreSQL ``WITH`` — as changed
    now by the current user. ``history_type_sql``: an SQL expression of the type, "+" or "~"."""
    hist = history_model(model)
    connection = connections[router.db_for_write(model)]
    qn = connection.ops.quote_name
    meta = hist._meta
    cols = ", ".join(qn(f.column) for f in meta.concrete_fields if f.name not in _META_FIELDS)
    user = current_user()
    # Only the models' own quoted table and column names are formatted in; values are parameters.
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({cols}, {qn('history_date')}, "  # noqa: S608
        f"{qn(meta.get_field('history_user').column)}, {qn('history_type')}, {qn('history_change_reason')}) "
        f"SELECT {cols}, %s, %s, {history_type_sql}, NULL FROM {source}"
    )
    stamp = meta.get_field("history_date").get_db_prep_save(timezone.now(), connection)
    return sql, [stamp, user.pk if user else None]


def _record(model, where: str, params: list, history_type: str) -> None:
    """INSERT INTO history SELECT the current rows of ``model`` matching ``where`` (one statement)."""
    if history_model(model) is None:
        return
    connection = connections[router.db_for_write(model)]
    qn = connection.ops.quote_name
    sql, first = history_insert_sql(model, f"{qn(model._meta.db_table)} WHERE {where}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*first, history_type, *params])


def _pk_column(model, connection) -> str:
    qn = connection.ops.quote_name
    return f"{qn(model._meta.db_table)}.{qn(model._meta.pk.column)}"


def record_pks(model, pks: Iterable, history_type: str = "~") -> None:
    """Record the current state of the rows of ``model`` whose primary keys are ``pks``."""
    pks = list(pks)
    if not pks or history_model(model) is None:
        return
    connection = connections[router.db_for_write(model)]
    key = _pk_column(model, connection)
    # The keys travel as one parameter (an array; a JSON list on SQLite), so the statement is the same size
    # for 1 or 100 000 rows.
    if connection.vendor == "postgresql":
        _record(model, f"{key} = ANY(%s)", [pks], history_type)
    else:
        _record(model, f"{key} IN (SELECT value FROM json_each(%s))", [json.dumps(pks)], history_type)  # noqa: S608


def record_last(model, count: int, history_type: str = "+") -> None:
    """Record the ``count`` rows of ``model`` with the largest primary keys: those this transaction
    has just inserted, on SQLite (one writer at a time, keys given in order: see ``core.bulk``)."""
    if history_model(model) is None or count <= 0:
        return
    connection = connections[router.db_for_write(model)]
    qn = connection.ops.quote_name
    key = _pk_column(model, connection)
    # The subquery is not correlated: SQLite evaluates it once, before any history row is written.
    top = f"(SELECT MAX({qn(model._meta.pk.column)}) FROM {qn(model._meta.db_table)})"  # noqa: S608
    _record(model, f"{key} > {top} - %s", [count], history_type)
