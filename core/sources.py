"""What a record's ``source`` says, for people: the seed documents by title and date, not by file name.

Records built from the seed documents (``portal/management/commands/build_seed_fixtures.py``) carry the
document's file name in ``source`` (``000_848752dc8e4ae529.txt``): exact, and kept as the key. Pages
show ``source_label(source)`` instead: the document's title and the date it states (or that it states
none; no date is invented). Any other text (``演示数据（虚构）``, a supplement note) is shown as it is.
"""

from __future__ import annotations

import re

# file name → (title, publisher or place, date as the document states it)
SEED_DOCUMENTS: dict[str, tuple[str, str, str]] = {
    "000_848752dc8e4ae529.txt": (
        "发挥工会作用 彰显责任担当——弘扬“三种精神”助力服务“十项行动”",
        "天津市级机关工会联合会",
        "",
    ),
    "001_1463085c2af33462.txt": ("市总工会出台20项措施助力实施“十项行动”", "北方网", "2023年3月21日"),
    "002_bc7aaf77e9fd1229.txt": (
        "深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面",
        "北京市总工会系统报道",
        "",
    ),
    "003_556db5cf262beeed.txt": (
        "奋力唱响新时代“劳动者之歌”——市总工会为高质量发展凝聚职工力量",
        "廊坊市总工会报道",
        "",
    ),
    "004_4ad8dda8878dd78b.txt": ("新闻速递（盐城市各区县工会）", "盐城市总工会刊物", "2024年3月"),
}

_FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def document_label(file_name: str) -> str:
    """《title》（publisher，date）, or the file name itself when it is not a known seed document."""
    known = SEED_DOCUMENTS.get(file_name)
    if known is None:
        return file_name
    title, publisher, when = known
    return f"《{title}》（{publisher}，{when or '未注明日期'}）"


def source_label(source: str | None) -> str:
    """``source`` with every seed file name replaced by its document's title and date."""
    if not source:
        return ""
    return _FILE_NAME.sub(lambda m: document_label(m.group(0)), source)
