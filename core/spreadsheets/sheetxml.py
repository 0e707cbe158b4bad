"""What the cell parsers do not tell: merged ranges, formulas without a cached value, the cells' extent.

Read-only worksheets (the only mode fast enough for 100 000 rows) expose neither ``merged_cells``
nor whether a value came from a formula. Both matter for hand-made registration sheets:

- units merge one 工作单位 cell down over all their people; the sheet *shows* that name on every
  row, so the reader fills it in (only on rows that have data of their own);
- a formula never calculated (files written by programs, or crafted ones) reads as empty; an
  importer should say "this cell is a formula" rather than "this cell is empty";
- python-calamine, the fast reader, holds a sheet's whole bounding box as a dense grid: two cells at
  A1 and XFD1048576 in a 10 KB file would ask it for hundreds of GB. The scan bounds that box from
  the cells' references (and notes cells placed without one) so the reader can decide before it
  hands the file over.

``SheetScanner`` reads a sheet part in chunks (the upload checks in ``safety`` feed it while they
inflate every member once) with C-level regular expressions; no XML parser is involved. Every
pattern stops at the next ``<`` (XML text cannot contain a raw ``<``), so the work is linear in the
part's size whatever it holds — unclosed ``<f`` tags included — and memory is one chunk.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from html import unescape

from openpyxl.utils import column_index_from_string

__all__ = ["MergedRange", "SheetScan", "SheetScanner", "scan_sheet_part"]

CHUNK_BYTES = 1024 * 1024

_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})"')
# A cell whose first child is <f>: capture its attributes, the formula text, and what follows (the
# cached <v>, if any). Optional namespace prefixes ("x:c") are allowed. No part may run past a "<"
# it does not name, which keeps each match attempt within one tag or one text node.
_FORMULA_CELL_RE = re.compile(
    rb"<(?:\w+:)?c\b([^<>]*)>\s*<(?:\w+:)?f\b[^<>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)\s*"
    rb"(<(?:\w+:)?v\s*/>|<(?:\w+:)?v\s*>([^<]*)</(?:\w+:)?v>)?"
)
_REF_RE = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_TYPE_RE = re.compile(rb'\bt="(\w+)"')
_ERROR_CELL_RE = re.compile(rb'<(?:\w+:)?c\b[^<>]*\bt="e"')
# Row digits of every r="B12" (cells) and r="12" (rows); the digits are checked for length before
# int() so a hostile r="A999…" costs nothing. No \b before r: a pattern that starts with a literal is
# searched for at C speed (2.6× faster on a 30 MB sheet); another attribute ending in "r" can only
# add a match, which makes the bound larger, never smaller.
_ROW_NUMBER_RE = re.compile(rb'r="[A-Za-z]{0,3}(\d+)"')
# References past column Z (rare in a registration sheet: normally no match at all). As above.
_WIDE_COLUMN_RE = re.compile(rb'r="([A-Za-z]{2,})\d')
# A cell start tag without r="…" before its end (or before a single quote, which could hide one in
# another attribute's value): the parser then places it by counting, which the scan cannot bound.
# Here \b stays (a lookalike attribute must not pass for r); the tag with a namespace prefix ("x:c")
# has its own pattern, run only on data where one can occur: an optional prefix group tried at
# every "<" made this the scan's slowest pattern.
_UNPLACED_CELL_RE = re.compile(rb"<c(?=[\s/>])(?![^<>']*\br=\")")
_UNPLACED_PREFIXED_CELL_RE = re.compile(rb"<\w+:c(?=[\s/>])(?![^<>']*\br=\")")
# Columns A–Z without looking at every reference: a wider one is found by _WIDE_COLUMN_RE.
NARROW_COLUMNS = 26
# Where a chunk may be cut without splitting a cell: just before a cell's start tag.
_CELL_STARTS = (b"<c ", b"<c>", b":c ")


@dataclass(frozen=True)
class MergedRange:
    min_col: int  # 1-based
    min_row: int
    max_col: int
    max_row: int

    @property
    def area(self) -> int:
        return (self.max_col - self.min_col + 1) * (self.max_row - self.min_row + 1)


@dataclass
class SheetScan:
    merged: list[MergedRange] = field(default_factory=list)
    # (row, 1-based column) → formula text with its "=", for formulas that have no cached value
    uncalculated_formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    merged_area: int = 0  # cells covered by merged ranges, overlaps counted twice (never expanded)
    max_row: int = 0  # the highest row number any r="" names
    max_column: int = NARROW_COLUMNS  # at least Z; more when a reference names a wider column
    # Some cell has no r="" (the parser places it by counting), a reference is out of Excel's range,
    # or a tag longer than a chunk was dropped unscanned: the extent is not known.
    extent_unknown: bool = False
    # Some cell holds an error value (t="e": #DIV/0!, #N/A …). calamine reads those as empty, which
    # would lose the fact that the cell was filled; openpyxl gives the error's text, as the sheet shows it.
    has_error_cells: bool = False

    @property
    def extent_cells(self) -> int:
        """An upper bound of the cells in the sheet's bounding box (rows × columns), if known."""
        return self.max_row * self.max_column


