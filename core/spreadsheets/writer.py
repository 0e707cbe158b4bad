"""Writing print-ready, formula-safe workbooks in openpyxl's streaming (write-only) mode.

Rules this module keeps so callers don't have to:

- user text is never a formula: a str starting with "=" would become one in openpyxl, and
  "+", "-", "@", tab, CR start formulas in spreadsheet programs that re-type text;
- ID, phone and bib numbers are text cells, so 18-digit IDs never turn into 1.2E+17;
- only the heading, header and section rows are styled; data cells stay plain values (a styled
  cell costs a Cell object and a style lookup each), except dates, percentages and wrapped text,
  which share one precomputed style each; ``Column(wrap_long=True)`` wraps only the cells wider
  than the column, so a roster of short units pays for no styled cell at all;
- column widths are measured on the header and the first rows only, because write-only mode
  needs them before the first row is written.
"""

from __future__ import annotations

import datetime
import re
import tempfile
import types
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import chain, islice
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins

__all__ = [
    "COLUMN_KINDS",
    "Column",
    "SectionRow",
    "SheetSpec",
    "fit_width",
    "sanitize_sheet_title",
    "text_width",
    "write_workbook",
    "write_workbook_to_tempfile",
]

COLUMN_KINDS = ("text", "identifier", "int", "decimal", "date", "datetime", "percent")

# First characters that make a spreadsheet program treat text as a formula (or, for "#", as an
# error value in openpyxl: "#N/A" typed by a person is text).
_RISKY_FIRST = frozenset("=+-@\t\r#")
_ILLEGAL = ILLEGAL_CHARACTERS_RE
_INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")

WIDTH_SAMPLE_ROWS = 500
_MIN_WIDTH = 6.0
_MAX_WIDTH = 60.0
_MAX_WRAP_WIDTH = 40.0

# kind codes used in the per-cell loop (ints compare faster than strings)
_PLAIN, _IDENT, _DATE, _PERCENT = 0, 1, 2, 3
_SAME = object()  # "leave the value as it is" in the row converter


@dataclass
class Column:
    header: str
    kind: str = "text"  # one of COLUMN_KINDS; "percent" takes fractions (0.35 shows as 35.00%)
    width: float | None = None  # None: fit to content
    wrap: bool = False  # wrap every cell of the column
    wrap_long: bool = False  # wrap only the cells whose text is wider than the column

    def __post_init__(self):
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; expected one of {COLUMN_KINDS}")


@dataclass(frozen=True)
class SectionRow:
    """A heading inside the data, e.g. one per honour type in a roster: one merged bold line."""

    text: str


@dataclass
class SheetSpec:
    title: str
    columns: list[Column]
    rows: Iterable[Sequence[Any] | SectionRow]
    heading: str | None = None  # title line above the header, merged across the columns
    notes: Sequence[str] = ()  # lines under the title (文号 and date, "以姓氏笔画为序"), merged, centred
    landscape: bool = False
    footer_page_numbers: bool = True  # "第 n 页，共 m 页" at the bottom of printed pages


def sanitize_sheet_title(title: str, taken: set[str] | None = None) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, not starting/ending with ',
    unique in the workbook (case-insensitive)."""
    clean = _INVALID_TITLE.sub("_", " ".join(str(title).split())).strip("'") or "Sheet"
    clean = clean[:31]
    if taken is None:
        return clean
    candidate, n = clean, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"({n})"
        candidate = clean[: 31 - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def text_width(value: Any) -> int:
    """Display width in "characters": CJK and other full-width characters count 2."""
    if value is None:
        return 0
    if isinstance(value, str):
        s = value
    elif isinstance(value, datetime.datetime):
        return 16
    elif isinstance(value, datetime.date):
        return 10
    elif isinstance(value, float):
        s = f"{value:.15g}"
    else:
        s = str(value)
    return _str_width(s)


@lru_cache(maxsize=1 << 16)
def _str_width(s: str) -> int:
    # Cached: the same units, titles and honour names repeat thousands of times in one export.
    best = 0
    for line in s.split("\n"):
        if line.isascii():
            w = len(line)
        else:
            w = 0
            for ch in line:
                w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        best = max(best, w)
    return best


def write_workbook(target: Any, sheets: list[SheetSpec], *, font_name: str = "宋体") -> None:
    """Write ``sheets`` to ``target`` (a path or a binary file object) as one .xlsx."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet (Excel refuses to open one without)")
    wb = Workbook(write_only=True)
    styles = _Styles(wb, font_name)
    taken: set[str] = set()
    for spec in sheets:
        _write_sheet(wb, spec, styles, sanitize_sheet_title(spec.title, taken))
    wb.save(target)


