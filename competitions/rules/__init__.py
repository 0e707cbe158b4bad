"""Pure rules of the competitions app: scoring (marks → totals → ranks → prizes → standings →
eligibility) and registration (``rules.registration``: ages, bib numbers, team sizes, places).

No Django imports here, so everything is testable without a database; the services feed it
plain values and store what it returns.
"""

from .aggregate import aggregate_marks, round_half_up, weighted_total
from .eligibility import EXAMPLE_RULES, EligibilityRule, ResultFacts, eligible_for
from .prizes import PRIZE_LABELS, Prize, PrizeRules, allocate_prizes, prize_boundaries, prize_limits
from .ranking import (
    DEFAULT_CASCADE,
    Competitor,
    Placing,
    TieBreak,
    cascade_to_json,
    competition_ranks,
    parse_cascade,
    rank_competitors,
)
from .standings import DEFAULT_PRIZE_POINTS, DelegationStanding, delegation_standings, team_scores

__all__ = [
    "DEFAULT_CASCADE",
    "DEFAULT_PRIZE_POINTS",
    "EXAMPLE_RULES",
    "PRIZE_LABELS",
    "Competitor",
    "DelegationStanding",
    "EligibilityRule",
    "Placing",
    "Prize",
    "PrizeRules",
    "ResultFacts",
    "TieBreak",
    "aggregate_marks",
    "allocate_prizes",
    "cascade_to_json",
    "competition_ranks",
    "delegation_standings",
    "eligible_for",
    "parse_cascade",
    "prize_boundaries",
    "prize_limits",
    "rank_competitors",
    "round_half_up",
    "team_scores",
    "weighted_total",
]
