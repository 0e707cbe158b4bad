"""Marks (评分): a judge's mark, with its version check, and the score import.

Every write leaves a ScoreChange (who, when, old, new, why).

Component score of an entry (one component):

- an imported score (a Mark without a judge, from ``marks_import``) is the component score: the
  score sheet holds the panel's final figure for that component. The judges' own marks for the
  same component are then kept and shown but not counted;
- otherwise the judges' marks: with ``Event.judge_trim_from`` (default 5) or more, the highest and
  the lowest are dropped and the rest averaged, else the plain mean; 2 decimals, half up;
- no mark at all: no score, hence no total and no rank (never 0).

Lost updates: a judge's save says which version of the mark it started from;
``UPDATE … WHERE version = expected`` changes nothing when somebody saved in between, and the
caller gets ``ScoreConflict`` ("已被他人修改，请刷新") instead of overwriting.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.bulk import bulk_update_values, insert_many
from core.errors import DomainError, NotAllowed
from core.history import audited, record_pks
from core.models import ImportRecord
from core.text import clean_text

from ..models import Entry, Event, JudgeAssignment, Mark, ScoreChange, ScoreChangeField, ScoreComponent
from ..selectors.recusals import recusal_reason
from .common import (
    TWO_PLACES,
    ScoreConflict,
    ScoringError,
    ScoringLocked,
    check_entry_open,
    fmt,
    last_change,
    lock_event,
    lock_event_shared,
    require_manager,
)

__all__ = ["ImportSummary", "SheetSave", "mark_save", "mark_sheet_save", "marks_import"]


def _check_value(component: ScoreComponent, value: Decimal) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ScoringError(_("分数应为数字"))
    if value.as_tuple().exponent < -2:
        raise ScoringError(_("分数最多保留两位小数"))
    if value < 0 or value > component.max_score:
        raise ScoringError(
            _("%(name)s成绩应在 0 到 %(max)s 之间") % {"name": component.name, "max": fmt(component.max_score)}
        )
    return value.quantize(TWO_PLACES)


@audited
def mark_save(
    *,
    entry: Entry,
    component: ScoreComponent,
    by,
    value: Decimal | None,
    expected_version: int | None,
    reason: str = "",
) -> Mark | None:
    """Save (or, with ``value`` None, clear) the judge ``by``'s mark for one component of one entry.

    ``expected_version`` is the version the judge's form showed; None when it showed no mark.
    Raises ScoreConflict when the mark changed since, ScoringLocked when the event's scores are
    locked, ScoringError for anything else (not assigned to this event or component, value out
    of 0..满分, entry withdrawn). Returns the saved mark, or None after clearing.
    """
    judge = by
    if judge is None:
        raise ScoringError(_("评分须由该赛项的裁判填写"))
    if component.event_id != entry.event_id:
        raise ScoringError(_("成绩构成不属于该赛项"))
    with transaction.atomic():
        event = lock_event_shared(entry.event_id)
        if event.scores_locked:
            raise ScoringLocked(_("成绩已锁定，不能修改"))
        assignment = JudgeAssignment.objects.filter(event=event, user=judge).prefetch_related("components").first()
        if assignment is None:
            raise NotAllowed(_("您不是该赛项的裁判"))
        allowed = {c.pk for c in assignment.components.all()}
        if allowed and component.pk not in allowed:
            raise NotAllowed(_("您不负责“%(name)s”的评分") % {"name": component.name})
        check_entry_open(entry)
        recused = recusal_reason(entry, judge)
        if recused:
            raise NotAllowed(_("您须回避该选手（%(reason)s），不能评分") % {"reason": recused})
        if value is not None:
            value = _check_value(component, value)

        current = Mark.objects.filter(entry=entry, component=component, judge=judge).first()
        if expected_version is None:
            if current is not None:
                raise ScoreConflict(current.value, current.version, last_change(entry, "mark", component, judge))
            if value is None:
                return None
            try:
                with transaction.atomic():
                    mark = Mark.objects.create(entry=entry, component=component, judge=judge, value=value)
            except IntegrityError:
                # The same judge saved the same cell from another window a moment ago.
                current = Mark.objects.filter(entry=entry, component=component, judge=judge).first()
                raise ScoreConflict(
                    current and current.value,
                    current.version if current else 0,
                    last_change(entry, "mark", component, judge),
                ) from None
            old = None
        else:
            if current is None or current.version != expected_version:
                raise ScoreConflict(
                    current and current.value,
                    current.version if current else 0,
                    last_change(entry, "mark", component, judge),
                )
            old = current.value
            if value == old:
                return current
            matching = Mark.objects.filter(pk=current.pk, version=expected_version)
            if value is None:
                changed = matching.delete()[0]
            else:
                changed = matching.update(value=value, version=F("version") + 1, updated_at=timezone.now())
                if changed:
                    record_pks(Mark, [current.pk])
            if not changed:
                # Saved by someone else between our read and our write.
                latest = Mark.objects.filter(pk=current.pk).first()
                raise ScoreConflict(
                    latest and latest.value,
                    latest.version if latest else 0,
                    last_change(entry, "mark", component, judge),
                )
            mark = None if value is None else Mark.objects.get(pk=current.pk)
        ScoreChange.objects.create(
            event=event,
            entry=entry,
            component=component,
            field=ScoreChangeField.MARK,
            old_value=fmt(old),
            new_value=fmt(value),
            changed_by=judge,
            reason=clean_text(reason)[:500],
        )
        return mark


@dataclass
class SheetSave:
    """What saving a mark sheet did: ``saved`` cells, or — when any cell failed — nothing at all and
    the reasons: ``conflicts`` (change, ScoreConflict) and ``problems`` (change, DomainError)."""

    saved: int = 0
    conflicts: list[tuple[object, ScoreConflict]] = field(default_factory=list)
    problems: list[tuple[object, DomainError]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts and not self.problems


def mark_sheet_save(*, changes, by) -> SheetSave:
    """Save a judge's changed cells of one mark sheet in ONE transaction: all of them or none.

    ``changes`` are the sheet's changed cells, each with ``entry``, ``component`` (None for the
    completion time), ``value`` and ``expected_version``. Every cell is tried, so the judge learns
    of every conflict and problem at once; if there is any, the whole sheet is rolled back.
    """
    from .entries import entry_time_save  # entries does not import marks; kept local all the same

    result = SheetSave()
    with transaction.atomic():
        for change in changes:
            try:
                if change.component is None:
                    entry_time_save(
                        entry=change.entry, by=by, value=change.value, expected_version=change.expected_version
                    )
                else:
                    mark_save(
                        entry=change.entry,
                        component=change.component,
                        by=by,
                        value=change.value,
                        expected_version=change.expected_version,
                    )
                result.saved += 1
            except ScoreConflict as conflict:
                result.conflicts.append((change, conflict))
            except DomainError as exc:
                result.problems.append((change, exc))
        if not result.ok:
            transaction.set_rollback(True)
            result.saved = 0
    return result


@dataclass
class ImportSummary:
    rows: int = 0
    created: int = 0  # component scores imported where there was none
    updated: int = 0  # imported component scores changed
    unchanged: int = 0
    times: int = 0  # completion times set or changed
    overriding: int = 0  # component scores that now take precedence over judges' marks
    judge_marks: int = 0  # judges' individual marks those scores replace (kept, no longer counted)
    dry_run: bool = False
    record: ImportRecord | None = None
    notices: list[str] = field(default_factory=list)


@audited
def marks_import(*, sheet, by, filename: str, data: bytes | None = None, dry_run: bool = False) -> ImportSummary:
    """Store a checked score sheet (``competitions.importers.scores.ScoreImporter``), all or nothing.

    ``sheet`` is the importer's report: ``event``, ``scores`` (one ScoreRow per sheet row),
    ``errors`` (must be empty: this refuses otherwise), ``sha256``. Each score becomes the entry's
    imported mark for that component (judge empty, shown as “导入”), changed in place when it
    exists; blank cells change nothing. Times go to ``Entry.time_minutes``. Every change is a
    ScoreChange by ``by``; the file is an ImportRecord. ``dry_run`` reads the same data and counts
    what a real run would do (the preview) without writing or locking anything.
    """
    if sheet.errors:
        raise ScoringError(_("成绩表有 %(n)d 处错误，未导入任何成绩") % {"n": len(sheet.errors)})
    event = sheet.event
    summary = ImportSummary(rows=len(sheet.scores), dry_run=dry_run)
    with transaction.atomic():
        if dry_run:
            event = Event.objects.select_related("competition__organizer").get(pk=event.pk)
        else:
            event = lock_event(event.pk)
        require_manager(by, event)
        if event.scores_locked:
            raise ScoringLocked(_("成绩已锁定，不能导入；如需更正请先由组织者重新开放评分"))
        entry_ids = [row.entry.pk for row in sheet.scores]
        marks = Mark.objects.filter(entry_id__in=entry_ids, judge__isnull=True)
        existing = {(m.entry_id, m.component_id): m for m in (marks if dry_run else marks.select_for_update())}
        # Judges' marks per (entry, component): how many an imported score would take precedence over.
        judged: dict[tuple[int, int], int] = defaultdict(int)
        for pair in Mark.objects.filter(entry_id__in=entry_ids, judge__isnull=False).values_list(
            "entry_id", "component_id"
        ):
            judged[pair] += 1
        # Times as they are now (a judge may have saved one since the sheet was read); judges'
        # saves wait for the event lock held here, so these stay current until commit.
        times = {e.pk: e for e in Entry.objects.filter(pk__in=entry_ids).only("pk", "time_minutes", "time_version")}
        now = timezone.now()
        creates, updates, changes, time_updates = [], [], [], []
        for row in sheet.scores:
            entry = row.entry
            reason = _("导入：%(file)s 第 %(row)d 行") % {"file": filename[:200], "row": row.number}
            for component, value in row.values.items():
                mark = existing.get((entry.pk, component.pk))
                if mark is None:
                    creates.append(
                        {"entry_id": entry.pk, "component_id": component.pk, "judge_id": None, "value": value}
                    )
                    summary.created += 1
                    old = None
                elif mark.value == value:
                    summary.unchanged += 1
                    continue
                else:
                    old = mark.value
                    mark.value = value
                    mark.version += 1
                    mark.updated_at = now
                    updates.append(mark)
                    summary.updated += 1
                if judged.get((entry.pk, component.pk)):
                    summary.overriding += 1
                    summary.judge_marks += judged[(entry.pk, component.pk)]
                changes.append(
                    {
                        "event_id": event.pk,
                        "entry_id": entry.pk,
                        "component_id": component.pk,
                        "field": ScoreChangeField.IMPORT,
                        "old_value": fmt(old),
                        "new_value": fmt(value),
                        "changed_by_id": by.pk if by is not None else None,
                        "reason": reason,
                    }
                )
            timed = times[entry.pk]
            if row.time is not None and row.time != timed.time_minutes:
                old_time = timed.time_minutes
                timed.time_minutes, timed.time_version, timed.updated_at = row.time, timed.time_version + 1, now
                time_updates.append(timed)
                changes.append(
                    {
                        "event_id": event.pk,
                        "entry_id": entry.pk,
                        "component_id": None,
                        "field": ScoreChangeField.TIME,
                        "old_value": fmt(old_time),
                        "new_value": fmt(row.time),
                        "changed_by_id": by.pk if by is not None else None,
                        "reason": reason,
                    }
                )
                summary.times += 1
        if summary.overriding:
            summary.notices.append(
                _("%(n)d 项成绩已有裁判逐人评分（共 %(m)d 条裁判评分），今后以导入的成绩为准（裁判评分保留，不再计入）")
                % {"n": summary.overriding, "m": summary.judge_marks}
            )
        if dry_run:
            return summary
        # One statement per kind of write whatever the number of rows (executemany / COPY).
        insert_many(Mark, creates)
        bulk_update_values(updates, ["value", "version", "updated_at"])
        bulk_update_values(time_updates, ["time_minutes", "time_version", "updated_at"])
        insert_many(ScoreChange, changes)
        summary.record = ImportRecord.objects.create(
            kind="scores",
            target=f"{event.competition.name} / {event.name}"[:200],
            filename=filename[:255],
            sha256=hashlib.sha256(data).hexdigest() if data is not None else getattr(sheet, "sha256", ""),
            rows=summary.rows,
            created_count=summary.created,
            updated_count=summary.updated,
            summary={
                "event_id": event.pk,
                "unchanged": summary.unchanged,
                "times": summary.times,
                "overriding": summary.overriding,
                "judge_marks": summary.judge_marks,
            },
            imported_by=by,
        )
    return summary
