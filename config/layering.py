"""An import-linter contract type for what import-linter cannot see by itself: imports of a part of an
external package (``django.db``). import-linter knows external packages only by their top-level name,
so this contract reads the text of every import of that package instead.

Used by ``[tool.importlinter]`` in pyproject.toml (``lint-imports``); nothing in the site imports it.
"""

from __future__ import annotations

import re

from importlinter import Contract, ContractCheck, fields, output
from importlinter.domain.helpers import module_expressions_to_modules


class ForbiddenSubpackageContract(Contract):
    """``source_modules`` (wildcards allowed), and every module they import directly or indirectly,
    must not import any of ``forbidden_modules``: dotted names inside an external package, such as
    ``django.db``."""

    type_name = "forbidden_subpackage"

    source_modules = fields.SetField(subfield=fields.ModuleExpressionField())
    forbidden_modules = fields.SetField(subfield=fields.StringField())

    def check(self, graph, verbose: bool) -> ContractCheck:
        sources = module_expressions_to_modules(graph, self.source_modules, as_packages=True, raise_if_unmatched=True)
        patterns = {name: _statement_pattern(name) for name in sorted(self.forbidden_modules)}
        invalid = []
        for source in sorted(m.name for m in sources):
            for module in sorted({source} | graph.find_upstream_modules(source)):
                imported = graph.find_modules_directly_imported_by(module)
                for name, pattern in patterns.items():
                    root = name.split(".")[0]
                    if root not in imported:
                        continue
                    for detail in graph.get_import_details(importer=module, imported=root):
                        if pattern.search(detail["line_contents"]):
                            invalid.append(
                                {
                                    "source": source,
                                    "module": module,
                                    "forbidden": name,
                                    "line_number": detail["line_number"],
                                    "line_contents": detail["line_contents"],
                                }
                            )
        return ContractCheck(kept=not invalid, metadata={"invalid": invalid})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for item in check.metadata["invalid"]:
            via = "" if item["module"] == item["source"] else f" (through {item['module']})"
            output.print_error(f"{item['source']} is not allowed to import {item['forbidden']}{via}:")
            output.indent_cursor()
            output.print_error(f"{item['module']}:{item['line_number']}: {item['line_contents']}")
            output.new_line()


def _statement_pattern(name: str) -> re.Pattern[str]:
    """``import django.db…`` / ``from django.db… import`` / ``from django import db``."""
    parent, _, last = name.rpartition(".")
    dotted = re.escape(name)
    alternatives = [rf"^\s*import\s+{dotted}\b", rf"^\s*from\s+{dotted}\b"]
    if parent:
        alternatives.append(rf"^\s*from\s+{re.escape(parent)}\s+import\s+(\(\s*)?([\w\s,]*,\s*)?{re.escape(last)}\b")
    return re.compile("|".join(alternatives))
