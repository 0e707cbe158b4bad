"""The blank sheet an import offers to download: a bold header row, column widths, cell formats down
the rows to fill, and drop-downs of fixed words (never user text: the words go into a list formula)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation


def blank_template_bytes(
    title: str,
    headers: Sequence[str],
    widths: Sequence[float],
    *,
    rows: int,
    formats: dict[str, str] | None = None,
    choices: dict[str, tuple[Sequence[str], str]] | None = None,
) -> bytes:
    """``formats``: column letter → number format (e.g. "@" for text); ``choices``: column letter →
    (the words offered, the message for anything else)."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for letter, number_format in (formats or {}).items():
        for row in range(2, rows + 2):
            ws[f"{letter}{row}"].number_format = number_format
    for letter, (words, error) in (choices or {}).items():
        validation = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
        validation.error = error
        ws.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{rows + 1}")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
