"""Judges: a user's judging tasks and how many marks each judge of an event gave."""

from __future__ import annotations

from django.db.models import Count, QuerySet

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