class SheetScanner:
    """Feed a worksheet part chunk by chunk; ``scan`` holds what was found so far.

    Only the text after the last cell start of a chunk is carried over to the next one (at most
    about one chunk), so nothing is read twice and memory stays at one chunk.
    """

    def __init__(self) -> None:
        self.scan = SheetScan()
        self._carry = b""
        # Element nesting depth at the end of each chunk, counted from tags alone. A worksheet is
        # about five levels deep; thousands of unclosed tags would cost the XML parser dearly.
        self.depth = 0
        self.max_depth = 0

    def feed(self, chunk: bytes) -> None:
        closes = chunk.count(b"</")
        starts = chunk.count(b"<") - closes - chunk.count(b"<?") - chunk.count(b"<!")
        self.depth += starts - closes - chunk.count(b"/>")
        self.max_depth = max(self.max_depth, self.depth)
        buf = self._carry + chunk if self._carry else chunk
        lo = len(self._carry)
        cut = max(buf.rfind(s, lo) for s in _CELL_STARTS)
        if cut > 0 and buf[cut : cut + 1] == b":":
            cut = buf.rfind(b"<", max(0, cut - 64), cut)
        if cut <= 0:
            # No cell starts in this chunk: cut at its last tag (a cell longer than a chunk is not
            # something Excel writes; it is dropped rather than carried on and on).
            cut = buf.rfind(b"<", lo)
        if cut <= 0:
            if len(buf) > CHUNK_BYTES:
                self.scan.extent_unknown = True  # what is dropped may have named a cell
            self._carry = buf[-CHUNK_BYTES:] if len(buf) > CHUNK_BYTES else buf
            return
        self._scan(buf[:cut])
        self._carry = buf[cut:]

    def close(self) -> SheetScan:
        if self._carry:
            self._scan(self._carry)
            self._carry = b""
        return self.scan

    def _scan(self, data: bytes) -> None:
        scan = self.scan
        self._scan_extent(data)
        if b"mergeCell" in data:
            for m in _MERGE_RE.finditer(data):
                c1, r1, c2, r2 = m.groups()
                a, b = column_index_from_string(c1.decode()), column_index_from_string(c2.decode())
                r1, r2 = int(r1), int(r2)
                rng = MergedRange(min(a, b), min(r1, r2), max(a, b), max(r1, r2))
                scan.merged.append(rng)
                scan.merged_area += rng.area
        if not scan.has_error_cells and b't="e"' in data and _ERROR_CELL_RE.search(data):
            scan.has_error_cells = True
        if b"<f" not in data and b":f" not in data:
            return
        for m in _FORMULA_CELL_RE.finditer(data):
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


    def _scan_extent(self, data: bytes) -> None:
        scan = self.scan
        rows = _ROW_NUMBER_RE.findall(data)
        if rows:
            if len(max(rows, key=len)) > 7:
                scan.extent_unknown = True  # beyond Excel's 1 048 576 rows (or zero-padded)
            else:
                scan.max_row = max(scan.max_row, max(map(int, rows)))
        if b'r="' in data:
            for letters in set(_WIDE_COLUMN_RE.findall(data)):
                if len(letters) > 3:
                    scan.extent_unknown = True
                else:
                    scan.max_column = max(scan.max_column, column_index_from_string(letters.upper().decode()))
        if not scan.extent_unknown and (
            _UNPLACED_CELL_RE.search(data) or (b":c" in data and _UNPLACED_PREFIXED_CELL_RE.search(data))
        ):
            scan.extent_unknown = True


def scan_sheet_part(archive: zipfile.ZipFile, part: str) -> SheetScan:
    """Scan one worksheet part of an already size-checked workbook archive, one chunk at a time."""
    scanner = SheetScanner()
    with archive.open(part) as fh:
        while chunk := fh.read(CHUNK_BYTES):
            scanner.feed(chunk)
    return scanner.close()
