"""What openpyxl's read-only mode does not tell: merged ranges and formulas without a cached value.

Read-only worksheets (the only mode fast enough for 100 000 rows) expose neither ``merged_cells``
nor whether a value came from a formula. Both matter for hand-made registration sheets:

- units merge one 工作单位 cell down over all their people; the sheet *shows* that name on every
  row, so the reader fills it in (only on rows that have data of their own);
- a formula never calculated (files written by programs, or crafted ones) reads as empty; an
  importer should say "this cell is a formula" rather than "this cell is empty".

One pass of C-level regular expressions over the sheet part's bytes, after the upload checks in
``safety`` have bounded its size; no XML parser is involved.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from html import unescape

from openpyxl.utils import column_index_from_string

__all__ = ["MergedRange", "SheetScan", "scan_sheet_part"]

_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})"')
# A cell whose first child is <f>: capture its reference, its attributes, the formula text, and
# what follows (the cached <v>, if any). Optional namespace prefixes ("x:c") are allowed.
_FORMULA_CELL_RE = re.compile(
    rb"<(?:\w+:)?c\b([^>]*?)>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)\s*"
    rb"(<(?:\w+:)?v\s*/>|<(?:\w+:)?v\s*>(.*?)</(?:\w+:)?v>)?",
    re.S,
)
_REF_RE = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_TYPE_RE = re.compile(rb'\bt="(\w+)"')


@dataclass(frozen=True)
class MergedRange:
    min_col: int  # 1-based
    min_row: int
    max_col: int
    max_row: int


@dataclass
class SheetScan:
    merged: list[MergedRange] = field(default_factory=list)
    # (row, 1-based column) → formula text with its "=", for formulas that have no cached value
    uncalculated_formulas: dict[tuple[int, int], str] = field(default_factory=dict)


def scan_sheet_part(archive: zipfile.ZipFile, part: str) -> SheetScan:
    """Scan one worksheet part of an already size-checked workbook archive."""
    data = archive.read(part)
    scan = SheetScan()
    # <mergeCells> comes after <sheetData>: look for ranges only there, and for formulas only before.
    end_of_cells = data.rfind(b"sheetData>")
    if end_of_cells == -1:
        end_of_cells = len(data)
    if data.find(b"mergeCell", end_of_cells) != -1:
        for m in _MERGE_RE.finditer(data, end_of_cells):
            c1, r1, c2, r2 = m.groups()
            a, b = column_index_from_string(c1.decode()), column_index_from_string(c2.decode())
            r1, r2 = int(r1), int(r2)
            scan.merged.append(MergedRange(min(a, b), min(r1, r2), max(a, b), max(r1, r2)))
    if data.find(b"<f", 0, end_of_cells) != -1 or data.find(b":f>", 0, end_of_cells) != -1:
        for m in _FORMULA_CELL_RE.finditer(data, 0, end_of_cells):
            attrs, formula, v_element, v_text = m.groups()
            ref = _REF_RE.search(attrs)
            if ref is None:
                continue  # cells without r="" are rare and only come from odd generators
            if v_text:
                continue  # a cached result: the reader gives it
            cell_type = _TYPE_RE.search(attrs)
            if v_element is not None and v_element.endswith(b"</v>") and cell_type and cell_type.group(1) == b"str":
                continue  # a formula that evaluated to the empty string
            text = unescape((formula or b"").decode("utf-8", "replace"))
            key = (int(ref.group(2)), column_index_from_string(ref.group(1).decode()))
            scan.uncalculated_formulas[key] = "=" + text
    return scan
