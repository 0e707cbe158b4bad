"""The one order of honours and nominees on pages and spreadsheets.

Honours follow ``awards.models.honour_order_key`` (名单排序, senior level first, name, id); within an
honour, people and collectives follow 姓氏笔画 (the stored stroke keys, ``core.strokes.stroke_order``),
then the id. Orders are decided in the database: sections by a CASE over the few section keys
(computed first, in Python, from one small aggregate query).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Max, QuerySet, Value, When
from django.db.models.functions import Coalesce, Length

from core.ordering import stroke_order

from ..models import HonorType, RecipientKind, honour_order_key

ITERATOR_CHUNK = 2000


@dataclass(frozen=True)
class HonourSection:
    honor_type_id: int
    name: str
    level: str
    precedence: int
    collective: bool
    count: int
    longest: dict = field(default_factory=dict, compare=False)  # {label: characters} when asked for
    extra: dict = field(default_factory=dict, compare=False)  # {label: value} of the aggregates asked for

    @property
    def sort_key(self) -> tuple:
        return honour_order_key(self.precedence, self.level, self.name, self.honor_type_id)


def honour_sections(qs: QuerySet, longest: dict | None = None, extra: dict | None = None) -> list[HonourSection]:
    """Honours present in ``qs`` in roster order, with counts and, for each ``longest`` label, the
    length of the longest value of its field or expression (to fit column widths to all rows, not a
    sample); ``extra`` aggregates ({label: Min(...)}) come along in the same query.

    Two queries: grouping by the honour's id alone lets the database count from the awards table
    (and its (year, honor_type) index) without joining the catalogue row by row — measured 2.7×
    cheaper than grouping by the joined honour columns; the few honours are read afterwards.
    """
    longest = longest or {}
    extra = extra or {}
    groups = list(
        qs.order_by()
        .values("honor_type_id")
        .annotate(
            n=Count("id"),
            **{f"longest_{k}": Max(Length(f)) for k, f in longest.items()},
            **{f"extra_{k}": aggregate for k, aggregate in extra.items()},
        )
    )
    honours = {
        h["id"]: h
        for h in HonorType.objects.filter(pk__in=[g["honor_type_id"] for g in groups]).values(
            "id", "name", "level", "precedence", "recipient_kind"
        )
    }
    sections = [
        HonourSection(
            honor_type_id=g["honor_type_id"],
            name=honours[g["honor_type_id"]]["name"],
            level=honours[g["honor_type_id"]]["level"],
            precedence=honours[g["honor_type_id"]]["precedence"],
            collective=honours[g["honor_type_id"]]["recipient_kind"] == RecipientKind.COLLECTIVE,
            count=g["n"],
            longest={k: g[f"longest_{k}"] or 0 for k in longest},
            extra={k: g[f"extra_{k}"] for k in extra},
        )
        for g in groups
    ]
    return sorted(sections, key=lambda s: s.sort_key)


def section_order(field: str, keys: Sequence) -> Case | Value:
    """ORDER BY term putting rows in the order of ``keys`` (section keys computed beforehand)."""
    if not keys:
        return Value(0)
    return Case(
        *[When(**{field: k}, then=Value(i)) for i, k in enumerate(keys)],
        default=Value(len(keys)),
        output_field=IntegerField(),
    )


def honour_order() -> list[int]:
    """Honour ids in roster order (all honours: a short list)."""
    honours = HonorType.objects.values_list("id", "name", "level", "precedence")
    return [h[0] for h in sorted(honours, key=lambda h: honour_order_key(h[3], h[2], h[1], h[0]))]


NOMINEE_STROKE = Coalesce("person__stroke_key", "organization__stroke_key")


def nominee_order(qs: QuerySet, rule: str = "surname") -> QuerySet:
    """Nominations by honour (the one honour order), then 姓氏笔画 (or 姓名笔画 with
    ``rule="fullname"``; collectives' keys are character by character either way), then id: the 公示
    page and export."""
    return qs.order_by(
        section_order("honor_type_id", honour_order()), stroke_order(NOMINEE_STROKE, rule=rule), "id"
    )
