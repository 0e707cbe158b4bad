"""The one way a list view paginates and sorts a django-tables2 table from the query string.

``configure_table(request, table)`` replaces ``django_tables2.RequestConfig``: it reads the same
parameters (``page``, ``per_page``, ``sort``, with the table's prefix) but never fails on them —
``per_page`` that is not a whole number, zero or negative falls back to the view's default and is
capped at ``MAX_PER_PAGE``; a page that is not a number is page 1, one past the end (or before the
start) is the last (or first) page; a sort key that is not a sortable column is ignored. A bad query
string therefore answers 200 with a sane page, never 500, and no request can ask for every row at once.

Counting is capped (``CappedPaginator``): a list counts at most ``COUNT_CAP`` rows — a COUNT over a
LIMIT subquery, which reads that many index entries whatever the table's size — and says "超过 N 条"
beyond it; ``?count=exact`` counts all of them (one full COUNT) for the organiser who needs the figure.
Past the cap the pages stay reachable one "下一页" at a time: such a page reads one row more than it
shows, to know whether another page follows.
"""

from __future__ import annotations

from functools import cache
from math import ceil

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.db.models.sql.datastructures import Join
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
# Rows counted before a list says "超过 N 条": 10 000 index entries cost milliseconds on either
# database; the 280 000 entries of a province's competition cost a scan on every page.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap`` rows (``cap=None``: all of them).

    ``capped`` says the list is longer than ``cap``; ``count`` is then ``cap`` (the templates say
    "超过"), ``num_pages`` covers the pages seen so far plus one while rows remain."""

    def __init__(self, object_list, per_page, *, cap: int | None = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self._last_seen = 0  # past the cap: the highest page number known to hold rows

    def _queryset(self) -> QuerySet | None:
        data = self.object_list  # a django-tables2 table passes its BoundRows(TableData(QuerySet))
        while data is not None and not isinstance(data, QuerySet):
            data = getattr(data, "data", None)
        return data

    @cached_property
    def _counted(self) -> int:
        queryset = self._queryset()
        if self.cap is None or queryset is None:
            return Paginator.count.func(self)
        # no ORDER BY inside: any cap + 1 rows will do to tell "more than cap"
        # nor the annotations: a per-row subquery (报名人数) is no part of how many rows there are
        return queryset.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.cap is not None and self._counted > self.cap

    @property
    def count(self) -> int:
        return self.cap if self.capped else self._counted

    @property
    def num_pages(self) -> int:
        if not self.capped:
            return Paginator.num_pages.func(self)
        return max(ceil(self.cap / self.per_page), self._last_seen)

    def validate_number(self, number) -> int:
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("页码必须是整数") from error
        if number < 1:
            raise EmptyPage("页码必须大于 0")
        return number

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if not self.capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom: bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage("该页没有数据")
        # a page with a row after it: one more page exists
        self._last_seen = max(self._last_seen, number + (len(rows) > self.per_page))
        return self._get_page(rows[: self.per_page], number, self)


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
    """Sort and paginate ``table`` from ``request.GET`` within safe bounds, the count capped unless
    ``?count=exact``; returns the table."""
    table.request = request
    keys = request.GET.getlist(table.prefixed_order_by_field)
    valid = [k for k in keys if k.lstrip("-") in table.columns.names() and table.columns[k.lstrip("-")].orderable]
    if valid:
        table.order_by = valid
    size = query_int(request.GET.get(table.prefixed_per_page_field), default=per_page, maximum=MAX_PER_PAGE)
    page = query_int(request.GET.get(table.prefixed_page_field), default=1, maximum=10**9)
    try:
        cap = None if request.GET.get("count") == "exact" else COUNT_CAP
        table.paginate(paginator_class=CappedPaginator, page=page, per_page=size, cap=cap)
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
            ids = self.values("pk")[k]
            rows = self._chain()
            if not _multi_valued_joins(rows.query):
                # The filters were applied in the ids' query: repeated around it they only let SQLite
                # (no statistics) drive the rows' query from a filter's index instead of the 50 ids
                # (表彰记录 ?honor_type: 88 → 20 ms). Kept when a join could repeat rows.
                rows.query.clear_where()
            return rows.filter(pk__in=ids)
        return super().__getitem__(k)


def _multi_valued_joins(query) -> bool:
    return any(
        getattr(join.join_field, "one_to_many", False) or getattr(join.join_field, "many_to_many", False)
        for join in query.alias_map.values()
        if isinstance(join, Join)
    )


def narrow_sort(qs: QuerySet) -> NarrowSortQuerySet:
    """``qs`` as a NarrowSortQuerySet, for a table's data (``configure_table`` pages it by slicing)."""
    clone = qs._chain()
    clone.__class__ = NarrowSortQuerySet
    return clone


def choice_label(obj, field: str = "status") -> str:
    """``obj.get_<field>_display()``: Django's rebuilds a hashable dict of every choice at each call
    (~110 calls on a campaign's page, 4 ms)."""
    return choice_display(type(obj), field, getattr(obj, field))


def choice_display(model, field: str, value) -> str:
    """The label of ``value`` among the choices of ``model.field`` as ``get_<field>_display()``
    gives it (the value itself outside them), from labels built once per field and language."""
    labels = _choice_labels(model, field, get_language())
    key = make_hashable(value)
    return labels[key] if key in labels else force_str(value, strings_only=True)


@cache
def _choice_labels(model, field: str, language: str | None) -> dict:
    return {
        make_hashable(value): force_str(label, strings_only=True)
        for value, label in make_hashable(model._meta.get_field(field).flatchoices)
    }
