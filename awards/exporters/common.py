"""Small pieces the award exporters share: parameter parsing, titles, the roster's name form."""

from __future__ import annotations

from typing import Any

from core.exports import ExportError
from directory.models import Organization

from ..models import Campaign, HonorType
from ..selectors.lookups import campaign_by_ref, honor_type_by_name, organization_by_name

FEMALE_MARK = "(女)"
CHECK = "✓"

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; larger numbers stay in digits."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def section_title(index: int, name: str, count: int, collective: bool) -> str:
    unit = "个" if collective else "名"
    return f"{cn_number(index)}、{name}（{count}{unit}）"


def name_headers(collective_flags: set[bool]) -> tuple[str, str]:
    """Headers of the name and unit columns for sections of individuals, collectives, or both."""
    if collective_flags == {True}:
        return "集体名称", "所在单位"
    if collective_flags == {False} or not collective_flags:
        return "姓名", "单位及职务"
    return "姓名（集体名称）", "单位及职务"


# --- parameters: objects from the web, text from the command line ------------------------------


def param_year(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ExportError(f"年度应为数字：{value}") from None
    if not 1949 <= year <= 2100:
        raise ExportError(f"年度超出范围：{year}")
    return year


def param_honor(value: Any) -> HonorType | None:
    if value in (None, ""):
        return None
    if isinstance(value, HonorType):
        return value
    return honor_type_by_name(str(value))


def param_organization(value: Any) -> Organization | None:
    if value in (None, ""):
        return None
    if isinstance(value, Organization):
        return value
    return organization_by_name(value)


def param_campaign(value: Any, *, required: bool = False) -> Campaign | None:
    if value in (None, ""):
        if required:
            raise ExportError("请指定评选批次（--campaign 编号或名称）")
        return None
    if isinstance(value, Campaign):
        return value
    return campaign_by_ref(value)
