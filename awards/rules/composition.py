"""Composition (结构比例) and quota (名额) checks for an honours campaign.

Shares are counted over the *counted* nominations only (submitted or approved); *pending* ones
(drafts, returned for revision) are listed as possible fixes but never counted.

Comparisons are exact (rational arithmetic on the head counts); ``RuleResult.share`` is the
share quantised to 0.0001 for storage and display.  Comparing a rounded share would let
34.996 % pass a "≥ 35 %" rule.
"""

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

COUNTED = "counted"
PENDING = "pending"
STATUSES = frozenset({COUNTED, PENDING})

SHARE_QUANTUM = Decimal("0.0001")

# Person category flags (stored on the nominee; several may apply to one person).
IS_INDUSTRIAL_WORKER = "is_industrial_worker"  # 产业工人
IS_MIGRANT_WORKER = "is_migrant_worker"  # 农民工
IS_FRONTLINE = "is_frontline"  # 一线职工
IS_PROFESSIONAL = "is_professional"  # 专业技术人员
IS_SCIENCE_EDUCATION = "is_science_education"  # 科教人员
IS_ENTERPRISE_LEADER = "is_enterprise_leader"  # 企业负责人
IS_NEW_EMPLOYMENT = "is_new_employment"  # 新就业形态劳动者
PERSON_FLAGS = frozenset(
    {
        IS_INDUSTRIAL_WORKER,
        IS_MIGRANT_WORKER,
        IS_FRONTLINE,
        IS_PROFESSIONAL,
        IS_SCIENCE_EDUCATION,
        IS_ENTERPRISE_LEADER,
        IS_NEW_EMPLOYMENT,
    }
)

# Derived flags, computed by derive_flags().
IS_FRONTLINE_OR_PROFESSIONAL = "is_frontline_or_professional"  # 其他一线职工和专业技术人员
NON_PUBLIC = "non_public"  # 非公有制经济组织
FEMALE = "female"  # 女性 (from the person's gender)
DERIVED_FLAGS = frozenset({IS_FRONTLINE_OR_PROFESSIONAL, NON_PUBLIC, FEMALE})

FLAG_LABELS = {
    IS_INDUSTRIAL_WORKER: "产业工人",
    IS_MIGRANT_WORKER: "农民工",
    IS_FRONTLINE: "一线职工",
    IS_PROFESSIONAL: "专业技术人员",
    IS_SCIENCE_EDUCATION: "科教人员",
    IS_ENTERPRISE_LEADER: "企业负责人",
    IS_NEW_EMPLOYMENT: "新就业形态劳动者",
    IS_FRONTLINE_OR_PROFESSIONAL: "其他一线职工和专业技术人员",
    NON_PUBLIC: "非公有制经济组织人员",
    FEMALE: "女性",
}


@dataclass(frozen=True)
class DerivedFlag:
    """A flag a nominee carries when any of ``any_of`` is set and none of ``none_of``: stated as data
    so that the database can count it (``awards.selectors.checks``) by the same definition."""

    any_of: frozenset[str]
    none_of: frozenset[str] = frozenset()

    def holds(self, flags: frozenset[str]) -> bool:
        return bool(flags & self.any_of) and not (flags & self.none_of)


# "*其他*一线职工和专业技术人员": see derive_flags.
FRONTLINE_OR_PROFESSIONAL = DerivedFlag(
    any_of=frozenset({IS_FRONTLINE, IS_PROFESSIONAL}),
    none_of=frozenset({IS_INDUSTRIAL_WORKER, IS_SCIENCE_EDUCATION}),
)


def derive_flags(base_flags: Iterable[str], *, non_public: bool, female: bool = False) -> frozenset[str]:
    """Person flags plus the derived ones used by composition rules.

    ``is_frontline_or_professional`` is the "*其他*一线职工和专业技术人员" category: a frontline
    worker or professional who is not already counted as 产业工人 or 科教人员.  The national
    minimums (35 % + 20 % + 20 %) describe separate groups; without the exclusion one industrial
    worker on the shop floor would count towards two of them.  ``non_public`` means the
    nominee's employer is outside public ownership; ``female`` that the nominee is a woman.
    """
    flags = frozenset(base_flags)
    unknown = flags - PERSON_FLAGS - DERIVED_FLAGS
    if unknown:
        raise ValueError(f"未知的人员类别标记：{'、'.join(sorted(unknown))}")
    flags -= DERIVED_FLAGS  # recompute, never trust a stale derived flag
    if FRONTLINE_OR_PROFESSIONAL.holds(flags):
        flags |= {IS_FRONTLINE_OR_PROFESSIONAL}
    if non_public:
        flags |= {NON_PUBLIC}
    if female:
        flags |= {FEMALE}
    return flags


