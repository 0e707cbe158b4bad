"""The import and export commands draw a progress bar on a terminal and print nothing extra otherwise."""

import io

import pytest
from django.core.management import call_command

from core.progress import terminal_progress
from tests.scenarios.registration_workbooks import line, new_id, workbook

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_export_draws_a_bar_on_a_terminal_and_stays_quiet_in_a_pipe(honours, tmp_path):
    terminal, pipe = Terminal(), io.StringIO()
    for name, stderr in (("a", terminal), ("b", pipe)):
        call_command("export", "roster", "--year", "2024", "-o", str(tmp_path / f"{name}.xlsx"), stderr=stderr)
    assert "行" in terminal.getvalue() and "完成" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_import_draws_a_bar_on_a_terminal_and_stays_quiet_in_a_pipe(tmp_path):
    from tests.scenarios.registration import registration_world

    reg = registration_world()
    path = tmp_path / "报名表.xlsx"
    path.write_bytes(workbook([line("张伟", new_id()), line("李娜", new_id("F"))]))
    terminal, pipe = Terminal(), io.StringIO()
    for stderr in (terminal, pipe):
        call_command("import_entries", reg.competition.slug, str(path), "--dry-run", stderr=stderr)
    assert "检查" in terminal.getvalue() and "2/2" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_no_bar_is_made_when_not_a_terminal():
    with terminal_progress(io.StringIO()) as progress:
        assert progress is None
