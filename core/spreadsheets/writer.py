"""Writing print-ready, formula-safe workbooks, streamed with XlsxWriter's constant-memory mode.

XlsxWriter, not openpyxl: over the same rows its constant-memory loop takes about half the time of
openpyxl's write-only one (bench/export_roster.py measures both in every run), and it writes the
print setup, merged titles and styles this module needs. Each row goes to a temporary file as it is
written, so memory does not grow with the rows; rows must come in order, which they do.

Rules this module keeps so callers don't have to:

- user text is never a formula: every str is written with ``write_string`` (never the generic
  ``write``, which would make "=…" a formula), so "=", "+", "-", "@", tab and CR at the start stay
  text; text that looks like XlsxWriter's own rich-string XML ("<r>…</r>", which it would copy
  into the sheet unescaped) is handed over as plain fragments of a rich string, which it escapes;
- ID, phone and bib numbers are text cells, so 18-digit IDs never turn into 1.2E+17;
- only the heading, header and section rows are styled; data cells stay plain values, except
  dates, percentages and wrapped text, which share one format each; ``Column(wrap_long=True)``
  wraps only the cells wider than the column, so a roster of short units has no styled cell;
- column widths are measured on the header and the first rows only, because they are written
  before the first row.
"""

from __future__ import annotations

import datetime
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import chain, islice
from math import isfinite
from typing import IO, Any
from zoneinfo import ZoneInfo

import xlsxwriter
from django.conf import settings

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

# Control characters XML 1.0 cannot hold (tab, LF and CR can): dropped, not fatal.
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_ROWS = 1_048_576  # rows of one sheet in .xlsx

WIDTH_SAMPLE_ROWS = 500
_MIN_WIDTH = 6.0
_MAX_WIDTH = 60.0
_MAX_WRAP_WIDTH = 40.0

# kind codes used in the per-cell loop (ints compare faster than strings)
_PLAIN, _IDENT, _DATE, _PERCENT = 0, 1, 2, 3
_NUMBER_TYPES = (int, float, Decimal)


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
    if isinstance(target, os.PathLike):
        target = os.fspath(target)
    # The rows wait in temporary files until close() zips them: a directory of our own, removed
    # even when a row fails half-way (XlsxWriter leaves its files behind then).
    with tempfile.TemporaryDirectory(prefix="jiangxin-xlsx-") as tmpdir:
        wb = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": True,
                "tmpdir": tmpdir,
                # Only write_string is called with text; these keep the generic write (merge_range
                # uses it) from ever turning text into a formula, a number or a link.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_format_properties": _font(font_name),
            },
        )
        formats = _Formats(wb, font_name)
        taken: set[str] = set()
        for spec in sheets:
            _write_sheet(wb, spec, formats, sanitize_sheet_title(spec.title, taken))
        wb.close()


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


# --- formats ------------------------------------------------------------------------------------


def _font(font_name: str, **extra: Any) -> dict[str, Any]:
    font: dict[str, Any] = {"font_name": font_name, "font_size": 11, **extra}
    if not font_name.isascii():
        font["font_charset"] = 134  # GB2312, as WPS/Excel write it
    return font


class _Formats:
    """The workbook's formats, made once and shared by every styled cell.

    Every format starts from the workbook's default font (``default_format_properties``), so
    styles.xml names the chosen font everywhere and no theme font scheme overrides it.
    """

    def __init__(self, wb, font_name: str):
        add = wb.add_format
        centred = {"align": "center", "valign": "vcenter"}
        self.heading = add({"bold": True, "font_size": 16, "text_wrap": True, **centred})
        self.header = add(
            {"bold": True, "pattern": 1, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True, **centred}
        )
        self.note = add(centred)
        self.section = add({"bold": True, "font_size": 12, "align": "left", "valign": "vcenter"})
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.percent = add({"num_format": "0.00%"})
        # What openpyxl wrote for dates and datetimes, which the files have shown so far.
        self.date = add({"num_format": "yyyy-mm-dd"})
        self.datetime = add({"num_format": "yyyy-mm-dd h:mm:ss"})
        self.time = add({"num_format": "h:mm:ss"})
        self.plain = add({})  # the fragments of a rich string (_write_text)


# --- sheets -------------------------------------------------------------------------------------


def _write_sheet(wb, spec: SheetSpec, formats: _Formats, title: str) -> None:
    ws = wb.add_worksheet(title)
    columns = spec.columns
    ncols = len(columns)
    last_col = max(ncols, 1) - 1

    rows_iter = iter(spec.rows)
    sample = list(islice(rows_iter, WIDTH_SAMPLE_ROWS))
    widths = _set_widths(ws, columns, sample)

    notes = [n for n in spec.notes if n]
    header_row = (2 if spec.heading else 1) + len(notes)  # 1-based, as printed
    ws.freeze_panes(header_row, 0)
    _page_setup(ws, spec, header_row)

    def line(r: int, text: str, fmt) -> None:
        # One merged line across the columns (title, notes, sections).
        if last_col > 0:
            ws.merge_range(r, 0, r, last_col, "", fmt)
        _write_text(ws, r, 0, _safe_text(text), fmt, formats)

    r = 0
    if spec.heading:
        ws.set_row(0, 30)  # constant-memory mode: before anything is written to the row
        line(r, spec.heading, formats.heading)
        r += 1
    for note in notes:
        line(r, note, formats.note)
        r += 1
    for c, column in enumerate(columns):
        _write_text(ws, r, c, _safe_text(column.header), formats.header, formats)

    write_row = _RowWriter(ws, columns, formats, widths)
    for row in chain(sample, rows_iter):
        r += 1
        if isinstance(row, SectionRow):
            line(r, row.text, formats.section)
        else:
            write_row(r, row)
    if r >= MAX_ROWS:
        # XlsxWriter drops cells past the last row without a word: refuse rather than cut the list.
        raise ValueError(f"“{title}”有 {r + 1} 行，超过 Excel 每个工作表 {MAX_ROWS} 行的上限")


