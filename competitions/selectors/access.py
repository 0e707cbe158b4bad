"""Who may do what with a competition's scores (reads).

Access (DESIGN.md §1, issue 4):

- organisers (管理员/组织者) of the competition's organiser organisation, or of one above it, manage
  every event: import scores, compute, reopen, publish, download the results book;
- users with the 查看 role there read the internal results;
- judges (JudgeAssignment) enter marks for the events they are assigned to, and see only their own
  marks; the chief judge (裁判长) also sees every mark and the results of his event, and locks them;
- a competition outside the user's scope (``competition_list_visible``) that he does not judge
  answers 404; one he sees but may not score answers 403 (``NotAllowed``); the public sees published
  events only (``published_event_get``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.errors import NotAllowed
from directory.models import Role
from directory.selectors import user_has_role, user_is_organizer_of

from ..models import (
    Competition,
    Event,
    JudgeAssignment,
    ScoreComponent,
)
from .competitions import competition_list_visible


@dataclass(frozen=True)
class ScoringAccess:
    """What one user may do with one event's scores."""

    is_manager: bool = False
    is_viewer: bool = False
    assignment: JudgeAssignment | None = None
    # Component ids this judge marks; empty = all of the event's components.
    component_ids: frozenset[int] = frozenset()

    @property
    def is_judge(self) -> bool:
        return self.assignment is not None

    @property
    def is_chief(self) -> bool:
        return self.assignment is not None and self.assignment.is_chief

    @property
    def can_open(self) -> bool:
        return self.is_manager or self.is_viewer or self.is_judge

    @property
    def can_see_results(self) -> bool:
        """Internal results and every judge's marks: not for ordinary judges (they mark blind)."""
        return self.is_manager or self.is_viewer or self.is_chief

    def marks_component(self, component: ScoreComponent) -> bool:
        return self.is_judge and (not self.component_ids or component.pk in self.component_ids)


def _is_manager(user, competition: Competition) -> bool:
    return user.is_authenticated and user_is_organizer_of(user, competition.organizer)


def is_manager(user, competition: Competition) -> bool:
    """Organiser (管理员/组织者) of the competition's organiser organisation or one above it."""
    return _is_manager(user, competition)


def _is_viewer(user, competition: Competition) -> bool:
    return user.is_authenticated and user_has_role(user, competition.organizer, [Role.VIEWER])


def scoring_access(user, event: Event) -> ScoringAccess:
    if not user.is_authenticated:
        return ScoringAccess()
    manager = _is_manager(user, event.competition)
    viewer = not manager and _is_viewer(user, event.competition)
    assignment = JudgeAssignment.objects.filter(event=event, user=user).prefetch_related("components").first()
    components = frozenset(c.pk for c in assignment.components.all()) if assignment else frozenset()
    return ScoringAccess(manager, viewer, assignment, components)


def _judged_event_ids(user, competition: Competition) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        JudgeAssignment.objects.filter(user=user, event__competition=competition).values_list("event_id", flat=True)
    )


def _require_visible(user, competition: Competition, judged: set[int]) -> None:
    """404 unless the competition is in the user's scope or he judges one of its events."""
    if judged or competition_list_visible(user).filter(pk=competition.pk).exists():
        return
    raise Http404


def competition_get_for_scoring(user, *, slug: str) -> tuple[Competition, bool, set[int]]:
    """(competition, may manage or read everything, ids of the events the user judges).

    404 when the user cannot see the competition; 403 (``NotAllowed``) when he sees it but has no
    part in its scoring.
    """
    competition = get_object_or_404(Competition.objects.select_related("organizer"), slug=slug)
    full = _is_manager(user, competition) or _is_viewer(user, competition)
    judged = _judged_event_ids(user, competition)
    if not full and not judged:
        _require_visible(user, competition, judged)
        raise NotAllowed(_("您没有该竞赛的评分权限"))
    return competition, full, judged


def competition_scoring_links(user, competition: Competition) -> dict[str, bool]:
    """Which scoring links the competition page shows this user."""
    manager = _is_manager(user, competition)
    full = manager or _is_viewer(user, competition)
    judge = user.is_authenticated and JudgeAssignment.objects.filter(user=user, event__competition=competition).exists()
    return {
        "manager": manager,
        "full": full,
        "open": full or judge,
        "published": competition.events.filter(results_published=True).exists(),
    }


def event_get_for_scoring(user, *, slug: str, event_pk: int) -> tuple[Event, ScoringAccess]:
    event = get_object_or_404(
        Event.objects.select_related("competition__organizer", "scores_locked_by").prefetch_related(
            Prefetch("components", queryset=ScoreComponent.objects.order_by("order", "id"))
        ),
        pk=event_pk,
        competition__slug=slug,
    )
    access = scoring_access(user, event)
    if not access.can_open:
        _require_visible(user, event.competition, _judged_event_ids(user, event.competition))
        raise NotAllowed(_("您没有该赛项的评分权限"))
    return event, access


def require(condition: bool, message: str = "") -> None:
    """The one check of a scoring page: the user sees the event but may not take this step (403)."""
    if not condition:
        raise NotAllowed(message or _("只有主办单位的组织者或该赛项的裁判可以进行此操作"))
