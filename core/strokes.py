"""姓氏笔画 ordering (GB stroke order) for rosters and 公示 lists.

Names compare character by character. Each Han character compares by stroke
count, then by the shape of its first stroke (横 一, 竖 丨, 撇 丿, 点 丶, 折 乛),
then the next stroke, and so on. A shorter name comes before a longer one with
the same beginning; non-Han characters come after all Han characters.

The per-character ranks come from the data file of the PyPI package ``cn-sort``
(``res/all_word.json``, field ``stroke_increment_level``). The package itself is
never imported: importing it configures logging and writes log files into the
working directory.

``stroke_key`` turns a name into a plain digit string whose ordinary string
order is the stroke order, so it can be stored in an indexed CharField and used
in ORDER BY (``core.ordering.stroke_order`` is that ORDER BY term). This module
imports no Django, so pure ``rules/`` packages may use it.
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "STROKE_KEY_MAX_CHARS",
    "STROKE_KEY_MAX_LENGTH",
    "STROKE_KEY_WIDTH",
    "normalize_name",
    "sort_by_strokes",
    "stroke_key",
    "stroke_rank",
]

T = TypeVar("T")

# Han characters missing from the data rank at UNKNOWN_HAN_BASE + code point,
# everything else at NON_HAN_BASE + code point. Fixed numbers (not derived from
# the data) so keys already stored in the database stay valid.
UNKNOWN_HAN_BASE = 100_000
NON_HAN_BASE = UNKNOWN_HAN_BASE + 0x110000
_MAX_RANK = NON_HAN_BASE + 0x10FFFF  # 2_328_223

# Decimal digits per character in a key; 7 covers _MAX_RANK.
STROKE_KEY_WIDTH = 7
# Names and organisation names are keyed on their first 100 characters.
STROKE_KEY_MAX_CHARS = 100
# = STROKE_KEY_WIDTH * STROKE_KEY_MAX_CHARS; use as the CharField max_length.
STROKE_KEY_MAX_LENGTH = STROKE_KEY_WIDTH * STROKE_KEY_MAX_CHARS  # 700

# Women's names carry this marker on rosters; it is not part of the name.
_FEMALE_MARKER = "(女)"

# Code point ranges treated as Han (after NFKC most compatibility ideographs
# have become unified ones already).
_HAN_RANGES = (
    (0x3007, 0x3007),  # 〇
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x323AF),  # Extensions B-H (and I)
)


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _HAN_RANGES)


def _data_path() -> Path:
    spec = importlib.util.find_spec("cn_sort")
    if spec is None or spec.origin is None:
        raise RuntimeError("package cn-sort is not installed; it provides the stroke-order data")
    return Path(spec.origin).parent / "res" / "all_word.json"


@lru_cache(maxsize=1)
def _han_ranks() -> dict[str, int]:
    with _data_path().open(encoding="utf-8") as fh:
        entries = json.load(fh)["all_word"]
    ranks: dict[str, int] = {}
    for entry in entries:
        ch = entry["chinese"]
        # The file also ranks ASCII (levels 1-96); those must sort after Han here.
        if len(ch) != 1 or not _is_han(ch):
            continue
        level = int(entry["stroke_increment_level"])
        # One entry per pinyin reading; all readings share the level.
        ranks[ch] = min(level, ranks.get(ch, level))
    if not ranks or max(ranks.values()) >= UNKNOWN_HAN_BASE:
        raise RuntimeError("unexpected cn-sort stroke data: ranks do not fit below UNKNOWN_HAN_BASE")
    return ranks


def stroke_rank(ch: str) -> int:
    """Rank of one character: known Han < unknown Han < everything else."""
    if len(ch) != 1:
        raise ValueError("stroke_rank expects exactly one character")
    rank = _han_ranks().get(ch)
    if rank is not None:
        return rank
    if _is_han(ch):
        return UNKNOWN_HAN_BASE + ord(ch)
    return NON_HAN_BASE + ord(ch)


def normalize_name(text: str) -> str:
    """NFKC, without whitespace, zero-width characters or the "(女)" marker."""
    text = unicodedata.normalize("NFKC", text or "")
    # NFKC turns the full-width （女） into the ASCII form removed here.
    text = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")
    return text.replace(_FEMALE_MARKER, "")


def stroke_key(text: str) -> str:
    """Digit string whose plain string order is the 姓氏笔画 order of ``text``.

    Each character becomes its rank zero-padded to ``STROKE_KEY_WIDTH`` digits;
    only the first ``STROKE_KEY_MAX_CHARS`` characters count.
    """
    name = normalize_name(text)[:STROKE_KEY_MAX_CHARS]
    return "".join(f"{stroke_rank(ch):0{STROKE_KEY_WIDTH}d}" for ch in name)


def sort_by_strokes(items: Iterable[T], key: Callable[[T], Any] = lambda x: x) -> list[T]:
    """New list of ``items`` in 姓氏笔画 order of ``key(item)`` (a name); stable."""
    return sorted(items, key=lambda item: stroke_key(key(item)))
