"""Events (赛项): their components, tie-break cascade and prize rules in words; published events."""

from __future__ import annotations

from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ..models import (
    Entry,
    Event,
    ScoreComponent,
)
from ..rules import (
    PrizeRules,
    TieBreak,
    parse_cascade,
    prize_boundaries,
)


def event_components(event: Event) -> list[ScoreComponent]:
    return sorted(event.components.all(), key=lambda c: (c.order, c.pk))


def event_cascade(event: Event) -> tuple[TieBreak, ...]:
    """The event's tie-break cascade (Event.tie_break, default: total → time → practical → theory)."""
    return parse_cascade(event.tie_break or None, [c.key for c in event.components.all()])


def event_prize_rules(event: Event) -> PrizeRules:
    return PrizeRules(
        ratios=(event.first_prize_ratio, event.second_prize_ratio, event.third_prize_ratio),
        merit_to_half=event.merit_to_half,
        min_field=event.min_field,
    )


# Component scores live in Result.components as strings ("91.25"); wide enough for any max_score.


def prize_rule_lines(event: Event, n: int) -> list[str]:
    """The rounding rule in words, with this event's numbers (shown on the results page)."""
    rules = event_prize_rules(event)
    lines = [
        _(
            "设奖规则：按参加排名的人数 N 计算，一等奖取前 N×%(r1)s，一、二等奖合计取前 N×%(r12)s，"
            "一、二、三等奖合计取前 N×%(r123)s；名额四舍五入到整数（0.5 进位），有人参加排名时一等奖至少 1 名。"
            "并列名次的选手获同一奖项，不拆分：并列跨过分界时都获较高奖项，并占用下一奖项的名额。"
        )
        % {
            "r1": _percent(rules.ratios[0]),
            "r12": _percent(rules.ratios[0] + rules.ratios[1]),
            "r123": _percent(sum(rules.ratios)),
        }
    ]
    if rules.merit_to_half:
        lines.append(_("前 50%%（名次不超过 N 的一半，向上取整）中其余选手获优胜奖。"))
    if rules.min_field:
        lines.append(_("参加排名人数少于 %(m)d 时不设奖。") % {"m": rules.min_field})
    lines.append(_("退赛、取消资格和未完成评分的选手不参加排名，也不计入 N。"))
    if n:
        c1, c2, c3 = prize_boundaries(n, rules)
        if n < rules.min_field:
            lines.append(_("本赛项 N = %(n)d，少于 %(m)d，不设奖。") % {"n": n, "m": rules.min_field})
        else:
            lines.append(
                _("本赛项 N = %(n)d：一等奖名次 ≤ %(c1)d，二等奖名次 ≤ %(c2)d，三等奖名次 ≤ %(c3)d。")
                % {"n": n, "c1": c1, "c2": c2, "c3": c3}
            )
    return lines


def _percent(ratio: Decimal) -> str:
    value = (ratio * 100).normalize()
    return f"{value:f}%"


def cascade_labels(event: Event, cascade: tuple[TieBreak, ...] | None = None) -> list[str]:
    names = {f"component:{c.key}": c.name for c in event.components.all()}
    labels = []
    for tb in event_cascade(event) if cascade is None else cascade:
        if tb.field == "total":
            labels.append(_("总成绩高者在前") if tb.descending else _("总成绩低者在前"))
        elif tb.field == "time":
            if not event.uses_time:
                continue
            labels.append(_("用时短者在前") if not tb.descending else _("用时长者在前"))
        elif tb.field in names:
            name = names[tb.field]
            labels.append((_("%s成绩高者在前") if tb.descending else _("%s成绩低者在前")) % name)
    labels.append(_("仍相同则名次并列（如 1、2、2、4）"))
    return labels


def published_event_get(slug: str, event_pk: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("competition"),
        pk=event_pk,
        competition__slug=slug,
        results_published=True,
    )


def event_is_demo(event: Event) -> bool:
    """True when the event's entries are fictitious demo records (shown as such on every page)."""
    return Entry.objects.filter(event=event, is_demo=True).exists()
