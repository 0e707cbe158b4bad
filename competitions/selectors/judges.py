"""Judges: a user's judging tasks and how many marks each judge of an event gave."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from directory.models import Membership, Role

from ..models import (
    Event,
    JudgeAssignment,
    Mark,
)


def judge_tasks(user) -> QuerySet:
    """The user's judge assignments, newest competition first (the 评分任务 page)."""
    return (
        JudgeAssignment.objects.filter(user=user)
        .select_related("event__competition")
        .prefetch_related("components")
        .order_by("-event__competition__year", "event__competition__name", "event__id")
    )


def mark_counts_by_judge(event: Event) -> dict[int, int]:
    return dict(
        Mark.objects.filter(entry__event=event, judge__isnull=False)
        .values("judge_id")
        .annotate(n=Count("pk"))
        .values_list("judge_id", "n")
    )


def judge_candidates(competition) -> QuerySet:
    """Active accounts that may be picked as judges of ``competition``: those holding 裁判 on an
    organisation under its organiser, and those already judging one of its events."""
    judges = Membership.objects.filter(
        role=Role.JUDGE, organization__path__startswith=competition.organizer.path
    ).values("user_id")
    serving = JudgeAssignment.objects.filter(event__competition=competition).values("user_id")
    return get_user_model().objects.filter(Q(pk__in=judges) | Q(pk__in=serving), is_active=True).order_by(
        "username"
    )


def competition_events_with_judges(competition) -> QuerySet:
    return competition.events.order_by("id").prefetch_related(
        Prefetch(
            "judges",
            queryset=JudgeAssignment.objects.select_related("user").order_by("-is_chief", "user__username"),
        )
    )
