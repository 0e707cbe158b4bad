"""Spreadsheet imports of the directory, each an ``Importer`` of the one pipeline (``core.imports``)."""

from .accounts import AccountImporter, AccountImportReport

__all__ = ["AccountImportReport", "AccountImporter"]
