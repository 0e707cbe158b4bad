"""Competition results that make a person eligible for an honour (竞赛成绩 → 推荐)."""

from __future__ import annotations

from competitions.models import Result
from competitions.selectors import eligible_results as competition_eligible_results
from core.text import match_key

from ..models import HonorType


def eligible_results(competition) -> list[tuple[Result, list]]:
    """(result, matched eligibility rules) of a competition's published results (registered entries)."""
    return list(competition_eligible_results(competition))


def result_eligible_for_honour(result: Result, honor: HonorType) -> tuple[bool, list]:
    """Does the linked result make its person eligible for ``honor``? (True, matching rules) or (False, [])."""
    pairs = dict((r.pk, rules) for r, rules in eligible_results(result.entry.event.competition))
    rules = pairs.get(result.pk, [])
    matching = [rule for rule in rules if rule.honor_name and match_key(rule.honor_name) == honor.name_key]
    return bool(matching), matching
