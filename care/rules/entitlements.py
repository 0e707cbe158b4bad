"""Entitlements: the default rules with their source, and which rule applies to a person.

A rule names one kind of care for an honour level and a life status ("" = any). A union may replace a
default with its own (``care.models.EntitlementRule``); the deepest union above the person wins, then
the most specific rule (level and status named beat "any").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

SOURCE_PRACTICE = "公开做法（issue 16 引）：在职劳模每年体检、每两年疗休养，退休劳模每两年体检，慰问金每年两次"
SOURCE_SEED_000 = (
    "种子文件000：全国和市级劳模走访慰问、困难帮扶、健康体检、发放荣誉津贴、劳模疗休养、"
    "80岁以上劳模生日慰问和去世劳模家属慰问"
)
SOURCE_SEED_001 = "种子文件001：每年组织全国和市级劳动模范疗休养不少于1000人次"


@dataclass(frozen=True)
class RuleData:
    kind: str
    honour_level: str = ""
    life_status: str = ""
    enabled: bool = True
    every_years: int | None = None
    amount: Decimal | None = None
    period: str = ""
    festivals: str = ""
    from_age: int | None = None
    source: str = ""
    depth: int = -1  # depth of the union whose rule this is; -1 for a default

    @property
    def specificity(self) -> int:
        return (1 if self.honour_level else 0) + (1 if self.life_status else 0)


# Amounts are left for the union to fill (no published figure applies everywhere).
DEFAULT_RULES: tuple[RuleData, ...] = (
    RuleData("allowance", period="每月", source=SOURCE_SEED_000),
    RuleData("health_check", life_status="serving", every_years=1, source=SOURCE_PRACTICE),
    RuleData("health_check", life_status="retired", every_years=2, source=SOURCE_PRACTICE),
    RuleData("recuperation", life_status="serving", every_years=2, source=f"{SOURCE_PRACTICE}；{SOURCE_SEED_001}"),
    RuleData("festival", festivals="春节、五一", period="每年两次", source=SOURCE_PRACTICE),
    RuleData("birthday", from_age=80, source=SOURCE_SEED_000),
    RuleData("hardship", source=f"{SOURCE_SEED_000}（依申请）"),
    RuleData("bereavement", source=SOURCE_SEED_000),
    RuleData("visit", period="每年", source=SOURCE_SEED_000),
)


def resolve_rule(rules: Iterable[RuleData], kind: str, honour_level: str, life_status: str) -> RuleData | None:
    """The rule of ``kind`` for a person of ``honour_level`` and ``life_status``: among the rules that
    match (blank fields match anything), the deepest union's, then the most specific; None when
    none matches or the winner is switched off."""
    matching = [
        r
        for r in rules
        if r.kind == kind and r.honour_level in ("", honour_level) and r.life_status in ("", life_status)
    ]
    if not matching:
        return None
    best = max(matching, key=lambda r: (r.depth, r.specificity))
    return best if best.enabled else None
