"""综合成绩 of an innovation contest: review × w + vote score × (1 − w), ranked with ties, prizes by
ratio or by count (rules/innovation.py), then published on the public results page.

The review score of a project is the locked total of its Entry (the judges' marks with the skills
events' trimmed mean); every category with passed projects must be locked first. Votes are the
count of valid Vote rows — nothing else writes them.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from core.bulk import bulk_update_rows
from core.errors import DomainError
from core.history import audited

from ..models import Competition, InnovationSettings, Project, ProjectStatus
from ..rules.innovation import combine, prizes_by_count, rank_combined
from ..rules.prizes import PrizeRules, allocate_prizes
from .common import require_organizer
from .projects import innovation_settings_for

__all__ = ["innovation_compute", "innovation_publish"]

FIELDS = ["review_score", "vote_score", "votes", "combined_score", "rank", "tied", "prize"]


@audited
@transaction.atomic
def innovation_compute(*, competition: Competition, by) -> int:
    """Compute and store every passed project's combined score, rank and prize; returns how many
    were ranked."""
    require_organizer(by, competition)
    rules: InnovationSettings = innovation_settings_for(competition)
    rules = InnovationSettings.objects.select_for_update().get(pk=rules.pk)
    projects = list(
        Project.objects.select_for_update(of=("self",))
        .filter(competition=competition, status=ProjectStatus.PASSED)
        .select_related("category", "entry__result")
        .order_by("pk")
    )
    if not projects:
        raise DomainError("没有通过初选的成果")
    unlocked = sorted({p.category.name for p in projects if not p.category.scores_locked})
    if unlocked:
        raise DomainError("以下类别的评审成绩尚未锁定：" + "、".join(unlocked))
    votes = dict(
        Project.objects.filter(pk__in=[p.pk for p in projects])
        .annotate(n=Count("vote_set", filter=Q(vote_set__voided=False)))
        .values_list("pk", "n")
    )

    def review(p):
        result = getattr(p.entry, "result", None) if p.entry_id else None
        return result.total if result is not None else None

    rows = {r.id: r for r in combine([(p.pk, review(p), votes.get(p.pk, 0)) for p in projects], rules.review_weight)}
    placings = rank_combined(list(rows.values()))
    if rules.prize_by_count:
        prizes = prizes_by_count(placings, (rules.first_prize_count, rules.second_prize_count, rules.third_prize_count))
    else:
        ratios = (rules.first_prize_ratio, rules.second_prize_ratio, rules.third_prize_ratio)
        prizes = allocate_prizes(placings, PrizeRules(ratios=ratios))
    placed = {p.id: p for p in placings}
    written = []
    for project in projects:
        row = rows[project.pk]
        placing = placed.get(project.pk)
        written.append(
            (
                project.pk,
                row.review,
                row.vote_score,
                row.votes,
                row.combined,
                placing.rank if placing else None,
                placing.tied if placing else False,
                str(prizes.get(project.pk, "none")),
            )
        )
    # One statement whatever the number of projects, and their history rows with it (core.bulk).
    bulk_update_rows(Project, FIELDS, written)
    rules.results_computed_at = timezone.now()
    rules.results_published = False
    rules.save(update_fields=["results_computed_at", "results_published", "updated_at"])
    return len(placings)


@audited
@transaction.atomic
def innovation_publish(*, competition: Competition, by, publish: bool = True) -> None:
    require_organizer(by, competition)
    rules = InnovationSettings.objects.select_for_update().get(pk=innovation_settings_for(competition).pk)
    if publish and rules.results_computed_at is None:
        raise DomainError("请先计算综合成绩")
    rules.results_published = publish
    rules.save(update_fields=["results_published", "updated_at"])