def write_workbook_to_tempfile(sheets: list[SheetSpec], **kwargs: Any) -> IO[bytes]:
    """Write to a temporary file (in memory up to 1 MB, then on disk) rewound to 0.

    The caller owns the file: hand it to FileResponse, which closes it when done.
    """
    fh = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 - returned open
    try:
        write_workbook(fh, sheets, **kwargs)
        fh.seek(0)
    except BaseException:
        fh.close()
        raise
    return fh


# --- styles -------------------------------------------------------------------------------------


class _Styles:
    """Style arrays computed once per workbook and shared by every styled cell."""

    def __init__(self, wb: Workbook, font_name: str):
        charset = None if font_name.isascii() else 134  # 134 = GB2312, as WPS/Excel write it
        base = Font(name=font_name, sz=11, charset=charset)
        _set_default_font(wb, base)
        thin = Side(style="thin")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)

        # A cell resolves style ids through cell.parent.parent (the workbook); no sheet needed.
        proto = Cell(types.SimpleNamespace(parent=wb))
        self.heading = self._array(
            proto,
            font=Font(name=font_name, sz=16, b=True, charset=charset),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        self.header = self._array(
            proto,
            font=Font(name=font_name, sz=11, b=True, charset=charset),
            fill=PatternFill(fill_type="solid", fgColor="FFD9D9D9"),
            border=box,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        self.note = self._array(
            proto,
            font=Font(name=font_name, sz=11, charset=charset),
            alignment=Alignment(horizontal="center", vertical="center"),
        )
        self.section = self._array(
            proto,
            font=Font(name=font_name, sz=12, b=True, charset=charset),
            alignment=Alignment(horizontal="left", vertical="center"),
        )
        self.wrap = self._array(proto, alignment=Alignment(wrap_text=True, vertical="top"))
        self.percent = self._array(proto, number_format="0.00%")

    @staticmethod
    def _array(proto: Cell, **attrs: Any) -> StyleArray:
        proto._style = StyleArray()
        for name, value in attrs.items():
            setattr(proto, name, value)
        return StyleArray(proto._style)


def _set_default_font(wb: Workbook, font: Font) -> None:
    # Unstyled cells use font 0 and the "Normal" style; both start as Calibri with the theme's
    # "minor" scheme (which would override any name). Replace font 0 before anything refers to
    # it, and point Normal at it, so styles.xml says the chosen font everywhere.
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = font


# --- sheets -------------------------------------------------------------------------------------


def _write_sheet(wb: Workbook, spec: SheetSpec, styles: _Styles, title: str) -> None:
    ws = wb.create_sheet(title)
    columns = spec.columns
    ncols = len(columns)
    last_letter = get_column_letter(max(ncols, 1))

    rows_iter = iter(spec.rows)
    sample = list(islice(rows_iter, WIDTH_SAMPLE_ROWS))
    widths = _set_widths(ws, columns, sample)

    notes = [n for n in spec.notes if n]
    header_row = (2 if spec.heading else 1) + len(notes)
    # Everything before the first append: write-only mode writes these with the first row.
    ws.freeze_panes = f"A{header_row + 1}"
    _page_setup(ws, spec, header_row)
    if spec.heading:
        ws.row_dimensions[1].height = 30

    row_idx = 0
    if spec.heading:
        row_idx += 1
        ws.append([_styled(ws, spec.heading, styles.heading)])
        if ncols > 1:
            ws.merged_cells.add(f"A1:{last_letter}1")
    for note in notes:
        row_idx += 1
        ws.append([_styled(ws, _safe_text(note), styles.note)])
        if ncols > 1:
            ws.merged_cells.add(f"A{row_idx}:{last_letter}{row_idx}")
    row_idx += 1
    ws.append([_styled(ws, _safe_text(c.header), styles.header) for c in columns])

    convert = _RowConverter(ws, columns, styles, widths)
    append = ws.append
    merged = ws.merged_cells
    for row in chain(sample, rows_iter):
        row_idx += 1
        if isinstance(row, SectionRow):
            append([_styled(ws, _safe_text(row.text), styles.section)])
            if ncols > 1:
                merged.add(f"A{row_idx}:{last_letter}{row_idx}")
            continue
        append(convert(row))


def _page_setup(ws, spec: SheetSpec, header_row: int) -> None:
    setup = ws.page_setup
    setup.paperSize = 9  # A4
    setup.orientation = "landscape" if spec.landscape else "portrait"
    # Fit all columns on the page width; as many pages tall as needed.
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3)
    ws.print_title_rows = f"{header_row}:{header_row}"
    if spec.footer_page_numbers:
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _set_widths(ws, columns: list[Column], sample: list) -> list[float]:
    widths = []
    for i, col in enumerate(columns):
        if col.width is not None:
            width = col.width
        else:
            measured = text_width(col.header)
            for row in sample:
                if isinstance(row, SectionRow) or i >= len(row):
                    continue
                v = row[i]
                # A "date" column shows yyyy-mm-dd even when given datetimes.
                w = 10 if col.kind == "date" and isinstance(v, datetime.date) else text_width(v)
                if w > measured:
                    measured = w
            width = fit_width(measured, wrap=col.wrap)
        ws.column_dimensions[get_column_letter(i + 1)].width = width
        widths.append(width)
    return widths


def fit_width(content_width: float, header: str = "", *, wrap: bool = False) -> float:
    """Column width for content ``content_width`` characters wide (text_width units) and ``header``.

    For callers who know the widest value from the database (e.g. ``Max(Length(...))``) instead of
    the sample of the first rows the writer measures.
    """
    measured = max(content_width, text_width(header))
    # +2 for cell padding and the bold header being a little wider.
    return min(max(measured + 2.0, _MIN_WIDTH), _MAX_WRAP_WIDTH if wrap else _MAX_WIDTH)


def _safe_text(value: Any) -> str:
    s = "" if value is None else str(value)
    if not s.isprintable():
        s = _ILLEGAL.sub("", s)
    return s


def _styled(ws, text: str, style: StyleArray) -> Cell:
    cell = Cell(ws, row=1, column=1, style_array=style)
    _bind_text(cell, text)
    return cell


def _bind_text(cell: Cell, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # even "=..." stays text


class _RowConverter:
    """Turns one sequence of Python values into what ws.append should get.

    Most values pass through untouched; only risky text, identifiers typed as numbers, dates and
    wrapped text become Cell objects.
    """

    def __init__(self, ws, columns: list[Column], styles: _Styles, widths: Sequence[float] = ()):
        self.ws = ws
        self.ncols = len(columns)
        codes = []
        for c in columns:
            codes.append({"identifier": _IDENT, "date": _DATE, "percent": _PERCENT}.get(c.kind, _PLAIN))
        self.codes = tuple(codes)
        self.wraps = tuple(c.wrap for c in columns)
        # Text wider than this (display width) gets the wrap style in a wrap_long column; 0: never.
        self.wrap_over = tuple(
            (widths[i] - 2.0 if i < len(widths) else _MAX_WIDTH) if c.wrap_long and not c.wrap else 0
            for i, c in enumerate(columns)
        )
        self.styles = styles

    def __call__(self, row: Sequence[Any]) -> Sequence[Any]:
        if len(row) > self.ncols:
            row = row[: self.ncols]
        elif row.__class__ is not tuple and row.__class__ is not list:
            row = list(row)
        out = None  # copied on the first value that must change: most rows go through as they are
        codes = self.codes
        wraps = self.wraps
        wrap_over = self.wrap_over
        for i, v in enumerate(row):
            if v is None:
                continue
            cls = v.__class__
            code = codes[i]
            if cls is int and code == _PLAIN:
                continue  # 序号, counts: nothing to check
            new = _SAME
            if code == _IDENT and cls is not str:
                new = v = _identifier_text(v)
                cls = str
            if cls is str:
                if v:
                    over = wrap_over[i]
                    if over:
                        # len ≤ width ≤ 2 * len: only text in between pays for measuring.
                        n = len(v)
                        wrap = n * 2 > over and (n > over or _str_width(v) > over)
                    else:
                        wrap = wraps[i]
                    if v[0] in _RISKY_FIRST or not v.isprintable():
                        new = self._text_cell(v, wrap)
                    elif wrap:
                        new = Cell(self.ws, row=1, column=1, value=v, style_array=self.styles.wrap)
            elif code == _PERCENT and (cls is Decimal or cls is float or cls is int):
                new = Cell(self.ws, row=1, column=1, value=v, style_array=self.styles.percent)
            elif cls is datetime.datetime or (code == _DATE and isinstance(v, datetime.datetime)):
                v = _naive(v)
                new = v.date() if code == _DATE else v
            # Plain date/datetime values are fine as they are: openpyxl gives them a real date
            # cell with "yyyy-mm-dd" (date) or "yyyy-mm-dd h:mm:ss" (datetime) number format.
            if new is not _SAME:
                if out is None:
                    out = list(row)
                out[i] = new
        return row if out is None else out

    def _text_cell(self, v: str, wrap: bool) -> Cell:
        if not v.isprintable():
            v = _ILLEGAL.sub("", v)  # control characters would make openpyxl refuse the file
        cell = Cell(self.ws, row=1, column=1, style_array=self.styles.wrap if wrap else None)
        if v:
            _bind_text(cell, v)
        return cell


def _naive(v: datetime.datetime) -> datetime.datetime:
    # Excel has no time zones and openpyxl refuses aware datetimes: show the local wall time.
    if v.tzinfo is None:
        return v
    return v.astimezone(_local_zone()).replace(tzinfo=None)


def _local_zone() -> datetime.tzinfo | None:
    # The writer also runs without Django settings (scripts, benchmarks): then datetimes stay as given.
    if settings.configured and settings.USE_TZ:
        return ZoneInfo(settings.TIME_ZONE)
    return None


def _identifier_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)
