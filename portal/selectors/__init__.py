"""Reads that span the apps (the 变更记录 page)."""

from .changes import (
    AUDITED,
    BY_KEY,
    BY_MODEL,
    change_page_keys,
    change_rows,
    changes_url,
    history_users,
    may_read_changes,
    object_page,
    record_label,
    require_reader,
)

__all__ = [
    "AUDITED",
    "BY_KEY",
    "BY_MODEL",
    "change_page_keys",
    "change_rows",
    "changes_url",
    "history_users",
    "may_read_changes",
    "object_page",
    "record_label",
    "require_reader",
]
