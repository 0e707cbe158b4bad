"""The one way a list view paginates and sorts a django-tables2 table from the query string.

``configure_table(request, table)`` replaces ``django_tables2.RequestConfig``: it reads the same
parameters (``page``, ``per_page``, ``sort``, with the table's prefix) but never fails on them —
``per_page`` that is not a whole number, zero or negative falls back to the view's default and is
capped at ``MAX_PER_PAGE``; a page that is not a number is page 1, one past the end (or before the
start) is the last (or first) page; a sort key that is not a sortable column is ignored. A bad query
string therefore answers 200 with a sane page, never 500, and no request can ask for every row at once.
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import QuerySet
from django.db.models.query import ModelIterable

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


def query_int(value, *, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole number from a query-string value, ``default`` when it is not one, kept in bounds."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    if number < minimum:
        return default
    if maximum is not None and number > maximum:
        return maximum
    return number


def configure_table(request, table, *, per_page: int = DEFAULT_PER_PAGE):
    """Sort and paginate ``table`` from ``request.GET`` within safe bounds; returns the table."""
    table.request = request
    keys = request.GET.getlist(table.prefixed_order_by_field)
    valid = [k for k in keys if k.lstrip("-") in table.columns.names() and table.columns[k.lstrip("-")].orderable]
    if valid:
        table.order_by = valid
    size = query_int(request.GET.get(table.prefixed_per_page_field), default=per_page, maximum=MAX_PER_PAGE)
    page = query_int(request.GET.get(table.prefixed_page_field), default=1, maximum=10**9)
    try:
        table.paginate(page=page, per_page=size)
    except PageNotAnInteger:
        table.page = table.paginator.page(1)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
    return table


class NarrowSortQuerySet(QuerySet):
    """A queryset whose slices sort the ids alone, then read the rows of the slice: one query,
    ``WHERE id IN (SELECT id … ORDER BY … LIMIT n)`` ordered again. The database then sorts narrow
    rows and joins the related tables (``select_related``) for the page's rows only, not for every
    row of a large list (a page of 10 000 nominations: the joins of all of them were most of its time)."""

    def __getitem__(self, k):
        if isinstance(k, slice) and self._result_cache is None and self._iterable_class is ModelIterable:
            return self.filter(pk__in=self.values("pk")[k])
        return super().__getitem__(k)


def narrow_sort(qs: QuerySet) -> NarrowSortQuerySet:
    """``qs`` as a NarrowSortQuerySet, for a table's data (``configure_table`` pages it by slicing)."""
    clone = qs._chain()
    clone.__class__ = NarrowSortQuerySet
    return clone
