"""Judges (裁判): assign them to an event (one chief judge, 裁判长) and remove them.

Organisers of the competition's organiser organisation only (``by`` None: the command line).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from core.history import audited

from ..models import Event, JudgeAssignment, Mark, ScoreComponent
from .common import ScoringError, lock_event, require_manager


@audited
def judge_assign(
    *, event: Event, user, by, is_chief: bool = False, components: Iterable[ScoreComponent] = ()
) -> JudgeAssignment:
    """Assign (or update) a judge of the event; making one the chief judge demotes the previous one."""
    components = list(components)
    if any(c.event_id != event.pk for c in components):
        raise ScoringError(_("成绩构成不属于该赛项"))
    with transaction.atomic():
        event = lock_event(event.pk)
        require_manager(by, event)
        if is_chief:
            JudgeAssignment.objects.filter(event=event, is_chief=True).exclude(user=user).update(is_chief=False)
        assignment, _created = JudgeAssignment.objects.update_or_create(
            event=event, user=user, defaults={"is_chief": is_chief}
        )
        assignment.components.set(components)
    return assignment


@audited
def judge_unassign(*, assignment: JudgeAssignment, by) -> None:
    with transaction.atomic():
        event = lock_event(assignment.event_id)
        require_manager(by, event)
        if Mark.objects.filter(entry__event=event, judge=assignment.user_id).exists():
            raise ScoringError(_("该裁判已有评分记录，不能移除"))
        assignment.delete()


def judges_assign_to_events(*, events: Iterable[Event], user, by, is_chief: bool = False) -> list[Event]:
    """Assign one judge to several events at once (all or none); returns the events changed.

    An event the judge already serves keeps its assignment (and the components it marks); asking
    for 裁判长 makes them chief there too. New assignments mark every component."""
    changed = []
    with transaction.atomic():
        for event in events:
            current = JudgeAssignment.objects.filter(event=event, user=user).first()
            if current is not None and (current.is_chief or not is_chief):
                continue
            components = list(current.components.all()) if current is not None else []
            judge_assign(event=event, user=user, by=by, is_chief=is_chief, components=components)
            changed.append(event)
    return changed
