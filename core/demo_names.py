"""Names for fictitious demo people that fit the gender their made-up ID number says.

An ID's 17th digit decides the gender (odd: male, ``core.idcard``); a demo person's given name is
drawn from the pool of that gender, so no 郑志强 is listed as (女) and no 王丽娜 as a man. The pools
hold only given names that read clearly as one gender.
"""

from __future__ import annotations

import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"

MALE_GIVEN = (
    "伟", "强", "磊", "军", "勇", "杰", "涛", "刚", "斌", "鹏", "明", "建国", "志强", "志刚", "国强", "建华",
    "晓东", "国庆", "春生", "立新", "海涛", "明辉", "春雷", "宏伟", "振华", "立军", "永胜", "子豪", "文博",
    "浩然", "宇航", "俊杰", "德明", "占山", "铁柱",
)  # fmt: skip

FEMALE_GIVEN = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "婷", "秀英", "桂英", "海燕", "红梅", "晓燕",
    "丽娜", "秀兰", "婷婷", "雪梅", "凤霞", "美玲", "红艳", "思雨", "佳怡", "静怡", "欣悦", "玉兰", "淑珍",
    "春燕", "丽娟",
)  # fmt: skip

GIVEN_BY_GENDER = {"M": MALE_GIVEN, "F": FEMALE_GIVEN}


def demo_name(rng: random.Random, gender: str, taken: set[str], surnames: str = SURNAMES) -> str:
    """A surname and a given name of ``gender`` ("M"/"F") not in ``taken`` (which it extends)."""
    pool = GIVEN_BY_GENDER[gender]
    for _attempt in range(10_000):
        name = rng.choice(surnames) + rng.choice(pool)
        if name not in taken:
            taken.add(name)
            return name
    raise ValueError("演示姓名用尽")


def gender_of_given_name(name: str) -> str | None:
    """"M"/"F" when the name ends with a given name of one pool (the longest match), else None."""
    for given in sorted((*MALE_GIVEN, *FEMALE_GIVEN), key=len, reverse=True):
        if len(name) > len(given) and name.endswith(given):
            return "M" if given in MALE_GIVEN else "F"
    return None
