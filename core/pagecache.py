"""Cached parts of the public pages (成绩公布, 公示), keyed by stamps of what they show: never
invalidated by hand, never served after a change.

A public page reads, on every request, whether its publication still exists (published, not
withdrawn: never cached) with the publication's own stamps (published at, computed at, updated at),
and the newest change-history id of every model it shows (``last_changes``: one query, one index
each; ``core.history`` records a row for every write of an audited model — save, bulk write or a
service's update()). Its expensive part (the counts, the rows drawn as HTML) is looked up in
Django's cache under a key made of these stamps (``public_part``): publishing, withdrawing,
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

from .history import history_model

T = TypeVar("T")

# How long a part outlives its stamps at most: bounds the cache's memory of old parts, and the one
# case stamps can miss — a write whose history id is below one already read (PostgreSQL hands ids
# out in order but transactions may commit out of it), seen only when another write follows.
PUBLIC_PART_SECONDS = 300


def _stamp_column(model) -> tuple[str, str]:
    """(table, column) whose MAX changes with every write of ``model``: its change history's id, or
    ``updated_at`` for a small catalogue that keeps no history (honour types)."""
    history = history_model(model)
    if history is not None:
        return history._meta.db_table, history._meta.pk.column
    return model._meta.db_table, model._meta.get_field("updated_at").column


def last_changes(*models) -> tuple:
    """A stamp of each of ``models`` that changes with every write of any of its rows, in one query
    (each the MAX of an indexed column, read from the end of its index)."""
    connection = connections[router.db_for_read(models[0])]
    qn = connection.ops.quote_name
    parts = []
    for model in models:
        table, column = _stamp_column(model)
        parts.append(f"(SELECT MAX({qn(column)}) FROM {qn(table)})")  # noqa: S608 - names from the models
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def public_part(name: str, stamps: tuple, build: Callable[[], T]) -> T:
    """``build()``'s value for ``stamps``, from the cache when a request with the same stamps built it
    already. ``name`` says which part (and page); ``stamps`` must change whenever the value would."""
    key = f"public:{name}:" + hashlib.sha256(repr(stamps).encode()).hexdigest()[:40]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, PUBLIC_PART_SECONDS)
    return value
