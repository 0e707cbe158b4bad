"""Spreadsheet import/export shared by the apps: upload checks, tolerant reading, safe writing."""

from .reader import ColumnSpec, SheetRow, TableResult, read_table
from .safety import SpreadsheetError, check_xlsx_bytes
from .writer import Column, SectionRow, SheetSpec, write_workbook, write_workbook_to_tempfile

__all__ = [
    "Column",
    "ColumnSpec",
    "SectionRow",
    "SheetRow",
    "SheetSpec",
    "SpreadsheetError",
    "TableResult",
    "check_xlsx_bytes",
    "read_table",
    "write_workbook",
    "write_workbook_to_tempfile",
]
