"""执裁回避 (recusal): which entries a judge may not see or mark, and the conflicts of an event.

A judge is in conflict with an entry when the judge's own unit (the account's 单位) is the entry's
delegation (代表队) or lies inside it, or is the contestant's employer (``rules.innovation.
recusal_conflict``), or when a Recusal row (declared, with a reason) says so. This holds for every
contest, skills events included. A panel with fewer than ``MIN_PANEL`` judges left for an entry
after recusal is flagged on the judges' page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from directory.models import AccountProfile

from ..models import Entry, EntryStatus, Event, JudgeAssignment, Recusal
from ..rules.innovation import recusal_conflict

__all__ = ["MIN_PANEL", "EventConflicts", "event_conflicts", "recusal_reason", "recused_entries"]

MIN_PANEL = 3


def _unit_paths(user_ids) -> dict[int, list[str]]:
    paths: dict[int, list[str]] = defaultdict(list)
    for user_id, path in AccountProfile.objects.filter(
        user_id__in=list(user_ids), organization__isnull=False
    ).values_list("user_id", "organization__path"):
        paths[user_id].append(path)
    return paths


def _entries(event: Event, entry_ids=None):
    qs = Entry.objects.filter(event=event, status=EntryStatus.REGISTERED)
    if entry_ids is not None:
        qs = qs.filter(pk__in=entry_ids)
    return qs.values_list(
        "pk", "delegation__path", "delegation__name", "person__employer__path", "person__employer__name"
    )


def _conflicts(event: Event, user_ids, entry_ids=None) -> dict[tuple[int, int], str]:
    """{(user id, entry id): reason} for the given judges (two queries, three with declared rows)."""
    found: dict[tuple[int, int], str] = {}
    paths = _unit_paths(user_ids)
    if paths:
        for pk, d_path, d_name, e_path, e_name in _entries(event, entry_ids):
            employer = (e_path, e_name) if e_path else None
            for user_id, units in paths.items():
                reason = recusal_conflict(units, (d_path, d_name), employer)
                if reason:
                    found[(user_id, pk)] = reason
    declared = Recusal.objects.filter(entry__event=event, judge_id__in=list(user_ids))
    if entry_ids is not None:
        declared = declared.filter(entry_id__in=entry_ids)
    for user_id, entry_id, reason in declared.values_list("judge_id", "entry_id", "reason"):
        found.setdefault((user_id, entry_id), f"本人申明回避：{reason}")
    return found


def recused_entries(event: Event, user) -> dict[int, str]:
    """{entry id: reason} of the entries ``user`` must recuse from in ``event``."""
    if not getattr(user, "pk", None):
        return {}
    return {entry_id: reason for (_u, entry_id), reason in _conflicts(event, [user.pk]).items()}


def recusal_reason(entry: Entry, user) -> str | None:
    if not getattr(user, "pk", None):
        return None
    return _conflicts(entry.event, [user.pk], [entry.pk]).get((user.pk, entry.pk))


@dataclass
class EventConflicts:
    by_judge: dict[int, list[tuple[Entry, str]]] = field(default_factory=dict)
    # Entries whose panel after recusal is smaller than MIN_PANEL: (entry, judges left).
    small_panels: list[tuple[Entry, int]] = field(default_factory=list)
    panel_size: int = 0


def event_conflicts(event: Event) -> EventConflicts:
    """The conflicts of every judge of the event, and the entries left with too small a panel."""
    judges = list(JudgeAssignment.objects.filter(event=event).values_list("user_id", flat=True))
    found = _conflicts(event, judges) if judges else {}
    entries = {
        e.pk: e
        for e in Entry.objects.filter(event=event, status=EntryStatus.REGISTERED).select_related("person", "delegation")
    }
    result = EventConflicts(panel_size=len(judges))
    per_entry: dict[int, int] = defaultdict(int)
    for (user_id, entry_id), reason in sorted(found.items()):
        if entry_id in entries:
            result.by_judge.setdefault(user_id, []).append((entries[entry_id], reason))
            per_entry[entry_id] += 1
    if judges:
        for entry_id, entry in entries.items():
            left = len(judges) - per_entry.get(entry_id, 0)
            if left < MIN_PANEL:
                result.small_panels.append((entry, left))
    return result
