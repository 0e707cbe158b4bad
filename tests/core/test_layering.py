"""The layering contract (pyproject.toml [tool.importlinter]) holds, so a pytest run alone catches a
module importing up the layers: core ← directory ← competitions ← awards ← portal, rules/ pure."""

import subprocess
import sys
from pathlib import Path

import pytest

from config.layering import _statement_pattern

ROOT = Path(__file__).resolve().parents[2]
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"


def test_import_contracts_are_kept():
    proc = subprocess.run([sys.executable, "-c", LINT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "BROKEN" not in proc.stdout
    assert "rules packages import no Django ORM KEPT" in proc.stdout


@pytest.mark.parametrize(
    "line",
    [
        "from django.db import models",
        "from django.db.models import F",
        "import django.db.models",
        "from django import db",
        "from django import conf, db",
        "    from django.db import transaction",
    ],
)
def test_orm_imports_are_recognised(line):
    assert _statement_pattern("django.db").search(line)


@pytest.mark.parametrize(
    "line",
    [
        "from django.utils.translation import gettext_lazy",
        "import django",
        "from django import dbx",
        "import django_db",
    ],
)
def test_other_django_imports_are_not_orm(line):
    assert not _statement_pattern("django.db").search(line)