def _to_share(value: object) -> Decimal | None:
    if value is None:
        return None
    # str() first so a float like 0.35 becomes Decimal("0.35"), not its binary expansion.
    share = value if isinstance(value, Decimal) else Decimal(str(value))
    if not Decimal(0) <= share <= Decimal(1):
        raise ValueError(f"比例须在0到1之间：{share}")
    return share


def format_share(share: Decimal) -> str:
    """0.3500 → "35%", 0.3333 → "33.33%" (two decimals at most, trailing zeros dropped)."""
    percent = (share * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return f"{percent:f}%"


@dataclass(frozen=True)
class CompositionRule:
    key: str
    label: str
    flag: str
    min_share: Decimal | None = None
    max_share: Decimal | None = None
    hard: bool = True  # False: advisory, reported but does not block submission

    def __post_init__(self) -> None:
        object.__setattr__(self, "min_share", _to_share(self.min_share))
        object.__setattr__(self, "max_share", _to_share(self.max_share))
        if self.min_share is None and self.max_share is None:
            raise ValueError(f"比例规则“{self.label}”须至少设置下限或上限")
        if self.min_share is not None and self.max_share is not None and self.min_share > self.max_share:
            raise ValueError(f"比例规则“{self.label}”的下限高于上限")


@dataclass(frozen=True)
class Candidate:
    id: Hashable
    name: str
    flags: frozenset[str]
    status: str  # COUNTED or PENDING

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"未知的推荐状态：{self.status!r}")
        object.__setattr__(self, "flags", frozenset(self.flags))


@dataclass
class RuleResult:
    """Outcome of one rule.

    ``shortfall``: fewest extra qualifying nominations, added on top, to reach ``min_share``
    (smallest k ≥ 0 with (count + k) / (total + k) ≥ min); ``None`` if adding can never reach
    it (a 100 % minimum with a non-qualifying nominee counted).
    ``swap_needed``: fewest nominees to replace while keeping the total — non-qualifying by
    qualifying for a failed minimum ((count + k) / total ≥ min), qualifying by non-qualifying
    for a failed maximum; ``None`` if there is nobody to replace (empty campaign).
    ``excess``: fewest qualifying nominations to withdraw to get under ``max_share``
    (smallest k with (count − k) / (total − k) ≤ max).
    ``fixers``: ids of pending nominations carrying the flag, listed when the minimum fails.
    An empty campaign has share 0.
    """

    rule: CompositionRule
    count: int
    total: int
    share: Decimal
    required: Decimal | None  # the rule's minimum share
    ok: bool
    shortfall: int | None = 0
    swap_needed: int | None = 0
    excess: int = 0
    fixers: list[Hashable] = field(default_factory=list)
    below_minimum: bool = False  # the minimum fails: pending nominations with the flag could fix it

    @property
    def cap(self) -> Decimal | None:
        return self.rule.max_share

    @property
    def hard(self) -> bool:
        return self.rule.hard

    @property
    def share_display(self) -> str:
        return format_share(self.share)

    @property
    def message(self) -> str:
        label = self.rule.label
        head = f"{label} {self.count}/{self.total}（{self.share_display}）"
        if self.excess:
            return (
                f"{head}，超过上限{format_share(self.rule.max_share)}，"
                f"须减少{self.excess}名{label}，或将其中{self.swap_needed}名替换为其他类别的推荐对象"
            )
        if not self.ok:
            parts = [f"{head}，低于规定比例{format_share(self.required)}"]
            if self.shortfall is not None:
                parts.append(f"还需增加{self.shortfall}名{label}")
            if self.swap_needed is not None:
                parts.append(f"或将{self.swap_needed}名不属于该类别的推荐对象替换为{label}")
            return "，".join(parts)
        return f"{head}，符合要求"


