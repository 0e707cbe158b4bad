"""Reads that span the apps (the home page's to-do lists, the 变更记录 page)."""

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
from .home import HomeBoard, Todo, home_board

__all__ = [
    "AUDITED",
    "BY_KEY",
    "BY_MODEL",
    "HomeBoard",
    "Todo",
    "change_page_keys",
    "change_rows",
    "changes_url",
    "history_users",
    "home_board",
    "may_read_changes",
    "object_page",
    "record_label",
    "require_reader",
]
