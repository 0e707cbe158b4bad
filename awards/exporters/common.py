"""Small pieces the award exporters share: parameter fields, titles, the roster's name form."""

from __future__ import annotations

import datetime

from django import forms

from core.exports import LookupField
from core.strokes import normalize_name
from directory.models import Organization
from directory.selectors import organization_list_visible

from ..models import Campaign, HonorType
from ..selectors.campaigns import campaign_list_visible
from ..selectors.lookups import campaign_by_ref, honor_type_by_name, organization_by_name

FEMALE_MARK = "(女)"
CHECK = "✓"
HAN = frozenset({"", "汉", "汉族"})

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; larger numbers stay in digits."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def section_title(index: int, name: str, count: int, collective: bool) -> str:
    """一、全国五一劳动奖章（3名） — 名 for people, 个 for collectives, as official lists print them."""
    unit = "个" if collective else "名"
    return f"{cn_number(index)}、{name}（{count}{unit}）"


def name_headers(collective_flags: set[bool]) -> tuple[str, str]:
    """Headers of the name and unit columns for sections of individuals, collectives, or both."""
    if collective_flags == {True}:
        return "集体名称", "所在单位"
    if collective_flags == {False} or not collective_flags:
        return "姓名", "单位及职务"
    return "姓名（集体名称）", "单位及职务"


def person_mark(gender_female: bool, ethnicity: str | None, *, with_ethnicity: bool) -> str:
    """The note after a name: (女), (女，回族), (回族) or nothing (Han ethnicity never printed)."""
    notes = ["女"] if gender_female else []
    if with_ethnicity and (ethnicity or "").strip() not in HAN:
        notes.append(ethnicity.strip())
    return f"({'，'.join(notes)})" if notes else ""


def collective_unit(name: str | None, unit: str | None) -> str:
    """The 所在单位 of a collective, or "" when it only repeats the collective's own name."""
    unit = unit or ""
    return "" if normalize_name(unit) == normalize_name(name or "") else unit


def order_note(rule: str, collective_flags: set[bool]) -> str:
    """The sheet's note line: （以姓氏笔画为序） / （以姓名笔画为序）; names of collectives only:
    （以名称笔画为序）."""
    if collective_flags == {True}:
        return "（以名称笔画为序）"
    return "（以姓名笔画为序）" if rule == "fullname" else "（以姓氏笔画为序）"


def decision_line(number: str | None, date: datetime.date | None) -> str | None:
    """津工发〔2024〕12号　2024年4月28日 (either part alone when only it is known)."""
    parts = []
    if number:
        parts.append(number.strip())
    if date:
        parts.append(f"{date.year}年{date.month}月{date.day}日")
    return "　".join(parts) or None


# --- parameter fields: objects from the web (select), number or name from the command line ------


def campaign_field(*, required: bool = False) -> LookupField:
    return LookupField(
        Campaign.objects.select_related("conferring_org").order_by("-year", "name"),
        lookup=campaign_by_ref,
        label="评选批次",
        help_text="编号或名称",
        required=required,
        empty_label="（不限）" if not required else None,
        error_messages={"required": "请指定评选批次（--campaign 编号或名称）"},
    )


def honor_field() -> LookupField:
    return LookupField(
        HonorType.objects.order_by("precedence", "name"),
        lookup=honor_type_by_name,
        label="荣誉",
        help_text="按荣誉目录书写，如 天津市五一劳动奖章",
        empty_label="（全部荣誉）",
    )


def organization_field(*, label: str = "组织（含下级单位）") -> LookupField:
    return LookupField(
        Organization.objects.order_by("path"),
        lookup=organization_by_name,
        label=label,
        help_text="名称或编号",
        empty_label="（全部可见单位）",
    )


def scope_awards_fields(form: forms.Form, user) -> None:
    """Narrow the campaign and organisation choices of a parameters form to what ``user`` sees."""
    if "campaign" in form.fields:
        form.fields["campaign"].limit_to(campaign_list_visible(user))
    if "organization" in form.fields:
        form.fields["organization"].limit_to(organization_list_visible(user).order_by("path"))
