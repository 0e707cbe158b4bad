"""Reads that span the apps (one module per noun: the home page's to-do lists, the 变更记录 page, the
dashboard)."""

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
from .dashboard import dashboard, dashboard_organization, dashboard_organizations, parse_year
from .home import HomeBoard, Todo, home_board, home_context, home_sheets, home_stamps

__all__ = [
    "AUDITED",
    "BY_KEY",
    "BY_MODEL",
    "HomeBoard",
    "Todo",
    "change_page_keys",
    "change_rows",
    "changes_url",
    "dashboard",
    "dashboard_organization",
    "dashboard_organizations",
    "history_users",
    "home_board",
    "home_context",
    "home_sheets",
    "home_stamps",
    "may_read_changes",
    "object_page",
    "parse_year",
    "record_label",
    "require_reader",
]
