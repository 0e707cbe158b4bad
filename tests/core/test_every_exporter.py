"""Every registered exporter: listed by `export --list`, formula-safe on hostile data, print-ready, and
opened by a real spreadsheet program (LibreOffice headless) showing exactly the values written.

The awards exporters are built directly; the other apps' exporters (registration list "entries",
results book "results", …) only through their documented command-line options, so this file needs no
knowledge of their internals. A missing one is skipped with the reason.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import NominationStatus
from core.exports import exporters
from tests.factories import AwardFactory, NominationFactory, PersonFactory
from tests.programs import require_program
from tests.scenarios.exports import assert_no_formulas, build_exporter, export_bytes, exporter_names, workbook

pytestmark = pytest.mark.django_db

# Tokens: comma, double quote, UTF-8, from line 1, default formats, language, don't quote all text,
# detect special numbers, save cell contents AS SHOWN (so a percent or date compares as the user sees
# it), no formulas, keep spaces, -1 = every sheet to its own FILE-SHEETNAME.csv (LibreOffice ≥ 7.2).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def test_export_list_names_every_exporter_once(capsys):
    call_command("export", "--list")
    lines = capsys.readouterr().out.splitlines()
    names = [line.split()[0] for line in lines]
    assert names == sorted(exporters())
    assert len(names) == len(set(names))
    for expected in ("roster", "notice", "nominations", "statistics"):
        assert expected in names
    assert any(line.startswith("notice") and "（公开）" in line for line in lines)


@pytest.mark.parametrize("name", exporter_names())
def test_no_user_text_becomes_a_formula(name, honours, competition_world):
    exporter = build_exporter(name, honours, competition_world)
    data = export_bytes(exporter)
    assert_no_formulas(data)
    # The hostile text was really exported (else the check above proves nothing).
    xml = workbook(data)
    texts = {c for ws in xml.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    assert any(t[:1] in "=+-@\t\n" for t in texts), f"{name}: no hostile text reached the file"


@pytest.mark.parametrize("name", exporter_names())
def test_print_setup_font_and_chinese_sheet_titles(name, honours, competition_world, settings):
    settings.JIANGXIN_EXPORT_FONT = "仿宋"
    data = export_bytes(build_exporter(name, honours, competition_world))
    styles = zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml").decode()
    assert 'name val="仿宋"' in styles and "Calibri" not in styles
    wb = workbook(data)
    for ws in wb.worksheets:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in ws.title), ws.title
        assert int(ws.page_setup.paperSize) == 9
        assert ws.print_title_rows and ws.freeze_panes
        assert ws.sheet_properties.pageSetUpPr.fitToPage


@pytest.mark.parametrize("name", ["roster", "notice", "nominations", "statistics"])
def test_awards_exports_need_the_same_queries_for_more_rows(name, honours, competition_world):
    def queries():
        exporter = build_exporter(name, honours, competition_world)
        with CaptureQueriesContext(connection) as ctx:
            export_bytes(exporter)
        return len(ctx.captured_queries)

    before = queries()
    for i in range(25):
        person = PersonFactory(name=f"新增{i}", employer=honours.institute, id_number=None)
        AwardFactory(honor_type=honours.medal, year=2024, person=person, campaign=honours.campaign)
        NominationFactory(
            campaign=honours.campaign, honor_type=honours.medal, nominating_org=honours.district_b,
            person=person, status=NominationStatus.IN_NOTICE,
        )
    assert queries() == before


# --- LibreOffice round trip ----------------------------------------------------------------------


def shown(cell) -> str:
    """The text a spreadsheet program shows for a cell as openpyxl reads it back."""
    value = cell.value
    fmt = getattr(cell, "number_format", "General")
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0) and "h" not in fmt:
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if fmt.endswith("%"):
            decimals = len(fmt.split(".")[1]) - 1 if "." in fmt else 0
            return f"{Decimal(str(value)) * 100:.{decimals}f}%"
        return f"{float(value):.10g}"
    return str(value)


def trimmed(rows: list[list[str]]) -> list[list[str]]:
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def libreoffice_sheets(xlsx: Path, tmp_path: Path) -> dict[str, list[list[str]]]:
    soffice = require_program("soffice", "libreoffice")
    profile = tmp_path / "lo-profile"
    outdir = tmp_path / "csv"
    env = {**os.environ, "HOME": str(tmp_path)}
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(outdir),
            str(xlsx),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    sheets = {}
    for path in sorted(outdir.glob(f"{xlsx.stem}-*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            sheets[path.stem[len(xlsx.stem) + 1 :]] = trimmed(list(csv.reader(fh)))
    assert sheets, f"LibreOffice wrote nothing: {proc.stdout} {proc.stderr}"
    return sheets


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", exporter_names())
def test_libreoffice_opens_it_and_shows_what_was_written(name, honours, competition_world, tmp_path):
    require_program("soffice", "libreoffice")
    data = export_bytes(build_exporter(name, honours, competition_world))
    xlsx = tmp_path / f"{name}.xlsx"
    xlsx.write_bytes(data)
    expected = {
        ws.title: trimmed([[shown(c) for c in row] for row in ws.iter_rows()])
        for ws in workbook(data).worksheets
    }
    got = libreoffice_sheets(xlsx, tmp_path)
    assert set(got) == set(expected)
    for title, rows in expected.items():
        assert len(rows) > 2, f"{name}/{title}: nothing but the header"
        assert got[title] == rows, title


def test_shown_text_of_typed_cells():
    from openpyxl import Workbook

    ws = Workbook().active
    ws["A1"] = datetime.date(2024, 5, 1)
    ws["A2"] = 0.1667
    ws["A2"].number_format = "0.00%"
    ws["A3"] = 87.0
    ws["A4"] = "=x"
    ws["A4"].data_type = "s"
    assert [shown(ws[f"A{i}"]) for i in range(1, 5)] == ["2024-05-01", "16.67%", "87", "=x"]