def _page_setup(ws, spec: SheetSpec, header_row: int) -> None:
    ws.set_paper(9)  # A4
    if spec.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)  # all columns on the page width; as many pages tall as needed
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    ws.set_header("", {"margin": 0.3})
    ws.set_footer("&C第 &P 页，共 &N 页" if spec.footer_page_numbers else "", {"margin": 0.3})
    ws.repeat_rows(header_row - 1)


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
        ws.set_column(i, i, width)
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
        s = _printable(s)
    return s


def _printable(s: str) -> str:
    # Control characters dropped; a CR becomes LF, as every reader saw it from the openpyxl files
    # (XlsxWriter would write it as _x000D_, which Excel reads back as CR but openpyxl as 7 letters).
    return _ILLEGAL.sub("", s).replace("\r\n", "\n").replace("\r", "\n")


def _write_text(ws, r: int, c: int, text: str, fmt, formats: _Formats) -> None:
    if text.startswith("<r>") and text.endswith("</r>"):
        # XlsxWriter takes such a string for rich-string XML it made itself and copies it into the
        # sheet unescaped (a cell could then hold anything, a formula included). As the fragments
        # of a rich string the same text is escaped like any other.
        f = fmt or formats.plain  # the fragments' font: the cell's own
        ws.write_rich_string(r, c, f, text[0], f, text[1], f, text[2:], f)
    else:
        ws.write_string(r, c, text, fmt)


class _RowWriter:
    """Writes one sequence of Python values as cells of row ``r``, each by its own typed call.

    Text goes only through write_string (see _write_text), numbers through write_number, dates
    through write_datetime with the date format: nothing is left to XlsxWriter's guessing.
    """

    def __init__(self, ws, columns: list[Column], formats: _Formats, widths: Sequence[float] = ()):
        self.ws = ws
        self.ncols = len(columns)
        self.codes = tuple({"identifier": _IDENT, "date": _DATE, "percent": _PERCENT}.get(c.kind, _PLAIN)
                           for c in columns)
        self.wraps = tuple(c.wrap for c in columns)
        # Text wider than this (display width) gets the wrap format in a wrap_long column; 0: never.
        self.wrap_over = tuple(
            (widths[i] - 2.0 if i < len(widths) else _MAX_WIDTH) if c.wrap_long and not c.wrap else 0
            for i, c in enumerate(columns)
        )
        self.formats = formats

    def __call__(self, r: int, row: Sequence[Any]) -> None:
        ws = self.ws
        write_string = ws.write_string
        write_number = ws.write_number
        codes = self.codes
        wraps = self.wraps
        wrap_over = self.wrap_over
        formats = self.formats
        for i, v in enumerate(row):
            if i >= self.ncols:
                break
            if v is None:
                continue
            cls = v.__class__
            code = codes[i]
            if cls is str or (code == _IDENT and cls is not bool):
                if cls is not str:
                    v = _identifier_text(v)
                if not v:
                    continue
                over = wrap_over[i]
                if over:
                    # len ≤ width ≤ 2 * len: only text in between pays for measuring.
                    n = len(v)
                    wrap = n * 2 > over and (n > over or _str_width(v) > over)
                else:
                    wrap = wraps[i]
                if not v.isprintable():
                    v = _printable(v)
                    if not v:
                        continue
                if v[0] == "<":
                    _write_text(ws, r, i, v, formats.wrap if wrap else None, formats)
                else:
                    write_string(r, i, v, formats.wrap if wrap else None)
            elif cls is int or (cls is float and isfinite(v)):
                write_number(r, i, v, formats.percent if code == _PERCENT else None)
            else:
                self._other(r, i, v, code)

    def _other(self, r: int, i: int, v: Any, code: int) -> None:
        ws, formats = self.ws, self.formats
        if isinstance(v, bool):
            ws.write_boolean(r, i, v)
        elif isinstance(v, _NUMBER_TYPES) and isfinite(v):  # Decimal, int and float subclasses
            ws.write_number(r, i, float(v), formats.percent if code == _PERCENT else None)
        elif isinstance(v, datetime.datetime):
            v = _naive(v)
            if code == _DATE:
                ws.write_datetime(r, i, v.date(), formats.date)
            else:
                ws.write_datetime(r, i, v, formats.datetime)
        elif isinstance(v, datetime.date):
            ws.write_datetime(r, i, v, formats.date)
        elif isinstance(v, datetime.time):
            ws.write_datetime(r, i, v.replace(tzinfo=None), formats.time)
        else:
            # str subclasses (SafeString), lazy translations, NaN and infinity (a number cell cannot
            # hold them) and anything else: as text.
            text = _safe_text(v)
            if text:
                _write_text(ws, r, i, text, formats.wrap if self.wraps[i] else None, formats)


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
