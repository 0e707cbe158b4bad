"""Real lists published 按姓氏笔画为序 by the national news agency, as printed (names with their notes).

Each file in ``published_lists/`` holds one list in its published order; its first line names the list
and its source. A printed entry is a name and, optionally, notes in full-width brackets: （女）,
（女，回族）, （蒙古族，内蒙古）, （河南） — gender, ethnicity, or a place or body that tells two people
of the same name apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LISTS_DIR = Path(__file__).with_name("published_lists")

_ENTRY = re.compile(r"^(?P<name>[^（]+)(?:（(?P<notes>.*)）)?$")


@dataclass(frozen=True)
class PrintedName:
    printed: str  # as published, notes included
    name: str
    female: bool
    ethnicity: str  # "" for Han (the published lists mark only minorities)


@dataclass(frozen=True)
class PublishedList:
    key: str
    title: str
    entries: list[PrintedName]

    @property
    def names(self) -> list[str]:
        return [e.name for e in self.entries]


def parse_entry(printed: str) -> PrintedName:
    match = _ENTRY.match(printed)
    if match is None:
        raise ValueError(f"not a printed name: {printed!r}")
    notes = match["notes"].split("，") if match["notes"] else []
    ethnicity = next((n for n in notes if n.endswith("族")), "")
    return PrintedName(printed=printed, name=match["name"], female="女" in notes, ethnicity=ethnicity)


def load(key: str) -> PublishedList:
    lines = (LISTS_DIR / f"{key}.txt").read_text(encoding="utf-8").splitlines()
    title = lines[0].lstrip("# ").strip()
    body = " ".join(line for line in lines if not line.startswith("#"))
    return PublishedList(key=key, title=title, entries=[parse_entry(t) for t in body.split()])


def all_keys() -> list[str]:
    return sorted(p.stem for p in LISTS_DIR.glob("*.txt"))
