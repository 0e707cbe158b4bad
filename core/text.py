"""Normalising text typed by hand in Excel/WPS.

Three levels, each built on the previous one:

- ``clean_text``: what a cell "says" — half-width letters and digits, no invisible characters,
  single spaces. Safe to store and show.
- ``header_key``: for matching header cells against the names a template uses.
- ``match_key``: for matching hand-typed names (units, events, honours) against the database.

``clean_text`` runs once per cell in large imports, so it avoids regular expressions and does the
cheap ASCII case first.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

import zhconv

__all__ = ["clean_name", "clean_text", "header_key", "match_key", "to_simplified"]

# Invisible characters that survive NFKC and str.split(): zero-width space/joiners, word joiner,
# BOM, soft hyphen, direction marks and embeddings (these arrive with text copied from web pages).
_INVISIBLE = (
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_DELETE_INVISIBLE = str.maketrans(dict.fromkeys(_INVISIBLE))
# str.translate costs ~1 µs on a short CJK string; a compiled search costs ~0.1 µs and almost
# never matches, so it guards the translate.
_HAS_INVISIBLE = re.compile("[" + _INVISIBLE + "]").search

# Punctuation that people type in several shapes for the same name. Only used for matching keys,
# never for stored text.
_FOLD_PUNCTUATION = str.maketrans(
    {
        **dict.fromkeys("‐‑‒–—―﹣", "-"),
        **dict.fromkeys("・•‧∙⋅", "·"),
        **dict.fromkeys("“”„", '"'),
        **dict.fromkeys("‘’", "'"),
        **{"〔": "(", "〕": ")"},
    }
)

# Template annotations on header cells that do not change which column it is.
_HEADER_SUFFIXES = ("(必填)", "(选填)", "(可选)", "(必选)")


def clean_text(value: object) -> str:
    """Return the text a cell shows, normalised.

    None → ""; integral numbers lose their ".0"; str values get NFKC (full-width letters,
    digits and brackets become half-width, ideographic spaces become spaces), invisible
    characters removed, surrounding whitespace stripped and inner whitespace runs (including
    line breaks) collapsed to one space.
    """
    if value is None:
        return ""
    cls = value.__class__
    if cls is str:
        s = value
    elif cls is int:
        return str(value)
    elif cls is float:
        if value.is_integer():
            return str(int(value))
        # 15 significant digits is what Excel shows; it also hides binary noise (0.1 + 0.2).
        return f"{value:.15g}"
    elif cls is bool:
        return "TRUE" if value else "FALSE"
    elif isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    elif isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    elif isinstance(value, Decimal):
        return str(value)
    else:
        s = str(value)

    if s.isascii():
        # ASCII cannot hold full-width or invisible characters: only whitespace to fix.
        return " ".join(s.split())
    s = unicodedata.normalize("NFKC", s)
    if _HAS_INVISIBLE(s):
        s = s.translate(_DELETE_INVISIBLE)
    # str.split() with no argument splits on every Unicode space (U+3000 included after NFKC
    # anyway), drops the ends and collapses runs: strip + collapse in one C call.
    return " ".join(s.split())


# Full-width Latin letters and digits (Ａ-Ｚ ａ-ｚ ０-９) → half-width; nothing else is folded.
_HALF_WIDTH_ALNUM = str.maketrans(
    {
        chr(c): chr(c - 0xFEE0)
        for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for c in range(r[0], r[1] + 1)
    }
)


def clean_name(value: object) -> str:
    """A name a person typed into a form (a competition, an event, a team), kept as typed: invisible
    characters removed and whitespace collapsed, full-width letters and digits made half-width, but
    Chinese punctuation — full-width brackets （）〔〕【】, colons, quotes — stays exactly as typed
    (``clean_text``'s NFKC would turn （第二届） into (第二届)). Matching still uses ``match_key``."""
    if value is None:
        return ""
    s = str(value)
    if s.isascii():
        return " ".join(s.split())
    if _HAS_INVISIBLE(s):
        s = s.translate(_DELETE_INVISIBLE)
    return " ".join(s.translate(_HALF_WIDTH_ALNUM).split())


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese, character by character (cached).

    Uses zhconv's "zh-hans" table rather than "zh-cn": zh-cn also swaps Taiwan vocabulary
    (軟體 → 软件, 滑鼠 → 鼠标), which is translation, not spelling, and would make two different
    names match.
    """
    if text.isascii():
        return text
    return zhconv.convert(text, "zh-hans")


def _compact_key(value: object) -> str:
    s = clean_text(value)
    if not s:
        return s
    s = "".join(s.split())
    if not s.isascii():
        s = to_simplified(s).translate(_FOLD_PUNCTUATION)
    return s.lower()


def match_key(value: object) -> str:
    """Key for matching hand-typed names: "天津市總工會" == "天津市 总工会".

    clean_text, then no whitespace at all, Traditional → Simplified, one shape for dashes,
    middle dots and quotes, lower-case Latin. Brackets are already half-width after NFKC, so
    "汽车维修工（新能源汽车）" == "汽车维修工(新能源汽车)".
    """
    return _match_key_cached(value) if value.__class__ is str else _compact_key(value)


@lru_cache(maxsize=65536)
def _match_key_cached(value: str) -> str:
    # The same unit and event names repeat thousands of times in one import.
    return _compact_key(value)


def header_key(value: object) -> str:
    """Key for matching a header cell: "姓  名", "姓\\n名", "*姓名", "姓名（必填）" → "姓名".

    Same as match_key, and also drops the marks templates put on headers: "*" before or after
    the name and a trailing "(必填)" / "(选填)".
    """
    s = match_key(value)
    if not s:
        return s
    s = s.strip("*")
    for suffix in _HEADER_SUFFIXES:
        if s.endswith(suffix):
            s = s[: -len(suffix)].rstrip("*")
            break
    return s
