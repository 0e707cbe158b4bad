"""Chinese resident identity numbers (公民身份号码, GB 11643-1999).

Layout of the 18 characters: 6-digit area code, 8-digit birth date (YYYYMMDD),
3-digit order code (odd = male, even = female) and a check character (0-9 or X).

The area code is deliberately *not* validated against a district table: districts
are renamed and merged all the time, and ``stdnum.cn.ric.is_valid`` refuses real
numbers whose district is younger than the holder (e.g. 120116… born 1988). Only
the first digit must be 1-9.

Public mask: ``mask_id_number`` is the project's single mask for showing an ID
number anywhere outside the edit form (lists, exports, 公示, logs): the first 3
characters, 11 asterisks and the last 4, e.g. ``120***********123X``. It hides both
the district and the birth date. Do not invent other masks elsewhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from stdnum.cn.ric import calc_check_digit

__all__ = [
    "IdInfo",
    "IdNumberError",
    "make_demo_id_number",
    "mask_id_number",
    "mask_phone",
    "parse_id_number",
]

ID_LENGTH = 18
# Nobody born before this takes part; earlier years are typos.
MIN_BIRTH_YEAR = 1900

# 17 digits (first one not 0) + digit or X.
_SHAPE_RE = re.compile(r"[1-9]\d{16}[\dX]")
# What a spreadsheet number looks like once it has been turned back into text.
_NUMBER_AS_TEXT_RE = re.compile(r"\d(\.\d*)?E[+-]?\d+|\d+\.0*")

_NOT_TEXT_MESSAGE = "身份证号被存成了数字，末几位已丢失，请将该列设为文本格式后重新录入"


class IdNumberError(ValueError):
    """An ID number that cannot be accepted; ``message`` is shown to organisers."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        # ValueError pickles via args, which would lose ``code``.
        return (self.__class__, (self.code, self.message))


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    gender: str  # "M" or "F"

    def age_on(self, day: date) -> int:
        """Full years (周岁) on ``day``; a 29 Feb birthday counts from 1 March in common years."""
        if day < self.birth_date:
            raise ValueError("day is before the birth date")
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)


def _clean(raw: str) -> str:
    if raw.isascii():
        # The usual case: ASCII has no full-width or zero-width characters, only whitespace to drop.
        return "".join(raw.split()).upper()
    # NFKC turns full-width digits/X into ASCII; whitespace and zero-width
    # characters (category Cf) come from copy-pasting out of Word or web pages.
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")
    return text.upper()


def parse_id_number(raw: object, *, today: date | None = None) -> IdInfo:
    """Validate an 18-character ID number and return its parts.

    Raises ``IdNumberError`` with a Chinese message; ``today`` is for tests.
    """
    if isinstance(raw, bool):
        raise IdNumberError("not_text", "身份证号应为文本")
    if isinstance(raw, int | float | Decimal):
        raise IdNumberError("not_text", _NOT_TEXT_MESSAGE)
    if raw is None:
        raise IdNumberError("empty", "身份证号不能为空")
    if not isinstance(raw, str):
        raise IdNumberError("not_text", "身份证号应为文本")

    number = _clean(raw)
    if not number:
        raise IdNumberError("empty", "身份证号不能为空")
    if _NUMBER_AS_TEXT_RE.fullmatch(number):
        raise IdNumberError("not_text", _NOT_TEXT_MESSAGE)
    if len(number) == 15 and number.isdigit():
        raise IdNumberError("first_generation", "这是15位的第一代身份证号，请填写18位的第二代身份证号")
    if len(number) != ID_LENGTH:
        raise IdNumberError("length", f"身份证号应为18位，当前为{len(number)}位")
    if not _SHAPE_RE.fullmatch(number):
        if number[0] == "0" and number[1:17].isdigit():
            raise IdNumberError("area_code", "身份证号第1位不能为0")
        raise IdNumberError("format", "身份证号前17位应为数字，最后一位为数字或X")

    birth = _birth_date(number)
    if birth is None:
        raise IdNumberError("birth_date", "身份证号中的出生日期无效")
    if birth > (today or date.today()):
        raise IdNumberError("future_birth_date", "身份证号中的出生日期晚于今天")

    # Checked after the date so a typo in the date gets the more specific message.
    expected = calc_check_digit(number)
    if number[-1] != expected:
        raise IdNumberError("check_digit", f"身份证号校验位错误（应为{expected}），请逐位核对号码")

    gender = "M" if int(number[16]) % 2 else "F"
    return IdInfo(number=number, birth_date=birth, gender=gender)


def _birth_date(number: str) -> date | None:
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if year < MIN_BIRTH_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def mask_id_number(number: object) -> str:
    """The project's single public mask: first 3 + 11 asterisks + last 4."""
    if number is None:
        return ""
    text = _clean(str(number))
    if not text:
        return ""
    if len(text) == ID_LENGTH:
        return text[:3] + "*" * 11 + text[-4:]
    # Unknown shape: show too little rather than too much.
    return "*" * max(len(text) - 2, 0) + text[-2:]


def mask_phone(phone: object) -> str:
    """11-digit mobile → ``138****1234``; anything else keeps only its last 4."""
    if phone is None:
        return ""
    text = _clean(str(phone))
    if not text:
        return ""
    if len(text) == 11 and text.isdigit():
        return text[:3] + "****" + text[-4:]
    return "*" * max(len(text) - 4, 0) + text[-4:]


def make_demo_id_number(area: str, birth: date, seq: int, gender: str) -> str:
    """A fictitious but well-formed ID number, for demo data only.

    ``seq`` (0-499) picks the order code ``2*seq`` (female) or ``2*seq + 1``
    (male), so every (seq, gender) pair gives a different number.
    """
    if not re.fullmatch(r"[1-9]\d{5}", area):
        raise ValueError("area must be 6 digits not starting with 0")
    if gender not in ("M", "F"):
        raise ValueError('gender must be "M" or "F"')
    if not 0 <= seq <= 499:
        raise ValueError("seq must be between 0 and 499")
    if not MIN_BIRTH_YEAR <= birth.year <= 9999:
        raise ValueError("birth year out of range")
    order = seq * 2 + (1 if gender == "M" else 0)
    body = f"{area}{birth:%Y%m%d}{order:03d}"
    # calc_check_digit ignores the last character of what it is given.
    return body + calc_check_digit(body + "0")
