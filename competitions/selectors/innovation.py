"""Reads of innovation contests: projects (for the unit, the organiser, the public), vote counts,
suspicious voting patterns, the combined results."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from directory.models import Role
from directory.selectors.scope import organizer_paths, scoped, user_is_organizer_of

from ..models import (
    PROJECT_KINDS,
    Competition,
    InnovationSettings,
    Project,
    ProjectMember,
    ProjectStatus,
    Vote,
)
from ..rules.innovation import suspicious_groups
from .competitions import competition_list_visible, competition_units

__all__ = [
    "contact_units",
    "contest_get_public",
    "contest_get_visible",
    "innovation_settings_of",
    "project_get_for_contact",
    "project_vote_counts",
    "projects_for_contact",
    "projects_for_organiser",
    "projects_for_voting",
    "published_results",
    "suspicious_votes",
    "votes_for_review",
]


def _members():
    return Prefetch("members", queryset=ProjectMember.objects.select_related("person").order_by("-is_lead", "order"))


def contact_units(competition: Competition, user) -> QuerySet:
    """The units the user may submit for: the contest's units (organiser's and co-organisers'
    subtrees) that the user organises (联络员 = 组织者 of the unit)."""
    return scoped(competition_units(competition), user, roles=[Role.ADMIN, Role.ORGANIZER]).order_by("path")


def contest_get_visible(user, slug: str) -> Competition:
    """An innovation contest the user sees (in scope, or a contact of one of its units): 404 else."""
    competition = get_object_or_404(Competition.objects.select_related("organizer"), slug=slug, kind__in=PROJECT_KINDS)
    if competition_list_visible(user).filter(pk=competition.pk).exists() or contact_units(competition, user).exists():
        return competition
    raise Http404


def contest_get_public(slug: str) -> Competition:
    return get_object_or_404(Competition.objects.select_related("innovation"), slug=slug, kind__in=PROJECT_KINDS)


def innovation_settings_of(competition: Competition) -> InnovationSettings | None:
    return InnovationSettings.objects.filter(competition=competition).first()


def projects_for_contact(competition: Competition, user) -> QuerySet:
    """The projects of the units the user is the contact (organiser) of."""
    paths = organizer_paths(user)
    qs = Project.objects.filter(competition=competition).select_related("category", "unit").prefetch_related(_members())
    if paths is None:
        return qs
    cond = Q()
    for path in paths:
        cond |= Q(unit__path__startswith=path)
    return qs.filter(cond) if paths else qs.none()


def project_get_for_contact(competition: Competition, user, pk: int) -> Project:
    project = get_object_or_404(
        Project.objects.select_related("category", "unit", "competition").prefetch_related(_members(), "attachments"),
        pk=pk,
        competition=competition,
    )
    if not (user_is_organizer_of(user, project.unit) or user_is_organizer_of(user, competition.organizer)):
        raise Http404
    return project


def projects_for_organiser(competition: Competition, status: str | None = None) -> QuerySet:
    qs = (
        Project.objects.filter(competition=competition)
        .exclude(status=ProjectStatus.DRAFT)
        .select_related("category", "unit")
        .prefetch_related(_members())
        .annotate(attachment_count=Count("attachments", distinct=True))
        .order_by("category_id", "pk")
    )
    return qs.filter(status=status) if status else qs


def projects_for_voting(competition: Competition) -> QuerySet:
    """The projects on the public voting page (passed 初选), with their valid votes; no personal data
    beyond the team's names."""
    return (
        Project.objects.filter(competition=competition, status=ProjectStatus.PASSED)
        .select_related("category", "unit")
        .prefetch_related(_members())
        .annotate(valid_votes=Count("vote_set", filter=Q(vote_set__voided=False)))
        .order_by("category_id", "pk")
    )


def project_vote_counts(competition: Competition) -> dict[int, int]:
    return dict(
        Project.objects.filter(competition=competition, status=ProjectStatus.PASSED)
        .annotate(n=Count("vote_set", filter=Q(vote_set__voided=False)))
        .values_list("pk", "n")
    )


def suspicious_votes(competition: Competition) -> list:
    """Groups of valid votes worth a look (bursts from one origin, many votes seconds apart): one query."""
    rows = Vote.objects.filter(project__competition=competition, voided=False).values_list(
        "pk", "origin_hash", "project_id", "cast_at"
    )
    return suspicious_groups(list(rows))


def votes_for_review(competition: Competition, ids=None) -> QuerySet:
    qs = Vote.objects.filter(project__competition=competition).select_related("project").order_by("-cast_at", "-pk")
    return qs.filter(pk__in=ids) if ids is not None else qs


def published_results(competition: Competition) -> list[Project] | None:
    """The ranked projects of a published contest, best first; None when not published."""
    rules = innovation_settings_of(competition)
    if rules is None or not rules.results_published:
        return None
    return list(
        Project.objects.filter(competition=competition, status=ProjectStatus.PASSED, rank__isnull=False)
        .select_related("category", "unit")
        .prefetch_related(_members())
        .order_by("rank", "pk")
    )
