"""The annual summary as a Word document (.docx, python-docx): the paragraph as the user edited it,
then the tables it is made of (honours by level and title, competitions by year, prizes by event).

Text goes in as text (python-docx escapes it); the East Asian font is set on every run so Word and
WPS show 宋体/仿宋 rather than a Western fallback.
"""

from __future__ import annotations

import io

from django.conf import settings
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from ..selectors.dashboard import Dashboard

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SUMMARY_TABLES = ("honours_by_type", "competitions_by_year", "prizes_by_event")
MAX_TEXT = 20000


def _font(run, name: str, size: float | None = None, bold: bool = False) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def summary_title(board: Dashboard) -> str:
    return f"{board.year}年{board.org.name}工作情况"


def summary_docx(board: Dashboard, text: str) -> io.BytesIO:
    font = settings.JIANGXIN_EXPORT_FONT
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = font
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    style.font.size = Pt(12)

    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(summary_title(board)), font, 16, bold=True)

    for line in (text or "").replace("\r\n", "\n")[:MAX_TEXT].split("\n"):
        if not line.strip():
            continue
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(24)
        _font(paragraph.add_run(line.strip()), font, 12)

    for key in SUMMARY_TABLES:
        panel = board.panel(key)
        if panel.empty:
            continue
        caption = doc.add_paragraph()
        _font(caption.add_run(panel.title), font, 12, bold=True)
        table = doc.add_table(rows=1, cols=len(panel.columns))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, panel.columns, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(header), font, 10.5, bold=True)
        for row in panel.rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = ""
                paragraph = cell.paragraphs[0]
                if value.numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _font(paragraph.add_run("" if value.value is None else str(value.value)), font, 10.5)
        if panel.note:
            note = doc.add_paragraph()
            _font(note.add_run(panel.note), font, 9)
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out
