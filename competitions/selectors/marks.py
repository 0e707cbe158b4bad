"""Marks: one judge's marks, and how the marks of one entry make its component scores."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ..models import (
    Entry,
    Event,
    Mark,
    ScoreComponent,
)
from ..rules import (
    aggregate_marks,
)


def marks_of_judge(event: Event, judge) -> dict[tuple[int, int], Mark]:
    return {(m.entry_id, m.component_id): m for m in Mark.objects.filter(entry__event=event, judge=judge)}


@dataclass
class ComponentBreakdown:
    """How one component score of one entry comes about, for the entry page."""

    component: ScoreComponent
    marks: list[Mark]  # the judges' marks (without the imported one), lowest first
    imported: Mark | None
    dropped: set[int]  # mark ids left out by the trimmed mean
    score: Decimal | None
    rule: str


def entry_component_breakdown(entry: Entry, components: list[ScoreComponent]) -> list[ComponentBreakdown]:
    """Per component: the marks, which of them the trimmed mean drops, and the resulting score.

    Uses the same pure ``aggregate_marks`` as ``event_compute_results``; an imported mark (no
    judge) is the component score and the judges' marks are then shown but not used.
    """
    event = entry.event
    trim_from = event.judge_trim_from or None
    by_component: dict[int, list[Mark]] = defaultdict(list)
    for mark in entry.marks.select_related("judge").order_by("value", "id"):
        by_component[mark.component_id].append(mark)
    out = []
    for component in components:
        marks = by_component.get(component.pk, [])
        imported = next((m for m in marks if m.judge_id is None), None)
        judged = [m for m in marks if m.judge_id is not None]
        dropped: set[int] = set()
        if imported is not None:
            score = imported.value
            rule = _("以导入成绩为准") + (_("（裁判评分不计）") if judged else "")
        else:
            score = aggregate_marks([m.value for m in judged], trim_from=trim_from) if judged else None
            if trim_from and len(judged) >= trim_from:
                dropped = {judged[0].pk, judged[-1].pk}
                rule = _("%(n)d 位裁判，去掉一个最高分和一个最低分后取平均") % {"n": len(judged)}
            elif judged:
                rule = _("%(n)d 位裁判，取平均") % {"n": len(judged)}
            else:
                rule = _("尚未评分")
        out.append(ComponentBreakdown(component, judged, imported, dropped, score, rule))
    return out


def entry_score_changes(entry: Entry, *, only_by=None) -> QuerySet:
    qs = entry.score_changes.select_related("component", "changed_by").order_by("-changed_at", "-id")
    if only_by is not None:
        qs = qs.filter(changed_by=only_by)
    return qs
