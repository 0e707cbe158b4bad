"""A table page's rows rendered in one pass, without django-tables2's per-cell machinery.

django-tables2 renders each cell through ``BoundRow.get_cell``: it rebuilds the column's attributes,
resolves the accessor through its generic path and inspects the render method's signature — for
every one of a page's 500–600 cells. Measured on the entries list (50 rows × 11 columns) that was
about 120 ms of a 160 ms page, whatever the size of the data.

``render_rows(table)`` does the same work once per column and then once per cell only what depends
on the row: the value, the render method, the link. The tables stay django-tables2 tables (columns,
sorting, header, pagination); only the body is rendered here, by ``templates/core/table.html``. The
output is django-tables2's own, byte for byte after whitespace — ``tests/core/test_table_rows.py``
compares both renderings for every table of the project — and a column using a feature this
module does not implement (per-cell computed attributes, row attributes, many-to-many columns,
localize) is refused when the table is compiled, so it cannot be rendered differently in silence.
"""

from __future__ import annotations

import html
import inspect
from collections.abc import Callable

from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django_tables2.columns import CheckBoxColumn, Column, ManyToManyColumn
from django_tables2.utils import A, AttributeDict

from .tables import choice_display

_MISSING = object()
_VALUE = "\x00value\x00"  # stands for a cell's value in a check box drawn once per column
# What a render method or a link's URL function may ask for (django-tables2 offers bound_row too:
# a function asking for it fails here, loudly, in the tests that compare both renderings).
_CELL_ARGUMENTS = ("value", "record", "column", "bound_column", "table")


class UnsupportedColumn(TypeError):
    """The column uses a django-tables2 feature ``render_rows`` does not reproduce."""


def _resolve_path(record, path: tuple[str, ...]):
    """``record.a.b.c`` as django-tables2's accessor resolves it; ``_MISSING`` where a step fails."""
    value = record
    for step in path:
        if value is None:
            return _MISSING
        try:  # any failure leaves the cell empty, as in django-tables2
            value = getattr(value, step)
            if callable(value):
                if getattr(value, "alters_data", False):
                    return _MISSING
                if not getattr(value, "do_not_call_in_templates", False):
                    value = value()
        except Exception:
            return _MISSING
    return value


def _caller(function, available: tuple[str, ...]) -> tuple[Callable, tuple[str, ...]]:
    """The arguments of ``available`` that ``function`` accepts, found once (django-tables2 asks
    ``inspect.signature`` for every cell)."""
    parameters = inspect.signature(function).parameters
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return function, available
    return function, tuple(name for name in available if name in parameters)


