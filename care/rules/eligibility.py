"""Which honours carry 劳模待遇 (model-worker treatment).

Default (overridable per honour type by ``care.models.HonourTreatment``): the 劳动模范 and 先进工作者
series at every level, and the 五一劳动奖章 series at national and provincial level (issue 16: "劳动模范,
先进工作者, 全国/省五一劳动奖章 … configurable per honour type and level").
"""

from __future__ import annotations

from collections.abc import Iterable

TREATMENT_SERIES_ALL_LEVELS = ("劳动模范", "先进工作者")
TREATMENT_SERIES_SENIOR = ("五一劳动奖章",)
SENIOR_LEVELS = ("national", "provincial")
LEVEL_RANK = {"national": 5, "provincial": 4, "city": 3, "county": 2, "enterprise": 1}


def carries_treatment(
    series: str, level: str, recipient_kind: str = "individual", override: bool | None = None
) -> bool:
    """True when an honour of ``series`` at ``level`` carries 劳模待遇; ``override`` (a union's setting) wins."""
    if recipient_kind != "individual":
        return False
    if override is not None:
        return override
    if series in TREATMENT_SERIES_ALL_LEVELS:
        return True
    return series in TREATMENT_SERIES_SENIOR and level in SENIOR_LEVELS


def highest_level(levels: Iterable[str]) -> str:
    """The most senior of ``levels`` ("" when none)."""
    return max(levels, key=lambda level: LEVEL_RANK.get(level, 0), default="")
