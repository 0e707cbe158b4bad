"""Writes about people, and the parsing of the fields a person is registered with.

The ``parse_*`` functions take what a person typed (a form field or a spreadsheet cell, already
``clean_text``-ed or a raw number) and return the stored value, or raise ``FieldError`` with a
Chinese message saying what is wrong. They fix only what can be fixed without guessing: spaces
used to align two-character names, full-width digits, phones typed as numbers, "汉" for "汉族".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from core.errors import DomainError, NotAllowed
from core.history import audited
from core.idcard import mask_phone
from core.strokes import stroke_key
from core.text import clean_text, match_key

from ..models import Gender, Organization, Person, SkillLevel
from ..selectors.scope import user_is_organizer_anywhere

__all__ = [
    "ETHNIC_GROUPS",
    "FILLABLE_FIELDS",
    "FieldConflict",
    "FieldError",
    "parse_ethnicity",
    "parse_gender",
    "parse_person_name",
    "parse_phone",
    "parse_skill_level",
    "person_create",
    "person_merge_blanks",
    "person_row",
]


class FieldError(DomainError):
    """A value that cannot be accepted; ``message`` is shown to organisers."""


# --- names ------------------------------------------------------------------------------------

NAME_MAX_LENGTH = Person._meta.get_field("name").max_length
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_NAME_RE = re.compile(rf"[{_CJK}A-Za-z·][{_CJK}A-Za-z· ]*")
_HAS_CJK = re.compile(rf"[{_CJK}]").search
# Middle dots of minority and foreign names (买买提·艾力) arrive in many shapes.
_DOTS = str.maketrans(dict.fromkeys(".・•‧∙⋅･", "·"))


def parse_person_name(value: Any) -> str:
    if value is None or (value.__class__ is str and not value.strip()):
        raise FieldError("姓名不能为空")
    if not isinstance(value, str):
        raise FieldError(f"姓名应为文字，当前为“{clean_text(value)}”")
    name = clean_text(value)
    if _HAS_CJK(name):
        # "张  三" is a two-character name aligned with spaces, not two words.
        name = "".join(name.split()).translate(_DOTS)
    if len(name) > NAME_MAX_LENGTH:
        raise FieldError(f"姓名过长（{len(name)}个字），最多{NAME_MAX_LENGTH}个字")
    if not _NAME_RE.fullmatch(name):
        raise FieldError(f"姓名“{name}”含有数字、符号或其他非姓名字符")
    return name


# --- gender -----------------------------------------------------------------------------------

_GENDERS = {"男": Gender.MALE, "男性": Gender.MALE, "m": Gender.MALE, "女": Gender.FEMALE, "女性": Gender.FEMALE,
            "f": Gender.FEMALE}


def parse_gender(value: Any) -> str:
    """"男"/"女" (also 男性/女性/M/F) → "M"/"F"; empty → ""."""
    key = match_key(value)
    if not key:
        return ""
    try:
        return _GENDERS[key]
    except KeyError:
        raise FieldError(f"性别应填“男”或“女”，当前为“{clean_text(value)}”") from None


# --- phones -----------------------------------------------------------------------------------

_MOBILE_RE = re.compile(r"1[3-9]\d{9}")
_PHONE_JUNK = str.maketrans(dict.fromkeys(" -()（）", ""))


def parse_phone(value: Any) -> str:
    """A mainland mobile number as 11 digits; numbers typed as numbers are fine; empty → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise FieldError("手机号应为11位数字")
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not value.is_integer():
            raise FieldError(f"手机号应为11位数字，当前为“{clean_text(value)}”")
        text = str(int(value))
    else:
        text = clean_text(value)
    if not text:
        return ""
    digits = text.translate(_PHONE_JUNK)
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == 11 + len(prefix):
            digits = digits[len(prefix) :]
            break
    if not _MOBILE_RE.fullmatch(digits):
        if digits.isdigit():
            raise FieldError(f"手机号应为以1开头的11位数字，当前为{len(digits)}位“{text}”")
        raise FieldError(f"手机号应为以1开头的11位数字，当前为“{text}”")
    return digits


# --- ethnicity --------------------------------------------------------------------------------

_ETHNIC_NAMES = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 "
    "纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 "
    "德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
)
ETHNIC_GROUPS = tuple(f"{n}族" for n in _ETHNIC_NAMES.split(" "))
_ETHNIC_BY_KEY = {match_key(g): g for g in ETHNIC_GROUPS} | {match_key(g[:-1]): g for g in ETHNIC_GROUPS}


