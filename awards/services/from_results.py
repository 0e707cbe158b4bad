"""Draft nominations made from competition results (竞赛成绩 → 推荐草稿)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from core.errors import DomainError
from core.history import audited
from directory.models import Organization

from ..models import Campaign, Nomination
from .nominations import nomination_create


@dataclass
class FromResultsOutcome:
    created: list[Nomination]
    skipped: list[tuple[str, str]]  # (who, why)


@audited
def nominations_from_results(
    *, campaign: Campaign, by, nominating_org: Organization, items: Sequence[tuple], citation: str = ""
) -> FromResultsOutcome:
    """Draft nominations, one per (result, honour), each linked to its result; all or none.

    A result that cannot be nominated (outside the unit's subtree, already nominated …) is skipped
    with the reason; the others are created together.
    """
    created, skipped = [], []
    with transaction.atomic():
        for result, honor_type in items:
            person = result.entry.person
            event = result.entry.event
            text = citation or f"在{event.competition.name}“{event.name}”赛项中获得第{result.rank}名。"
            try:
                with transaction.atomic():
                    created.append(
                        nomination_create(
                            campaign=campaign,
                            by=by,
                            nominating_org=nominating_org,
                            honor_type=honor_type,
                            person=person,
                            citation=text,
                            result=result,
                        )
                    )
            except DomainError as exc:
                skipped.append((person.name, exc.message))
    return FromResultsOutcome(created=created, skipped=skipped)