@dataclass
class CompositionReport:
    results: list[RuleResult]
    ok_hard: bool
    ok_all: bool
    blocking: list[RuleResult]  # failed hard rules

    @property
    def advisories(self) -> list[RuleResult]:
        return [r for r in self.results if not r.ok and not r.hard]


def _share(count: int, total: int) -> Fraction:
    return Fraction(count, total) if total else Fraction(0)


def _min_additions(count: int, total: int, minimum: Fraction) -> int | None:
    if _share(count, total) >= minimum:
        return 0
    if minimum == 1:
        # Adding qualifying nominees never removes the non-qualifying ones already counted.
        return 1 if count == total == 0 else None
    # (c + k) / (t + k) ≥ m  ⇔  k ≥ (m·t − c) / (1 − m)
    k = max(0, math.ceil((minimum * total - count) / (1 - minimum)))
    # k = 0 can only come out here for an empty campaign, where 0/0 counts as share 0.
    return max(k, 1)


def _max_removals(count: int, total: int, maximum: Fraction) -> int:
    if _share(count, total) <= maximum:
        return 0
    # (c − k) / (t − k) ≤ M  ⇔  k ≥ (c − M·t) / (1 − M); M < 1 here since the share exceeds it.
    return math.ceil((count - maximum * total) / (1 - maximum))


def _evaluate(rule: CompositionRule, counted: list[Candidate], pending: list[Candidate]) -> RuleResult:
    result = evaluate_counts(rule, count=sum(1 for c in counted if rule.flag in c.flags), total=len(counted))
    if result.below_minimum:
        result.fixers = [c.id for c in pending if rule.flag in c.flags]
    return result


def evaluate_counts(rule: CompositionRule, *, count: int, total: int) -> RuleResult:
    """One rule over head counts: ``total`` counted nominations, ``count`` of them carrying the flag
    (what a database counts without loading the nominations). ``fixers`` is left to the caller, to
    fill when ``below_minimum``."""
    if not 0 <= count <= total:
        raise ValueError(f"人数不合理：{count}/{total}")
    exact = _share(count, total)
    share = Decimal(count) / Decimal(total) if total else Decimal(0)
    result = RuleResult(
        rule=rule,
        count=count,
        total=total,
        share=share.quantize(SHARE_QUANTUM, rounding=ROUND_HALF_UP),
        required=rule.min_share,
        ok=True,
    )
    if rule.min_share is not None and exact < Fraction(rule.min_share):
        minimum = Fraction(rule.min_share)
        result.ok = False
        result.shortfall = _min_additions(count, total, minimum)
        # Replacing k non-qualifying: (c + k) / t ≥ m; never more than t − c since m ≤ 1.
        result.swap_needed = math.ceil(minimum * total - count) if total else None
        result.below_minimum = True
    if rule.max_share is not None and exact > Fraction(rule.max_share):
        maximum = Fraction(rule.max_share)
        result.ok = False
        result.excess = _max_removals(count, total, maximum)
        # Replacing k qualifying by non-qualifying: (c − k) / t ≤ M.
        result.swap_needed = math.ceil(count - maximum * total)
    return result


def additions_needed(result: RuleResult) -> int | None:
    """Fewest further counted nominations that would make ``result``'s rule pass.

    0 when it passes. A failed minimum needs ``shortfall`` more qualifying nominees; an exceeded
    maximum needs k more *non*-qualifying ones, the smallest k with count / (total + k) ≤ max.
    None when no number of additions can fix it (a 100 % minimum with someone not qualifying,
    a 0 % maximum with someone qualifying).  Used at submission: a hard rule blocks when the
    places still open in the campaign are fewer than this.
    """
    if result.ok:
        return 0
    if result.excess:
        maximum = Fraction(result.rule.max_share)
        if maximum == 0:
            return None
        # c / (t + k) ≤ M  ⇔  k ≥ c / M − t
        return max(0, math.ceil(Fraction(result.count) / maximum - result.total))
    return result.shortfall


