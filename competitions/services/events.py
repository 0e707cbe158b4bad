"""Events (赛项): create and change them with their score components, and their scoring settings.

Only organisers of the competition's organiser organisation write (``by`` None: the command line);
creation and changes are recorded (RegistrationChange). Team sizes and places per delegation
follow ``competitions.rules.registration``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import audited
from core.text import clean_name, clean_text, match_key

from ..models import (
    DEFAULT_COMPONENTS,
    Competition,
    EntryStatus,
    Event,
    EventKind,
    Mark,
    RegistrationAction,
    RegistrationChange,
    ScoreComponent,
)
from ..rules.registration import RuleError, effective_bib_prefix, parse_components, places_problem, team_size_problem
from .common import ScoringLocked, actor, full_clean, lock_event, require_manager, require_organizer
from .competitions import EVENTS_EDITABLE

_COMPONENT_KEYS = {"理论": "theory", "实操": "practical", "实际操作": "practical"}
EVENT_FIELDS = ("name", "trade", "kind", "team_size", "places_per_delegation", "bib_prefix")


def _free_bib_prefix(competition: Competition, exclude_pk: int | None = None) -> str:
    used = {effective_bib_prefix(e) for e in competition.events.exclude(pk=exclude_pk)}
    n = 1
    while f"{n:02d}" in used:
        n += 1
    return f"{n:02d}"


def _components(components: Sequence[tuple[str, Any]]) -> list[tuple[str, Decimal]]:
    try:
        return parse_components(components)
    except RuleError as exc:
        raise DomainError(str(exc)) from None


def _save_components(event: Event, components: list[tuple[str, Decimal]]) -> None:
    existing = {match_key(c.name): c for c in event.components.all()}
    wanted = {match_key(n) for n, _w in components}
    removed = [c for k, c in existing.items() if k not in wanted]
    if removed and event.pk:
        if Mark.objects.filter(component__in=removed).exists():
            raise DomainError("已有评分的成绩构成不能删除")
        ScoreComponent.objects.filter(pk__in=[c.pk for c in removed]).delete()
    used_keys = {c.key for k, c in existing.items() if k in wanted}
    for order, (name, weight) in enumerate(components):
        comp = existing.get(match_key(name))
        if comp is None:
            key = _COMPONENT_KEYS.get(name)
            if key is None or key in used_keys:
                n = order + 1
                while f"part{n}" in used_keys:
                    n += 1
                key = f"part{n}"
            used_keys.add(key)
            ScoreComponent.objects.create(event=event, key=key, name=name, weight=weight, order=order)
        elif (comp.name, comp.weight, comp.order) != (name, weight, order):
            comp.name, comp.weight, comp.order = name, weight, order
            comp.save(update_fields=["name", "weight", "order"])


def _check_event(event: Event) -> None:
    event.name = clean_name(event.name)
    event.trade = clean_name(event.trade)
    event.bib_prefix = clean_text(event.bib_prefix)
    if not event.name:
        raise DomainError("赛项名称不能为空", fields={"name": "赛项名称不能为空"})
    if event.kind == EventKind.TEAM:
        problem = team_size_problem(event.team_size)
        if problem:
            raise DomainError(problem, fields={"team_size": problem})
    else:
        event.team_size = None
    problem = places_problem(event.places_per_delegation)
    if problem:
        raise DomainError(problem, fields={"places_per_delegation": problem})
    key = match_key(event.name)
    for other in event.competition.events.exclude(pk=event.pk):
        if other.name_key == key or match_key(other.name) == key:
            raise DomainError(f"本竞赛已有赛项“{other.name}”", fields={"name": f"本竞赛已有赛项“{other.name}”"})
        if event.bib_prefix and effective_bib_prefix(other) == event.bib_prefix:
            message = f"参赛号前缀“{event.bib_prefix}”已被赛项“{other.name}”使用"
            raise DomainError(message, fields={"bib_prefix": message})


def _record(event: Event, action: str, by) -> None:
    RegistrationChange.objects.create(
        competition_id=event.competition_id, event=event, action=action, new_value=event.name[:30], changed_by=actor(by)
    )


@audited
@transaction.atomic
def event_create(
    *, competition: Competition, by, components: Sequence[tuple[str, Any]] | None = None, **fields: Any
) -> Event:
    """A new event (赛项); components default to 理论 30 / 实操 70."""
    require_organizer(by, competition)
    if competition.status not in EVENTS_EDITABLE:
        raise DomainError(f"竞赛当前为“{competition.get_status_display()}”，不能再增加赛项")
    parsed = _components(components if components is not None else [(n, w) for _k, n, w in DEFAULT_COMPONENTS])
    event = Event(competition=competition, **{k: v for k, v in fields.items() if k in EVENT_FIELDS})
    _check_event(event)
    if not event.bib_prefix:
        event.bib_prefix = _free_bib_prefix(competition)
    full_clean(event, exclude=["competition"])
    event.save()
    _save_components(event, parsed)
    _record(event, RegistrationAction.EVENT_CREATE, by)
    return event


@audited
@transaction.atomic
def event_update(*, event: Event, by, components: Sequence[tuple[str, Any]] | None = None, **fields: Any) -> Event:
    event = Event.objects.select_for_update(of=("self",)).select_related("competition__organizer").get(pk=event.pk)
    require_organizer(by, event.competition)
    if event.competition.status not in EVENTS_EDITABLE or event.scores_locked:
        raise DomainError("评分开始后不能再修改赛项设置")
    old_kind = event.kind
    for name, value in fields.items():
        if name in EVENT_FIELDS:
            setattr(event, name, value)
    _check_event(event)
    if event.kind != old_kind and event.entries.exists():
        raise DomainError(
            "已有报名的赛项不能在个人和团体之间切换", fields={"kind": "已有报名的赛项不能在个人和团体之间切换"}
        )
    if event.kind == EventKind.TEAM and event.team_size:
        too_big = (
            event.teams.annotate(n=Count("members", filter=Q(members__status=EntryStatus.REGISTERED)))
            .filter(n__gt=event.team_size)
            .first()
        )
        if too_big is not None:
            message = f"参赛队“{too_big.name}”已有 {too_big.n} 人，每队人数不能小于此数"
            raise DomainError(message, fields={"team_size": message})
    full_clean(event, exclude=["competition"])
    event.save()
    if components is not None:
        _save_components(event, _components(components))
    _record(event, RegistrationAction.EVENT_UPDATE, by)
    return event


# --- scoring settings -----------------------------------------------------------------------------

SCORING_SETTINGS = (
    "judge_trim_from",
    "uses_time",
    "tie_break",
    "first_prize_ratio",
    "second_prize_ratio",
    "third_prize_ratio",
    "merit_to_half",
    "min_field",
    "team_best_n",
)


@audited
def event_update_scoring_settings(*, event: Event, by, **values: Any) -> Event:
    """Change how an event is scored (trimming, time, tie-break, prize ratios, team best N).

    Refused once the scores are locked: the settings decide the results being signed off.
    """
    unknown = set(values) - set(SCORING_SETTINGS)
    if unknown:
        raise TypeError(f"unknown scoring settings: {sorted(unknown)}")
    with transaction.atomic():
        event = lock_event(event.pk)
        require_manager(by, event)
        if event.scores_locked:
            raise ScoringLocked(_("成绩已锁定，不能修改评分设置"))
        for name, value in values.items():
            setattr(event, name, value)
        event.save(update_fields=[*values, "updated_at"])
    return event
