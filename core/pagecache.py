"""Cached parts of pages, keyed by stamps of what they show: never invalidated by hand, never
served after a change. The public pages (成绩公布, 公示) cache their body and counts; the campaign
page its nomination counts (awards.selectors.checks), for display only — the services that decide
(submit, start the 公示) count live.

A public page reads, on every request, whether its publication still exists (published, not
withdrawn: never cached) with the publication's own stamps (published at, computed at, updated at),
and the newest change-history id of every model it shows (``last_changes``: one query, one index
each; ``core.history`` records a row for every write of an audited model — save, bulk write or a
service's update()). Its expensive part (the counts, the rows drawn as HTML) is looked up in
Django's cache under a key made of these stamps (``stamped_part``): publishing, withdrawing,
recomputing or editing anything shown changes a stamp, so the next request builds the part afresh.
This holds with a per-process cache too (``make run`` without Redis): an old entry is simply never
asked for again.

Only what is the same for every visitor is cached — no user, no CSRF token, no message, no ID
number; the page around it (menu, signed-in state) is drawn per request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connections, router
from django.db.models import QuerySet, Subquery

from .history import history_model

T = TypeVar("T")

# How long a part outlives its stamps at most: bounds the cache's memory of old parts, and the one
# case stamps can miss — a write whose history id is below one already read (PostgreSQL hands ids
# out in order but transactions may commit out of it), seen only when another write follows.
STAMPED_PART_SECONDS = 300


def _stamp_field(model):
    """(model, field) whose MAX changes with every write of ``model``: its change history's id,
    ``updated_at`` for a small catalogue that keeps no history (honour types), or the newest id of a
    table whose rows are only ever added (``APPEND_ONLY``: the import records and failures)."""
    history = history_model(model)
    if history is not None:
        return history, history._meta.pk
    if getattr(model, "APPEND_ONLY", False):
        return model, model._meta.pk
    return model, model._meta.get_field("updated_at")


def _stamp_sql(model, connection) -> str:
    qn = connection.ops.quote_name
    source, field = _stamp_field(model)
    return f"(SELECT MAX({qn(field.column)}) FROM {qn(source._meta.db_table)})"  # noqa: S608 - names from the models


def last_changes(*models) -> tuple:
    """A stamp of each of ``models`` that changes with every write of any of its rows, in one query
    (each the MAX of an indexed column, read from the end of its index)."""
    connection = connections[router.db_for_read(models[0])]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(_stamp_sql(model, connection) for model in models))
        return tuple(cursor.fetchone())


def with_last_changes(queryset: QuerySet, *models) -> QuerySet:
    """``queryset`` whose rows carry ``last_changes(*models)`` (``row_stamps``): a page reads its
    stamps with a row it reads anyway, not in a query of their own."""
    stamps = {}
    for i, model in enumerate(models):
        source, field = _stamp_field(model)
        # the newest value, read from the end of the column's index (as MAX)
        stamps[f"_stamp_{i}"] = Subquery(source.objects.order_by(f"-{field.name}").values(field.name)[:1])
    return queryset.annotate(**stamps)


def row_stamps(row, models) -> tuple:
    """The stamps ``with_last_changes(…, *models)`` put on ``row``, as ``last_changes`` gives them."""
    return tuple(getattr(row, f"_stamp_{i}") for i in range(len(models)))


def stamped_part(name: str, stamps: tuple, build: Callable[[], T]) -> T:
    """``build()``'s value for ``stamps``, from the cache when a request with the same stamps built it
    already. ``name`` says which part (and page); ``stamps`` must change whenever the value would."""
    key = f"part:{name}:" + hashlib.sha256(repr(stamps).encode()).hexdigest()[:40]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, STAMPED_PART_SECONDS)
    return value
