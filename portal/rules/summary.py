"""The annual summary paragraph (年度工作总结段落), in the style of the unions' year reports:

    2024年，廊坊市总工会及所属单位获评全国五一劳动奖章3名、全国工人先锋号2家、河北省劳动模范49名……

Pure: it takes counted facts (portal.selectors.dashboard gathers them in the database) and writes
Chinese text. Honours are listed senior level first, then in the catalogue's order; individuals are
counted in 名, collectives in 家.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HonourLine:
    name: str
    level_rank: int  # higher = more senior (competitions.models.LEVEL_RANK)
    precedence: int
    collective: bool
    count: int

    @property
    def unit(self) -> str:
        return "家" if self.collective else "名"

    @property
    def order_key(self) -> tuple:
        return (-self.level_rank, self.precedence, self.name)


@dataclass(frozen=True)
class SummaryFacts:
    year: int
    org_name: str
    honours: tuple[HonourLine, ...] = ()
    # Honours counted in the previous year (None: no record of that year at all).
    previous_honours: int | None = None
    # Names of honours received this year and never before, when earlier years have records.
    firsts: tuple[str, ...] = ()
    # (kind label, competitions) held this year, in the kinds' order.
    competitions: tuple[tuple[str, int], ...] = ()
    previous_competitions: int | None = None
    entries: int = 0  # registrations (人次)
    people: int = 0  # distinct people covered (人)
    reported_submissions: int = 0  # 申报成果 counted by documents without entries
    prizes: tuple[tuple[str, int], ...] = field(default_factory=tuple)  # (一等奖, 3) …


def _change(now: int, before: int | None, unit: str) -> str:
    if before is None:
        return ""
    if now > before:
        return f"，比上年增加{now - before}{unit}"
    if now < before:
        return f"，比上年减少{before - now}{unit}"
    return "，与上年持平"


def honours_sentence(facts: SummaryFacts) -> str:
    lines = sorted((h for h in facts.honours if h.count), key=lambda h: h.order_key)
    if not lines:
        return f"{facts.year}年，{facts.org_name}及所属单位暂无获评荣誉的记录。"
    listed = "、".join(f"{h.name}{h.count}{h.unit}" for h in lines)
    total = sum(h.count for h in lines)
    text = f"{facts.year}年，{facts.org_name}及所属单位获评{listed}"
    if len(lines) > 1:
        text += f"，各类荣誉合计{total}个"
    text += _change(total, facts.previous_honours, "个") + "。"
    if facts.firsts:
        text += "其中首次获评" + "、".join(facts.firsts) + "。"
    return text


def competitions_sentence(facts: SummaryFacts) -> str:
    held = [(label, n) for label, n in facts.competitions if n]
    total = sum(n for _label, n in held)
    if not total:
        return ""
    text = f"全年共举办各类劳动和技能竞赛{total}场"
    if len(held) > 1:
        text += "（" + "、".join(f"{label}{n}场" for label, n in held) + "）"
    elif held:
        text = f"全年共举办{held[0][0]}{total}场"
    text += _change(total, facts.previous_competitions, "场")
    if facts.entries:
        text += f"，参赛职工{facts.entries}人次"
        if facts.people and facts.people != facts.entries:
            text += f"（{facts.people}人）"
    if facts.reported_submissions:
        text += f"，申报成果{facts.reported_submissions}项"
    text += "。"
    prizes = [(label, n) for label, n in facts.prizes if n]
    if prizes:
        text += "评出" + "、".join(f"{label}{n}名" for label, n in prizes) + "。"
    return text


def summary_paragraph(facts: SummaryFacts) -> str:
    """The whole paragraph: honours, then competitions and prizes."""
    return honours_sentence(facts) + competitions_sentence(facts)
