"""Spreadsheet importers of the honours app."""

from .history import COLUMNS, ImportReport, RowError, import_history

__all__ = ["COLUMNS", "ImportReport", "RowError", "import_history"]
