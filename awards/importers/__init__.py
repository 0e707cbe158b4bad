"""Spreadsheet importers of the honours app (read and validate only; saving is in the services)."""

from .history import COLUMNS, HistoryImporter, HistoryImportReport

__all__ = ["COLUMNS", "HistoryImportReport", "HistoryImporter"]