class _CompiledColumn:
    def __init__(self, table, bound_column, first_record):
        column = bound_column.column
        if isinstance(column, ManyToManyColumn) or column.localize is not None:
            raise UnsupportedColumn(f"{type(table).__name__}.{bound_column.name}")
        td = dict(table.attrs)
        td.update(dict(column.attrs))
        td = td.get("td", td.get("cell", {}))
        if any(callable(v) for v in td.values()):
            raise UnsupportedColumn(f"{type(table).__name__}.{bound_column.name}: computed td attributes")
        self.td_html = bound_column.attrs["td"].as_html()
        self.empty_values = column.empty_values
        self.default = bound_column.default
        self.link = self._linker(bound_column.link, type(table).__name__, bound_column.name)
        self.bound_column = bound_column
        self.column = column
        self.table = table
        render = bound_column.render
        self.render, self.render_args = _caller(render, _CELL_ARGUMENTS)
        # Column.render is ``return value``: skip the call (most cells)
        self.identity = getattr(render, "__func__", None) is Column.render
        self.getter = self._getter(A(bound_column.accessor), first_record)
        self.checkbox = self._checkbox(column, bound_column, first_record)

    @staticmethod
    def _checkbox(column, bound_column, record) -> tuple[str, str] | None:
        """A never-checked check box is the same <input> for every row but its value: drawn once by
        the column itself around a stand-in value, then only the value is written in per row (the
        column built and joined an attribute dict for every row)."""
        if getattr(column.render, "__func__", None) is not CheckBoxColumn.render or column.checked is not None:
            return None
        attrs = column.attrs.get("td__input") or column.attrs.get("input") or {}
        if any(callable(v) for v in attrs.values()):
            return None
        drawn = str(column.render(value=_VALUE, bound_column=bound_column, record=record))
        if drawn.count(_VALUE) != 1:
            return None
        before, after = drawn.split(_VALUE)
        return before, after

    @staticmethod
    def _getter(accessor, record) -> Callable:
        """The cell's value; for a model field with choices its label, as ``get_FOO_display()``
        gives it (which django-tables2 calls, and which rebuilds the choices dict on every call)."""
        path = tuple(accessor.bits)
        field = accessor.get_field(record) if record is not None and path else None
        if path and getattr(field, "choices", None) and field.name == path[-1]:

            def label(row):
                value = _resolve_path(row, path)
                return value if value is _MISSING else choice_display(field.model, field.name, value)

            return label
        return lambda row: _resolve_path(row, path)

    @staticmethod
    def _linker(link, table_name: str, name: str) -> Callable | None:
        """``linkify``'s <a> as django-tables2's LinkTransform writes it, its URL function's
        arguments found once (the transform inspects them for every cell)."""
        if link is None:
            return None
        static = dict(link.attrs or {})
        if not callable(link.url) or any(callable(v) for v in static.values()):
            raise UnsupportedColumn(f"{table_name}.{name}: linkify other than a URL function")
        url, url_args = _caller(link.url, _CELL_ARGUMENTS)
        if "href" in static:
            def wrap(content, values):
                href = url(**{arg: values[arg] for arg in url_args})
                if href is None:
                    return content
                return format_html("<a {}>{}</a>", AttributeDict({**static, "href": href}).as_html(), content)

            return wrap
        # the attributes but href written once: AttributeDict({**static, "href": …}).as_html() per row
        opening = "<a " + "".join(f"{part} " for part in [AttributeDict(static).as_html()] if part) + 'href="'

        def wrap(content, values):
            href = url(**{arg: values[arg] for arg in url_args})
            if href is None:
                return content
            return mark_safe(f'{opening}{conditional_escape(href)}">{conditional_escape(content)}</a>')

        return wrap

    def cell(self, record) -> str:
        value = self.getter(record)
        if value is _MISSING:
            value = None
        if value in self.empty_values:
            return self.default
        if self.checkbox:
            return mark_safe(f"{self.checkbox[0]}{conditional_escape(value)}{self.checkbox[1]}")
        if self.identity and not self.link:
            return value  # most cells: the value itself, no arguments to gather
        values = {"value": value, "record": record, "column": self.column,
                  "bound_column": self.bound_column, "table": self.table}
        content = value if self.identity else self.render(**{name: values[name] for name in self.render_args})
        return self.link(content, values) if self.link else content


def render_rows(table) -> SafeString:
    """The ``<tr>`` rows of ``table``'s current page (or of all its rows when not paginated), or
    the empty-text row, as django-tables2's template renders them."""
    if table.row_attrs:
        raise UnsupportedColumn(f"{type(table).__name__}: row_attrs")
    records = [row.record for row in table.paginated_rows]
    if not records:
        if not table.empty_text:
            return mark_safe("")
        return format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), table.empty_text)
    columns = [_CompiledColumn(table, bound, records[0]) for bound in table.columns]
    out = []
    for index, record in enumerate(records):
        out.append(f'<tr class="{"odd" if index % 2 else "even"}">')
        for column in columns:
            out.append(f"<td {column.td_html}>{_cell_html(column.cell(record))}</td>")
        out.append("</tr>")
    return mark_safe("".join(out))


def _cell_html(cell) -> str:
    """A cell as the template writes it (``{{ cell }}``: localised, local time, escaped unless safe);
    plain text and safe HTML, most cells, without the general path's lazy-text checks."""
    if type(cell) is str:
        return html.escape(cell)
    if isinstance(cell, SafeString):
        return cell
    return conditional_escape(localize(template_localtime(cell)))
