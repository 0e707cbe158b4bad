"""Spreadsheet imports of 劳模关爱 through the one pipeline (core.imports)."""

from .ledger import COLUMNS, IMPORT_KIND, LedgerImporter, LedgerImportReport

__all__ = ["COLUMNS", "IMPORT_KIND", "LedgerImportReport", "LedgerImporter"]
