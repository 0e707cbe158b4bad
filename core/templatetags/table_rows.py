"""{{ table|table_rows }}: a table page's rows, rendered by ``core.table_rows`` (templates/core/table.html)."""

from django import template

from core.table_rows import render_rows

register = template.Library()


@register.filter
def table_rows(table):
    return render_rows(table)
