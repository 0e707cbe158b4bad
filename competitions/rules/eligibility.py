"""Configurable rules: what a competition result lets a person apply for or be put forward for.

A rule is data (it round-trips through a plain dict for a JSONField), not code, so organisers can
configure their own. Matching is deliberately simple: every non-empty condition must hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from .prizes import Prize

__all__ = [
    "EXAMPLE_RULES",
    "FUNING_RULES",
    "HAIHE_RULES",
    "PROMOTION_AND_NOMINATION_RULES",
    "RULE_PRESETS",
    "EligibilityRule",
    "ResultFacts",
    "eligible_for",
]


@dataclass(frozen=True)
class ResultFacts:
    """What the rules may look at about one result.

    ``rank`` None means not ranked (withdrawn, disqualified, no total): such a result matches no
    rule at all. ``competition_level``: "national", "provincial", "city", "county", "enterprise".
    ``competition_class``: "class1" (一类), "class2" (二类) or "". ``gender``: "M", "F" or "".
    """

    rank: int | None
    prize: Prize | None
    competition_level: str
    competition_class: str
    gender: str
    event_kind: str = "individual"


_SET_FIELDS = ("prizes", "levels", "classes", "genders")


@dataclass(frozen=True)
class EligibilityRule:
    """A rule matches when every condition that is set holds.

    ``max_rank``: rank ≤ max_rank. ``prizes``/``levels``/``classes``/``genders``: the result's
    value is in the set (empty = any). ``individual_only``: only individual events (team members
    are decided case by case). ``honor_name``: the honour catalogue name this leads to ("" for
    things that are not honours, e.g. skill-level promotion). ``source``: where the rule comes
    from, so a reviewer can check it against the year's document.
    """

    key: str
    label: str
    max_rank: int | None = None
    prizes: frozenset[Prize] = frozenset()
    levels: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    genders: frozenset[str] = frozenset()
    individual_only: bool = True
    honor_name: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            raise ValueError("an eligibility rule needs a key")
        if self.max_rank is not None and (isinstance(self.max_rank, bool) or self.max_rank < 1):
            raise ValueError(f"max_rank must be at least 1, not {self.max_rank!r}")
        for name in _SET_FIELDS:
            value = getattr(self, name)
            # A bare string would silently become a set of its characters.
            if isinstance(value, str):
                raise TypeError(f"{name} must be a collection of strings, not the string {value!r}")
            values = frozenset(value)
            if name == "prizes":
                values = frozenset(Prize(v) for v in values)
            object.__setattr__(self, name, values)

    def matches(self, facts: ResultFacts) -> bool:
        if facts.rank is None:
            return False
        if self.max_rank is not None and facts.rank > self.max_rank:
            return False
        if self.prizes and facts.prize not in self.prizes:
            return False
        if self.levels and facts.competition_level not in self.levels:
            return False
        if self.classes and facts.competition_class not in self.classes:
            return False
        if self.genders and facts.gender not in self.genders:
            return False
        return not (self.individual_only and facts.event_kind != "individual")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict; sets become sorted lists so the stored JSON is stable."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _SET_FIELDS:
                value = sorted(str(v) for v in value)
            data[f.name] = value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EligibilityRule:
        """Inverse of ``to_dict``. Unknown keys raise ValueError: a typo must not drop a condition."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown eligibility rule fields: {sorted(unknown)}")
        missing = {"key", "label"} - set(data)
        if missing:
            raise ValueError(f"eligibility rule is missing {sorted(missing)}")
        return cls(**dict(data))


def eligible_for(facts: ResultFacts, rules: Iterable[EligibilityRule]) -> list[EligibilityRule]:
    """The rules this result satisfies, in the order given."""
    return [rule for rule in rules if rule.matches(facts)]


_HAIHE_SOURCE = "海河工匠杯：市级一类赛项第一名可申报天津市五一劳动奖章和技术能手（DESIGN.md §4）"

# 海河工匠杯 (Tianjin): first place in a city-level class-1 event.
HAIHE_RULES: tuple[EligibilityRule, ...] = (
    EligibilityRule(
        key="haihe_tianjin_may_day_medal",
        label="可申报天津市五一劳动奖章",
        max_rank=1,
        levels=frozenset({"city"}),
        classes=frozenset({"class1"}),
        honor_name="天津市五一劳动奖章",
        source=_HAIHE_SOURCE,
    ),
    EligibilityRule(
        key="haihe_tianjin_technical_expert",
        label="可申报天津市技术能手",
        max_rank=1,
        levels=frozenset({"city"}),
        classes=frozenset({"class1"}),
        honor_name="天津市技术能手",
        source=_HAIHE_SOURCE,
    ),
)

# 阜宁 (seed 004): 竞赛综合成绩第一名 may apply, if they meet the medal's basic conditions,
# which stay a human check.
FUNING_RULES: tuple[EligibilityRule, ...] = (
    EligibilityRule(
        key="funing_county_may_day_medal",
        label="可申报阜宁县五一劳动奖章",
        max_rank=1,
        levels=frozenset({"county"}),
        honor_name="阜宁县五一劳动奖章",
        source="阜宁县总工会：符合基本条件的竞赛综合成绩第一名选手，按程序可申报阜宁县五一劳动奖章",
    ),
)

# Not sourced in DESIGN.md §4: illustrative thresholds, to be checked against the year's notice.
_UNSOURCED = "示例规则，出处待核（DESIGN.md §4 未列）"

PROMOTION_AND_NOMINATION_RULES: tuple[EligibilityRule, ...] = (
    EligibilityRule(
        key="skill_promotion_class1",
        label="可按规定晋升技能等级（一类赛前10名）",
        max_rank=10,
        classes=frozenset({"class1"}),
        source=_UNSOURCED,
    ),
    EligibilityRule(
        key="skill_promotion_class2",
        label="可按规定晋升技能等级（二类赛前6名）",
        max_rank=6,
        classes=frozenset({"class2"}),
        source=_UNSOURCED,
    ),
    EligibilityRule(
        key="march8_red_banner_nomination",
        label="可推荐三八红旗手",
        max_rank=3,
        genders=frozenset({"F"}),
        honor_name="三八红旗手",
        source=_UNSOURCED,
    ),
)

# Rules of two regions side by side: a real competition should use its organiser's own set.
EXAMPLE_RULES: tuple[EligibilityRule, ...] = HAIHE_RULES + PROMOTION_AND_NOMINATION_RULES + FUNING_RULES

# The presets an organiser may start from on the 资格规则 page: key → (button label, rules).
RULE_PRESETS: dict[str, tuple[str, tuple[EligibilityRule, ...]]] = {
    "haihe": ("海河工匠杯（天津）", HAIHE_RULES),
    "funing": ("阜宁县", FUNING_RULES),
    "promotion": ("晋升技能等级、三八红旗手", PROMOTION_AND_NOMINATION_RULES),
    "example": ("全部示例规则", EXAMPLE_RULES),
}
