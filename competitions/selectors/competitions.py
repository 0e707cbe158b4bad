"""Competitions: the ones a user may see, and the overview lines of their events."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from directory.models import Organization
from directory.selectors import path_within, scope_q, user_is_organizer_of, visible_paths

from ..models import (
    Competition,
    EntryStatus,
    Event,
    JudgeAssignment,
    Mark,
)


def registered_count_subquery():
    """报名人数 of the competition (``OuterRef("pk")``): the sum of its events' counters
    (``Event.registered_count``, kept by the entry services), a read of the competition's events
    only, whatever the number of entries (counting the entries themselves was a scan of up to
    280 000 of them per row, and of every entry to sort by it)."""
    total = (
        Event.objects.filter(competition=OuterRef("pk"))
        .order_by()
        .values("competition")
        .annotate(n=Sum("registered_count"))
        .values("n")
    )
    return Coalesce(Subquery(total), 0)


def competition_list_visible(user) -> QuerySet:
    """Competitions organised or co-organised by an organisation in the user's subtrees."""
    qs = Competition.objects.select_related("organizer")
    organizer_q = scope_q(user, "organizer__")
    if organizer_q is None:
        return qs
    co_organized = Competition.objects.filter(scope_q(user, "co_organizers__")).values("pk")
    return qs.filter(organizer_q | Q(pk__in=co_organized))


def competition_visible_to(user, competition: Competition) -> bool:
    """Whether ``competition`` (its organiser loaded) is among ``competition_list_visible(user)``, for
    one read already: its organiser's place in the tree against the user's subtrees and, only when it
    lies outside them, its co-organisers' (one query; none when they are prefetched). A page that
    finds its competition by key so reads it by its unique index alone, not through the list's OR of
    subtree and subquery."""
    paths = visible_paths(user)
    if paths is None or path_within(competition.organizer.path, paths):
        return True
    return any(path_within(org.path, paths) for org in competition.co_organizers.all())


def competition_get_visible(user, *, pk=None, slug=None, with_events: bool = True) -> Competition:
    """The competition of ``pk`` or ``slug`` with its organiser — and, ``with_events``, its
    co-organisers and events with their components — when the user sees it (404 otherwise, as for one
    that does not exist): read by its unique key, then ``competition_visible_to``."""
    lookup = {"pk": pk} if pk is not None else {"slug": slug}
    queryset = Competition.objects.select_related("organizer")
    if with_events:
        queryset = queryset.prefetch_related(
            "co_organizers",
            Prefetch("events", queryset=Event.objects.prefetch_related("components")),
        )
    competition = get_object_or_404(queryset, **lookup)
    if not competition_visible_to(user, competition):
        raise Http404("没有找到该竞赛")
    return competition


def competition_user_can_manage(user, competition) -> bool:
    """Only organisers (管理员/组织者) of the organiser organisation create, edit, move and import."""
    return user_is_organizer_of(user, competition.organizer)


def competition_units(competition) -> QuerySet:
    """Organisations that may register (units, delegations): the organiser's and co-organisers' subtrees."""
    roots = [competition.organizer, *competition.co_organizers.all()]
    return Organization.objects.subtree_of(roots)


@dataclass
class EventOverview:
    event: Event
    entries: int
    ranked: int
    judges: int
    chief: str
    marks: int


def competition_event_overview(competition: Competition, only_ids: set[int] | None = None) -> list[EventOverview]:
    """One line per event for the scoring overview (``only_ids``: the events a judge may see)."""
    events = competition.events.order_by("pk").annotate(
        n_entries=Count("entries", filter=Q(entries__status=EntryStatus.REGISTERED), distinct=True),
        n_ranked=Count("entries", filter=Q(entries__result__rank__isnull=False), distinct=True),
        n_judges=Count("judges", distinct=True),
    )
    if only_ids is not None:
        events = events.filter(pk__in=only_ids)
    events = list(events)
    chiefs = {
        a.event_id: a.user.get_full_name() or a.user.username
        for a in JudgeAssignment.objects.filter(event__in=events, is_chief=True).select_related("user")
    }
    marks = dict(
        Mark.objects.filter(entry__event__in=events)
        .values("entry__event_id")
        .annotate(n=Count("pk"))
        .values_list("entry__event_id", "n")
    )
    return [
        EventOverview(e, e.n_entries, e.n_ranked, e.n_judges, chiefs.get(e.pk, ""), marks.get(e.pk, 0)) for e in events
    ]


def published_competitions() -> list[Competition]:
    """Competitions with at least one published event, newest first; each carries
    ``published_events`` (its published events, in order) — one query for each list."""
    published = Event.objects.filter(results_published=True).order_by("pk")
    return list(
        Competition.objects.filter(events__results_published=True)
        .distinct()
        .select_related("organizer")
        .prefetch_related(Prefetch("events", queryset=published, to_attr="published_events"))
        .order_by("-year", "name")
    )


def published_competition_get(slug: str) -> tuple[Competition, list[Event]]:
    """A competition and its published events; 404 when none is published."""
    competition = get_object_or_404(Competition.objects.select_related("organizer"), slug=slug)
    events = list(competition.events.filter(results_published=True).order_by("pk"))
    if not events:
        raise Http404
    return competition, events
