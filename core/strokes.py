"""Stroke-order keys for names: 姓氏笔画 (the default for people), 姓名笔画, and organisations.

Characters compare in GB stroke order: stroke count, then the shape of each stroke in the order
横 一, 竖 丨, 撇 丿, 点 丶, 折 乛, stroke by stroke. Non-Han characters come after all Han ones.

Three rules (``stroke_key(text, rule=...)``):

- ``"surname"`` (姓氏笔画, default, for people): the surname first, then the given name, where a
  single-character given name counts as a blank before any character, so within one surname all
  single given names come first (王力 王宁 王毅 before 王一彪 王小洪; 田富 before 田大利), as official
  lists printed 按姓氏笔画 do. A compound surname (``COMPOUND_SURNAMES``) is the surname, so every 欧X
  name comes before the 欧阳 names. Notes printed with a name — （女）, （女，回族）, （河南） — are not
  part of the key; neither is whitespace (王　宁). A name written with a middle dot (巴依卡·凯力迪别克)
  is ordered by its characters, the dot ignored: its first character is the surname, the rest
  compares character by character (no blank).
- ``"fullname"`` (姓名笔画): the whole name character by character (notes and dots dropped as above).
- ``"collective"`` (organisations, 工人先锋号, 奖状 recipients): the name character by character; only
  whitespace and a "(女)" marker are dropped (brackets in an organisation's name are part of it).

A key is a plain ASCII digit string whose byte order is the order above, so it is stored in an
indexed CharField and used in ORDER BY. Every character becomes a 7-digit unit written in the digits
1-9 only (its rank in base 9); the digit ``0`` is the blank/separator of the surname rule, and sorts
before every unit. So the 姓名笔画 order of a stored 姓氏笔画 key is the key with its ``0``s removed:
``core.ordering.stroke_order(field, rule="fullname")`` orders by ``REPLACE(field, '0', '')`` (no second
column); it adds ``COLLATE "C"`` on PostgreSQL, so the database's locale never matters. This module
imports no Django, so pure ``rules/`` packages may use it.

Per-character ranks come from the data file of the PyPI package ``cn-sort``
(``res/all_word.json``, field ``stroke_increment_level``), corrected by ``core.stroke_overrides``
(checked against a second data set in ``tests/core/test_stroke_data_crosscheck.py``). The package
itself is never imported: importing it configures logging and writes log files into the working
directory.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from core.stroke_overrides import STROKE_OVERRIDES

__all__ = [
    "COMPOUND_SURNAMES",
    "RULES",
    "STROKE_KEY_BLANK",
    "STROKE_KEY_MAX_CHARS",
    "STROKE_KEY_MAX_LENGTH",
    "STROKE_KEY_WIDTH",
    "Rule",
    "normalize_name",
    "normalize_person_name",
    "sort_by_strokes",
    "split_name",
    "stroke_key",
    "stroke_rank",
]

T = TypeVar("T")
Rule = Literal["surname", "fullname", "collective"]
RULES: tuple[str, ...] = ("surname", "fullname", "collective")

# Ranks: cn-sort's level × _SPREAD for the characters of its data (the gaps take the corrected
# characters of core.stroke_overrides), then Han characters missing from the data at
# UNKNOWN_HAN_BASE + code point, everything else at NON_HAN_BASE + code point.
_SPREAD = 4
UNKNOWN_HAN_BASE = 100_000
NON_HAN_BASE = UNKNOWN_HAN_BASE + 0x110000
_MAX_RANK = NON_HAN_BASE + 0x10FFFF  # 2_328_223 < 9**7

# Characters per unit in a key: a rank in base 9 written with the digits 1-9 (9**7 = 4_782_969).
STROKE_KEY_WIDTH = 7
# The blank/separator of the 姓氏笔画 rule: sorts before every unit and never occurs inside one.
STROKE_KEY_BLANK = "0"
# Names and organisation names are keyed on their first 100 characters.
STROKE_KEY_MAX_CHARS = 100
# Longest key stored (Person.stroke_key's max_length): 100 units; a surname key is cut to it.
STROKE_KEY_MAX_LENGTH = STROKE_KEY_WIDTH * STROKE_KEY_MAX_CHARS  # 700

# Compound surnames (复姓) recognised by the 姓氏笔画 rule: the genuine compound surnames of the
# 《百家姓》 (its pairs of two single surnames such as 仉督, 岳帅 or 有琴 left out), plus 第五 left out
# and 单于 left out as well: 单 + a given name starting with 于 is far more common today.
# A name is split on one of these only when it has at least one more character.
COMPOUND_SURNAMES: frozenset[str] = frozenset(
    str.split(
        "万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 太叔 申屠 "
        "公孙 仲孙 轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 子车 颛孙 端木 巫马 公西 "
        "漆雕 乐正 壤驷 公良 拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 羊舌 微生 梁丘 左丘 东门 西门 "
        "南宫"
    )
)

# Women's names carry this marker on rosters; it is not part of the name.
_FEMALE_MARKER = "(女)"
# Notes printed with a person's name: （女）, （女，回族）, （河南）, [女], 〔回族〕 … (after NFKC).
_NOTE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|〔[^〔〕]*〕|【[^【】]*】")
# Middle dots used in transcribed names (巴依卡·凯力迪别克); NFKC keeps all of these.
_DOTS = frozenset("·・•‧∙⋅･．.")

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
def cn_sort_levels() -> dict[str, int]:
    """cn-sort's own per-character level (uncorrected), for Han characters only."""
    with _data_path().open(encoding="utf-8") as fh:
        entries = json.load(fh)["all_word"]
    levels: dict[str, int] = {}
    for entry in entries:
        ch = entry["chinese"]
        # The file also ranks ASCII (levels 1-96); those must sort after Han here.
        if len(ch) != 1 or not _is_han(ch):
            continue
        level = int(entry["stroke_increment_level"])
        # One entry per pinyin reading; all readings share the level.
        levels[ch] = min(level, levels.get(ch, level))
    return levels