def parse_ethnicity(value: Any) -> str:
    """One of the 56 ethnic groups, with or without 族 ("汉" → "汉族"); empty → ""."""
    key = match_key(value)
    if not key:
        return ""
    try:
        return _ETHNIC_BY_KEY[key]
    except KeyError:
        raise FieldError(f"民族“{clean_text(value)}”不是56个民族的名称之一（如“汉族”“回族”）") from None


# --- skill level ------------------------------------------------------------------------------

_SKILL_SYNONYMS = {
    SkillLevel.LEVEL5: ("五级", "初级工", "初级", "五级/初级工"),
    SkillLevel.LEVEL4: ("四级", "中级工", "中级", "四级/中级工"),
    SkillLevel.LEVEL3: ("三级", "高级工", "高级", "三级/高级工"),
    SkillLevel.LEVEL2: ("二级", "技师", "二级/技师"),
    SkillLevel.LEVEL1: ("一级", "高级技师", "一级/高级技师"),
    SkillLevel.SPECIAL: ("特级技师", "特级"),
    SkillLevel.CHIEF: ("首席技师",),
}


_SKILL_JUNK = str.maketrans(dict.fromkeys("/()、,，", ""))


def _skill_key(value: Any) -> str:
    return match_key(value).translate(_SKILL_JUNK)


_SKILL_BY_KEY = {_skill_key(s): level for level, words in _SKILL_SYNONYMS.items() for s in words}
# "三级（高级工）" and "高级工(三级)" read the same once brackets and slashes are gone.
for _level, _words in _SKILL_SYNONYMS.items():
    if len(_words) >= 2:
        _SKILL_BY_KEY[_skill_key(_words[1] + _words[0])] = _level
_NO_SKILL = {"无", "没有", "暂无", "-", "—", "/"}


def parse_skill_level(value: Any) -> str:
    """技能等级 → a SkillLevel value; empty or "无" → ""."""
    text = clean_text(value)
    if not text or text in _NO_SKILL:
        return ""
    try:
        return _SKILL_BY_KEY[_skill_key(text)]
    except KeyError:
        labels = "、".join(str(label) for _v, label in SkillLevel.choices)
        raise FieldError(f"技能等级“{text}”无法识别，可填：{labels}（或留空）") from None


# --- writes -----------------------------------------------------------------------------------

# Fields an import or a registration may fill in on an existing person when they are blank.
FILLABLE_FIELDS = ("gender", "birth_date", "ethnicity", "phone", "employer", "job_title", "skill_level")


@dataclass(frozen=True)
class FieldConflict:
    field: str
    label: str
    existing: str
    given: str


def _shown(field: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    if field == "phone":
        return mask_phone(value)
    if field == "employer":
        return value.name if isinstance(value, Organization) else str(value)
    if field == "skill_level":
        return str(SkillLevel(value).label)
    if field == "gender":
        return str(Gender(value).label)
    return str(value)


def person_merge_blanks(person: Person, values: dict[str, Any]) -> tuple[list[str], list[FieldConflict]]:
    """Fill ``person``'s blank fields from ``values`` (in memory, not saved).

    Returns the fields changed and the conflicts (a different non-blank value), which are kept as
    they are: an import never overwrites what someone entered before. Only for a person whose record
    the acting user owns (``directory.selectors.person_owned_by``): nobody else fills in anything.
    """
    changed: list[str] = []
    conflicts: list[FieldConflict] = []
    for field in FILLABLE_FIELDS:
        new = values.get(field)
        if new in (None, ""):
            continue
        attname = "employer_id" if field == "employer" else field
        current = getattr(person, attname)
        new_cmp = new.pk if field == "employer" and isinstance(new, Organization) else new
        if current in (None, ""):
            setattr(person, field, new)
            changed.append(field)
        elif current != new_cmp:
            old = person.employer if field == "employer" else current
            conflicts.append(
                FieldConflict(field, str(Person._meta.get_field(field).verbose_name), _shown(field, old),
                              _shown(field, new))
            )
    return changed, conflicts


def person_row(**values: Any) -> dict[str, Any]:
    """A new person's column values with the derived ones ``Person.save()`` sets, for bulk inserts."""
    if values.get("id_number") == "":
        values["id_number"] = None
    values["stroke_key"] = stroke_key(values["name"])
    return values


@audited
def person_create(*, by, **values: Any) -> Person:
    """A new person from validated field values; the one place a single person record is created.

    ``by`` is the acting user (None: the command line). Registering someone from another unit is
    normal (cross-organisation competitions), so any organiser (管理员/组织者 somewhere) may do it.
    """
    if by is not None and not user_is_organizer_anywhere(by):
        raise NotAllowed("只有组织的管理员或组织者可以登记人员")
    person = Person(**values)
    person.full_clean(exclude=["employer"])
    person.save()
    return person
