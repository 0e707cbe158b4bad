"""ORDER BY terms shared by the apps.

``stroke_order`` sorts by a stored ``core.strokes.stroke_key`` (姓氏笔画 by default, or 姓名笔画): byte order on every
database (PostgreSQL gets ``COLLATE "C"``, so a database created with a locale collation such as
en_US.UTF-8 sorts the keys exactly as Python does).
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, F, Func, Value
from django.db.models.functions import Replace

from core.strokes import RULES, STROKE_KEY_BLANK, Rule

__all__ = ["stroke_order"]


class _ByteOrder(Func):
    """``expr`` (SQLite, others) or ``expr COLLATE "C"`` (PostgreSQL)."""

    template = "%(expressions)s"

    def __init__(self, expression):
        super().__init__(expression, output_field=CharField())

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template='%(expressions)s COLLATE "C"', **extra_context)


def stroke_order(field: Any = "stroke_key", *, descending: bool = False, rule: Rule = "surname") -> Any:
    """ORDER BY term for a stored stroke key (a field name or an expression such as Coalesce).

    ``rule="fullname"`` orders a stored 姓氏笔画 key by 姓名笔画: the key without its ``0``s (a
    collective key has none, so it is unchanged). ``surname`` and ``collective`` order by the stored
    key itself (which the roster index serves).

    The keys are ASCII digits, which every collation we know orders like bytes, but PostgreSQL still
    gets ``COLLATE "C"``: the order then cannot depend on the database's locale, and byte comparison
    is the cheapest sort PostgreSQL has. SQLite compares TEXT bytewise (BINARY) already.
    """
    if rule not in RULES:
        raise ValueError(f"unknown stroke order rule {rule!r}; expected one of {RULES}")
    expression = F(field) if isinstance(field, str) else field
    if rule == "fullname":
        expression = Replace(expression, Value(STROKE_KEY_BLANK), Value(""))
    expression = _ByteOrder(expression)
    return expression.desc() if descending else expression.asc()
