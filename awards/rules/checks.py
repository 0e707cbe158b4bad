"""Per-nominee checks on plain data: duplicates, honours already held, prerequisites.

A "series" groups the levels of one honour (五一劳动奖章 at 全国/省/市/区县/企业 level);
``level_rank`` orders the levels, higher = more senior.  Revoked (撤销) awards never count,
neither as a bar to re-award nor as a prerequisite.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

LEVEL_NATIONAL = 5  # 全国
LEVEL_PROVINCE = 4  # 省部级
LEVEL_CITY = 3  # 市
LEVEL_COUNTY = 2  # 区县
LEVEL_ENTERPRISE = 1  # 企业

DUPLICATE_IN_CAMPAIGN = "duplicate_in_campaign"
ALREADY_HOLDS = "already_holds"
MISSING_PREREQUISITE = "missing_prerequisite"


@dataclass(frozen=True)
class HonorRef:
    key: Hashable
    name: str
    series: str  # e.g. "五一劳动奖章", "劳动模范"
    level_rank: int


@dataclass(frozen=True)
class HeldAward:
    honor: HonorRef
    year: int
    label: str  # e.g. "2021年 天津市五一劳动奖章（津工发〔2021〕8号）"
    revoked: bool = False


@dataclass(frozen=True)
class Prerequisite:
    """Satisfied by a non-revoked award of ``series`` (None = any) at ``min_level_rank`` or above."""

    series: str | None
    min_level_rank: int
    label: str  # e.g. "省部级荣誉"
    hard: bool = True

    def is_met_by(self, award: HeldAward) -> bool:
        return (self.series is None or award.honor.series == self.series) and (
            award.honor.level_rank >= self.min_level_rank
        )


@dataclass
class Finding:
    code: str  # DUPLICATE_IN_CAMPAIGN | ALREADY_HOLDS | MISSING_PREREQUISITE
    message: str
    blocking: bool


def _bars_reaward(award: HeldAward, honor: HonorRef, year: int, reaward_years: int | None) -> bool:
    if award.revoked or award.honor.series != honor.series:
        return False
    # A lower-level award of the series never stands in the way of a higher one.
    if award.honor.level_rank < honor.level_rank:
        return False
    if reaward_years is None:
        return True
    if reaward_years == 0:
        return False
    return year - award.year < reaward_years


def check_nominee(
    *,
    honor: HonorRef,
    year: int,
    held: Sequence[HeldAward],
    other_nominations_in_campaign: Sequence[str],
    reaward_years: int | None,
    prerequisites: Sequence[Prerequisite] = (),
) -> list[Finding]:
    """Findings for nominating one person for ``honor`` in ``year``.

    ``other_nominations_in_campaign``: labels of this person's other live nominations in the
    same campaign.  ``reaward_years``: ``None`` = the series may be awarded only once at this
    level or above; ``0`` = no restriction; N > 0 = blocked while year − held.year < N (an award
    from 2021 with N = 5 blocks 2025 and allows 2026).
    """
    if reaward_years is not None and reaward_years < 0:
        raise ValueError("重复表彰间隔年限不能为负数")
    findings: list[Finding] = []

    for label in other_nominations_in_campaign:
        findings.append(
            Finding(DUPLICATE_IN_CAMPAIGN, f"该人员已在本次评选中被推荐：{label}，不得重复推荐", True)
        )

    for award in held:
        if not _bars_reaward(award, honor, year, reaward_years):
            continue
        if reaward_years is None:
            rule = f"{honor.series}同级或更高级别荣誉只授予一次"
        else:
            rule = f"获得{honor.series}同级或更高级别荣誉后{reaward_years}年内不得再次推荐"
        findings.append(
            Finding(ALREADY_HOLDS, f"该人员已获得{award.label}，{rule}，不能推荐为{honor.name}", True)
        )

    # Awards dated after the nomination year cannot have been a basis for it.
    usable = [a for a in held if not a.revoked and a.year <= year]
    for prereq in prerequisites:
        if any(prereq.is_met_by(a) for a in usable):
            continue
        message = f"推荐{honor.name}须已获得{prereq.label}，未找到符合条件的荣誉记录"
        revoked = [a.label for a in held if a.revoked and prereq.is_met_by(a)]
        if revoked:
            message += f"（{'、'.join(revoked)}已撤销，不计入）"
        findings.append(Finding(MISSING_PREREQUISITE, message, prereq.hard))

    return findings
