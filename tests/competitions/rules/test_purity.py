"""competitions.rules must stay pure: no Django, so it runs without a database."""

import ast
from pathlib import Path

import competitions.rules

SCORING_DIR = Path(competitions.rules.__file__).parent


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_no_django_imports():
    files = sorted(SCORING_DIR.glob("*.py"))
    assert files
    for path in files:
        for module in imported_modules(path):
            assert not module.startswith("django"), f"{path.name} imports {module}"
            assert not module.startswith("awards"), f"{path.name} imports {module}"


def test_no_float_literals():
    for path in sorted(SCORING_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        floats = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Constant) and type(n.value) is float]
        assert not floats, f"{path.name} has float literals on lines {floats}"