def check_composition(candidates: Iterable[Candidate], rules: Sequence[CompositionRule]) -> CompositionReport:
    candidates = list(candidates)
    seen: set[Hashable] = set()
    for c in candidates:
        if c.id in seen:
            raise ValueError(f"推荐对象重复：{c.name}（{c.id}）")  # would be counted twice
        seen.add(c.id)
    keys = [r.key for r in rules]
    if len(keys) != len(set(keys)):
        raise ValueError("比例规则的 key 重复")
    counted = [c for c in candidates if c.status == COUNTED]
    pending = [c for c in candidates if c.status == PENDING]
    results = [_evaluate(rule, counted, pending) for rule in rules]
    blocking = [r for r in results if not r.ok and r.hard]
    return CompositionReport(
        results=results,
        ok_hard=not blocking,
        ok_all=all(r.ok for r in results),
        blocking=blocking,
    )


# The 2024 全国五一劳动奖章 notice caps 企业负责人 but the national scheme expresses the cap as an
# allocated head count per recommending unit, not a percentage.  20 % is our assumption.
DEFAULT_ENTERPRISE_LEADER_CAP = Decimal("0.20")


def national_medal_2024_rules(
    *, enterprise_leader_cap: Decimal | None = DEFAULT_ENTERPRISE_LEADER_CAP
) -> tuple[CompositionRule, ...]:
    """Composition rules of the 2024 全国五一劳动奖章 (all hard).

    产业工人 ≥ 35 %, 其他一线职工和专业技术人员 ≥ 20 %, 科教人员 ≥ 20 %, 农民工 ≥ 10 %,
    非公有制 ≥ 35 %, 企业负责人 ≤ ``enterprise_leader_cap``.  The cap is configurable per
    campaign; the default of 20 % is an assumption, not a published figure.  Pass ``None`` to
    leave the cap out (e.g. when it is enforced as a head-count quota instead).
    """
    rules = [
        CompositionRule("industrial_worker", "产业工人", IS_INDUSTRIAL_WORKER, min_share=Decimal("0.35")),
        CompositionRule(
            "frontline_or_professional",
            "其他一线职工和专业技术人员",
            IS_FRONTLINE_OR_PROFESSIONAL,
            min_share=Decimal("0.20"),
        ),
        CompositionRule("science_education", "科教人员", IS_SCIENCE_EDUCATION, min_share=Decimal("0.20")),
        CompositionRule("migrant_worker", "农民工", IS_MIGRANT_WORKER, min_share=Decimal("0.10")),
        CompositionRule("non_public", "非公有制经济组织人员", NON_PUBLIC, min_share=Decimal("0.35")),
    ]
    if enterprise_leader_cap is not None:
        rules.append(
            CompositionRule(
                "enterprise_leader", "企业负责人", IS_ENTERPRISE_LEADER, max_share=enterprise_leader_cap
            )
        )
    return tuple(rules)


NATIONAL_MEDAL_2024_RULES = national_medal_2024_rules()


class PlacesUsed:
    """``places`` allocated versus ``used``: what is left, how many over, within or not."""

    places: int
    used: int

    @property
    def remaining(self) -> int:
        return max(self.places - self.used, 0)

    @property
    def over(self) -> int:
        """How many nominations exceed the allocation (0 when within it)."""
        return max(self.used - self.places, 0)

    @property
    def ok(self) -> bool:
        return self.used <= self.places


@dataclass(frozen=True)
class QuotaLine(PlacesUsed):
    """Places allocated to an organisation for one honour versus nominations counted."""

    org_id: Hashable
    honor_key: Hashable
    places: int
    used: int


def check_quotas(
    places: Mapping[tuple[Hashable, Hashable], int],
    used: Mapping[tuple[Hashable, Hashable], int],
) -> list[QuotaLine]:
    """One line per (org, honour) in either mapping, allocation order first.

    Nominations under a pair with no allocation count against 0 places, so they show as over.
    """
    keys = list(places) + [k for k in used if k not in places]
    lines = []
    for key in keys:
        allocated, nominated = places.get(key, 0), used.get(key, 0)
        if allocated < 0 or nominated < 0:
            raise ValueError(f"名额和已用数不能为负数：{key}")
        org_id, honor_key = key
        lines.append(QuotaLine(org_id, honor_key, allocated, nominated))
    return lines