@lru_cache(maxsize=1)
def _han_ranks() -> dict[str, int]:
    levels = cn_sort_levels()
    ranks = {ch: level * _SPREAD for ch, level in levels.items()}
    if not ranks or max(ranks.values()) + _SPREAD >= UNKNOWN_HAN_BASE:
        raise RuntimeError("unexpected cn-sort stroke data: ranks do not fit below UNKNOWN_HAN_BASE")
    overridden = {o.char for o in STROKE_OVERRIDES}
    taken: dict[str, int] = {}
    for o in STROKE_OVERRIDES:
        if o.after in overridden or o.after not in ranks:
            raise RuntimeError(f"stroke override {o.char}: anchor {o.after} must be an uncorrected character")
        taken[o.after] = taken.get(o.after, 0) + 1
        if taken[o.after] >= _SPREAD:
            raise RuntimeError(f"too many stroke overrides after {o.after}")
        ranks[o.char] = ranks[o.after] + taken[o.after]
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


_BASE9 = "123456789"


@lru_cache(maxsize=65536)
def _unit(ch: str) -> str:
    """The 7-character unit of one character: its rank in base 9, digits 1-9 (never 0)."""
    rank = stroke_rank(ch)
    digits = []
    for _ in range(STROKE_KEY_WIDTH):
        rank, d = divmod(rank, 9)
        digits.append(_BASE9[d])
    return "".join(reversed(digits))


def _units(text: str) -> str:
    return "".join(_unit(ch) for ch in text)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def normalize_name(text: str) -> str:
    """NFKC, without whitespace, zero-width characters or the "(女)" marker (organisation names)."""
    return _clean(text).replace(_FEMALE_MARKER, "")


def normalize_person_name(text: str) -> str:
    """A person's name as ordered: NFKC, no whitespace, no notes in brackets, no middle dots."""
    name = _clean(text)
    previous = None
    while previous != name:  # nested notes: （女（回族））
        previous, name = name, _NOTE.sub("", name)
    return "".join(ch for ch in name if ch not in _DOTS)


def split_name(text: str) -> tuple[str, str]:
    """(surname, given name) of a person's name as the 姓氏笔画 rule reads it.

    A compound surname is the surname when at least one character follows it; otherwise the first
    character. A dotted name's first character is its "surname". A name not starting with a Han
    character has no surname: ("", name).
    """
    name = normalize_person_name(text)
    if not name or not _is_han(name[0]):
        return "", name
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


# Pure, and names repeat (王伟, 张敏 …): an import of 50 000 people computes far fewer distinct keys.
@lru_cache(maxsize=1 << 16)
def stroke_key(text: str, rule: Rule = "surname") -> str:
    """Digit string whose plain string (byte) order is the stroke order of ``text`` under ``rule``.

    ``surname`` (default, people): surname units, ``0``, then the given name — ``0`` + its unit when
    it is one character, else its units. ``fullname``: the units of the name. ``collective``: the
    units of an organisation's name. Only the first ``STROKE_KEY_MAX_CHARS`` characters count; a key
    is at most ``STROKE_KEY_MAX_LENGTH`` long.
    """
    if rule == "collective":
        return _units(normalize_name(text)[:STROKE_KEY_MAX_CHARS])
    if rule == "fullname":
        return _units(normalize_person_name(text)[:STROKE_KEY_MAX_CHARS])
    if rule != "surname":
        raise ValueError(f"unknown stroke order rule {rule!r}; expected one of {RULES}")
    surname, given = split_name(text)
    if not surname:
        return _units(given[:STROKE_KEY_MAX_CHARS])
    dotted = any(ch in _DOTS for ch in _clean(text))
    if len(given) == 1 and not dotted:
        given_part = STROKE_KEY_BLANK + _unit(given)
    else:
        given_part = _units(given[: STROKE_KEY_MAX_CHARS - len(surname)])
    return (_units(surname) + STROKE_KEY_BLANK + given_part)[:STROKE_KEY_MAX_LENGTH]


def sort_by_strokes(
    items: Iterable[T], key: Callable[[T], Any] = lambda x: x, *, rule: Rule = "surname"
) -> list[T]:
    """New list of ``items`` in stroke order of ``key(item)`` (a name) under ``rule``; stable."""
    return sorted(items, key=lambda item: stroke_key(key(item), rule))
