"""Writes for scoring: marks, times, imports, results, lock/reopen, publication, judges.

Every write goes through one function here, in a transaction, and leaves a ScoreChange (who,
when, old, new, why). The arithmetic is the pure ``competitions.scoring`` package; this module
only feeds it values from the database and stores what it returns.

Component score of an entry (one component):

- an imported score (a Mark without a judge, from ``marks_import``) is the component score: the
  score sheet holds the panel's final figure for that component. The judges' own marks for the
  same component are then kept and shown but not counted;
- otherwise the judges' marks: with ``Event.judge_trim_from`` (default 5) or more, the highest and
  the lowest are dropped and the rest averaged, else the plain mean; 2 decimals, half up;
- no mark at all: no score, hence no total and no rank (never 0).

Lost updates: a judge's save says which version of the mark (or of the entry's time) it started
from; ``UPDATE … WHERE version = expected`` changes nothing when somebody saved in between, and the
caller gets ``ScoreConflict`` ("已被他人修改，请刷新") instead of overwriting.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.imports import insert_many
from core.models import ImportRecord
from core.text import clean_text
from directory.selectors import user_is_organizer_of

from ..models import (
    Entry,
    EntryStatus,
    Event,
    EventKind,
    JudgeAssignment,
    Mark,
    Prize,
    Result,
    ScoreChange,
    ScoreChangeField,
    ScoreComponent,
    Team,
)
from ..scoring import (
    Competitor,
    TieBreak,
    aggregate_marks,
    allocate_prizes,
    rank_competitors,
    team_scores,
    weighted_total,
)

__all__ = [
    "ComputeSummary",
    "ImportSummary",
    "ScoreConflict",
    "ScoringError",
    "ScoringLocked",
    "bulk_update_rows",
    "bulk_update_values",
    "entry_time_save",
    "event_compute_results",
    "event_lock_scores",
    "event_publish_results",
    "event_rank_results",
    "event_reopen_scores",
    "event_unpublish_results",
    "event_update_scoring_settings",
    "judge_assign",
    "judge_unassign",
    "mark_save",
    "marks_import",
]

BULK_BATCH = 2000
# Up to this many changed rows Django's own bulk_update is used; above it, see bulk_update_rows.
BULK_UPDATE_ORM_MAX = 100
TWO_PLACES = Decimal("0.01")
MAX_TIME = Decimal("999999.99")


class ScoringError(Exception):
    """A scoring write that cannot be done; the message (Chinese) is shown to the user."""


class ScoringLocked(ScoringError):
    pass


class ScoreConflict(ScoringError):
    """Somebody saved the same mark or time since the user loaded it.

    ``current_value``/``current_version``: what is stored now; ``last_change``: the ScoreChange
    that made it so (who and when), when there is one.
    """

    def __init__(self, current_value: Decimal | None, current_version: int, last_change: ScoreChange | None = None):
        self.current_value = current_value
        self.current_version = current_version
        self.last_change = last_change
        super().__init__(_("已被他人修改，请刷新"))


def _last_change(entry: Entry, field: str, component: ScoreComponent | None = None, judge=None) -> ScoreChange | None:
    qs = ScoreChange.objects.filter(entry=entry, field=field).select_related("changed_by")
    if component is not None:
        qs = qs.filter(component=component)
    if judge is not None:
        qs = qs.filter(changed_by=judge)
    return qs.order_by("-changed_at", "-id").first()


# --- helpers -------------------------------------------------------------------------------------


def _fmt(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(TWO_PLACES)}"


def _lock_event_shared(event_id: int) -> Event:
    """Read the event so that locking it waits for this transaction.

    On PostgreSQL ``FOR SHARE``: marks of one event can be saved concurrently (their own version
    check decides conflicts), but ``event_lock_scores`` (``FOR UPDATE``) waits until they commit,
    so no mark slips in after the lock. SQLite serialises writers anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {Event._meta.db_table} WHERE id = %s FOR SHARE", [event_id])  # noqa: S608
    return Event.objects.get(pk=event_id)


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().select_related("competition__organizer").get(pk=event_id)


def _require_manager(by, event: Event) -> None:
    """``by`` None is the command line / system, which has full internal access."""
    if by is not None and not user_is_organizer_of(by, event.competition.organizer):
        raise ScoringError(_("只有主办单位的组织者可以进行此操作"))


def _require_reason(reason: str) -> str:
    reason = clean_text(reason)
    if not reason:
        raise ScoringError(_("请填写原因"))
    return reason[:500]


def _check_value(component: ScoreComponent, value: Decimal) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ScoringError(_("分数应为数字"))
    if value.as_tuple().exponent < -2:
        raise ScoringError(_("分数最多保留两位小数"))
    if value < 0 or value > component.max_score:
        raise ScoringError(
            _("%(name)s成绩应在 0 到 %(max)s 之间") % {"name": component.name, "max": _fmt(component.max_score)}
        )
    return value.quantize(TWO_PLACES)


def _check_time(value: Decimal) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ScoringError(_("用时应为数字（分钟）"))
    if value.as_tuple().exponent < -2:
        raise ScoringError(_("用时最多保留两位小数"))
    if value <= 0:
        raise ScoringError(_("用时应大于 0 分钟"))
    if value > MAX_TIME:
        raise ScoringError(_("用时超出范围（最多 999999.99 分钟）"))
    return value.quantize(TWO_PLACES)


def _check_entry_open(entry: Entry) -> None:
    # The status as stored now: the caller's instance may predate a withdrawal.
    status = Entry.objects.filter(pk=entry.pk).values_list("status", flat=True).first()
    if status == EntryStatus.WITHDRAWN:
        raise ScoringError(_("该选手已退赛，不能评分"))
    if status == EntryStatus.DISQUALIFIED:
        raise ScoringError(_("该选手已被取消资格，不能评分"))


def _fast_bulk_vendor() -> bool:
    if connection.vendor == "postgresql":
        return True
    # UPDATE … FROM needs SQLite 3.33; json_each is built in since 3.38 (and in Python's builds before).
    return connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 33, 0)


def bulk_update_rows(model, fields: list[str], rows: list[tuple], *, orm_max: int | None = None) -> int:
    """Write ``fields`` of many rows of ``model`` at once; ``rows`` are ``(pk, value, …)`` tuples
    holding the Python values the model fields take. Returns the number of rows.

    Up to ``BULK_UPDATE_ORM_MAX`` rows this is Django's ``bulk_update``. Above, it is not:
    ``bulk_update`` builds a ``CASE WHEN pk = … THEN …`` expression per row and field in Python,
    measured at 0.3–1.7 ms per row here — a minute for a 100 000-entry event. Instead one statement
    per 50 000 rows joins the table to the new values passed as a single parameter per column:
    ``UPDATE … FROM unnest(%s::integer[], …)`` on PostgreSQL, ``UPDATE … FROM json_each(%s)`` on
    SQLite. Values are prepared by the fields themselves (``get_db_prep_save``), so what is stored
    is exactly what ``save()`` would store (tests/scoring_db/test_bulk_write.py).
    """
    if not rows:
        return 0
    limit = BULK_UPDATE_ORM_MAX if orm_max is None else orm_max
    if len(rows) <= limit or not _fast_bulk_vendor():
        objs = [model(pk=row[0], **dict(zip(fields, row[1:], strict=True))) for row in rows]
        model._default_manager.bulk_update(objs, fields, batch_size=BULK_BATCH)
        return len(rows)
    meta = model._meta
    pk = meta.pk
    model_fields = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    key = f"{table}.{quote(pk.column)}"
    is_json = [isinstance(f, models.JSONField) for f in model_fields]
    for start in range(0, len(rows), 50_000):
        chunk = rows[start : start + 50_000]
        if connection.vendor == "postgresql":
            params: list = [[pk.get_db_prep_save(row[0], connection) for row in chunk]]
            types = [pk.cast_db_type(connection)]
            for i, f in enumerate(model_fields):
                if is_json[i]:
                    params.append(
                        [None if row[i + 1] is None else json.dumps(row[i + 1], cls=f.encoder) for row in chunk]
                    )
                    types.append("text")
                else:
                    params.append([f.get_db_prep_save(row[i + 1], connection) for row in chunk])
                    types.append(f.cast_db_type(connection))
            names = ", ".join(["pk", *(f"f{i}" for i in range(len(model_fields)))])
            sets = ", ".join(
                f"{quote(f.column)} = v.f{i}{'::jsonb' if is_json[i] else ''}" for i, f in enumerate(model_fields)
            )
            arrays = ", ".join(f"%s::{t}[]" for t in types)
            sql = f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS v ({names}) WHERE {key} = v.pk"  # noqa: S608
        else:
            payload = [
                [
                    row[0],
                    *(
                        _json_ready(f.get_db_prep_save(v, connection))
                        for f, v in zip(model_fields, row[1:], strict=True)
                    ),
                ]
                for row in chunk
            ]
            params = [json.dumps(payload, ensure_ascii=False)]
            sets = ", ".join(
                f"{quote(f.column)} = json_extract(j.value, '$[{i + 1}]')" for i, f in enumerate(model_fields)
            )
            sql = f"UPDATE {table} SET {sets} FROM json_each(%s) AS j WHERE {key} = json_extract(j.value, '$[0]')"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    return len(rows)


def _json_ready(value):
    # What Django's SQLite backend stores for a Decimal is its text (NUMERIC affinity converts it).
    return str(value) if isinstance(value, Decimal) else value


def bulk_update_values(objs: list, fields: list[str], *, orm_max: int | None = None) -> int:
    """``bulk_update_rows`` for model instances (``auto_now`` fields are set, as save() would)."""
    if not objs:
        return 0
    meta = type(objs[0])._meta
    model_fields = [meta.get_field(name) for name in fields]
    rows = [(obj.pk, *(f.pre_save(obj, False) for f in model_fields)) for obj in objs]
    return bulk_update_rows(type(objs[0]), fields, rows, orm_max=orm_max)


# --- marks and times -----------------------------------------------------------------------------


def mark_save(
    *,
    entry: Entry,
    component: ScoreComponent,
    judge,
    value: Decimal | None,
    expected_version: int | None,
    reason: str = "",
) -> Mark | None:
    """Save (or, with ``value`` None, clear) ``judge``'s mark for one component of one entry.

    ``expected_version`` is the version the judge's form showed; None when it showed no mark.
    Raises ScoreConflict when the mark changed since, ScoringLocked when the event's scores are
    locked, ScoringError for anything else (not assigned to this event or component, value out
    of 0..满分, entry withdrawn). Returns the saved mark, or None after clearing.
    """
    if component.event_id != entry.event_id:
        raise ScoringError(_("成绩构成不属于该赛项"))
    with transaction.atomic():
        event = _lock_event_shared(entry.event_id)
        if event.scores_locked:
            raise ScoringLocked(_("成绩已锁定，不能修改"))
        assignment = JudgeAssignment.objects.filter(event=event, user=judge).prefetch_related("components").first()
        if assignment is None:
            raise ScoringError(_("您不是该赛项的裁判"))
        allowed = {c.pk for c in assignment.components.all()}
        if allowed and component.pk not in allowed:
            raise ScoringError(_("您不负责“%(name)s”的评分") % {"name": component.name})
        _check_entry_open(entry)
        if value is not None:
            value = _check_value(component, value)

        current = Mark.objects.filter(entry=entry, component=component, judge=judge).first()
        if expected_version is None:
            if current is not None:
                raise ScoreConflict(current.value, current.version, _last_change(entry, "mark", component, judge))
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
                    _last_change(entry, "mark", component, judge),
                ) from None
            old = None
        else:
            if current is None or current.version != expected_version:
                raise ScoreConflict(
                    current and current.value,
                    current.version if current else 0,
                    _last_change(entry, "mark", component, judge),
                )
            old = current.value
            if value == old:
                return current
            matching = Mark.objects.filter(pk=current.pk, version=expected_version)
            if value is None:
                changed = matching.delete()[0]
            else:
                changed = matching.update(value=value, version=F("version") + 1, updated_at=timezone.now())
            if not changed:
                # Saved by someone else between our read and our write.
                latest = Mark.objects.filter(pk=current.pk).first()
                raise ScoreConflict(
                    latest and latest.value,
                    latest.version if latest else 0,
                    _last_change(entry, "mark", component, judge),
                )
            mark = None if value is None else Mark.objects.get(pk=current.pk)
        ScoreChange.objects.create(
            event=event,
            entry=entry,
            component=component,
            field=ScoreChangeField.MARK,
            old_value=_fmt(old),
            new_value=_fmt(value),
            changed_by=judge,
            reason=clean_text(reason)[:500],
        )
        return mark


def entry_time_save(*, entry: Entry, by, value: Decimal | None, expected_version: int) -> Entry:
    """Save an entry's completion time (events with ``uses_time``) with the same version check.

    ``by`` must be a judge of the event (None: the command line). ``expected_version`` is the
    ``Entry.time_version`` the form showed.
    """
    with transaction.atomic():
        event = _lock_event_shared(entry.event_id)
        if event.scores_locked:
            raise ScoringLocked(_("成绩已锁定，不能修改"))
        if not event.uses_time:
            raise ScoringError(_("该赛项不记录用时"))
        if by is not None and not JudgeAssignment.objects.filter(event=event, user=by).exists():
            raise ScoringError(_("您不是该赛项的裁判"))
        _check_entry_open(entry)
        if value is not None:
            value = _check_time(value)
        current = Entry.objects.filter(pk=entry.pk).values("time_minutes", "time_version").get()
        if current["time_version"] != expected_version:
            raise ScoreConflict(current["time_minutes"], current["time_version"], _last_change(entry, "time"))
        old = current["time_minutes"]
        if old == value:
            return entry
        changed = Entry.objects.filter(pk=entry.pk, time_version=expected_version).update(
            time_minutes=value, time_version=F("time_version") + 1, updated_at=timezone.now()
        )
        if not changed:
            latest = Entry.objects.filter(pk=entry.pk).values("time_minutes", "time_version").get()
            raise ScoreConflict(latest["time_minutes"], latest["time_version"], _last_change(entry, "time"))
        ScoreChange.objects.create(
            event=event,
            entry=entry,
            field=ScoreChangeField.TIME,
            old_value=_fmt(old),
            new_value=_fmt(value),
            changed_by=by,
        )
        entry.time_minutes = value
        entry.time_version = expected_version + 1
        return entry


# --- import --------------------------------------------------------------------------------------


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
            event = _lock_event(event.pk)
        _require_manager(by, event)
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
                        "old_value": _fmt(old),
                        "new_value": _fmt(value),
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
                        "old_value": _fmt(old_time),
                        "new_value": _fmt(row.time),
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


# --- results -------------------------------------------------------------------------------------


@dataclass
class ComputeSummary:
    entries: int = 0
    ranked: int = 0
    unscored: int = 0  # registered entries without a complete score
    excluded: int = 0  # withdrawn or disqualified
    results_written: int = 0  # rows inserted or changed
    queries_note: str = ""


def _weights(event: Event, components: list[ScoreComponent]) -> dict[str, Decimal]:
    weights = {c.key: c.weight for c in components}
    if not components or sum(weights.values(), Decimal(0)) != 100:
        raise ScoringError(
            _("赛项“%(event)s”的成绩构成权重之和应为 100%%（现为 %(sum)s%%）")
            % {"event": event.name, "sum": _fmt(sum(weights.values(), Decimal(0)))}
        )
    return weights


def _trim_from(event: Event) -> int | None:
    trim = event.judge_trim_from
    if trim in (1, 2):
        raise ScoringError(_("“去掉最高最低分的裁判人数下限”应为 0（不去掉）或不少于 3"))
    return trim or None


def event_compute_results(*, event: Event, by=None) -> ComputeSummary:
    """Totals, ranks and prizes of every entry of ``event``, written back in bulk.

    1. component scores (see the module docstring) and total = Σ weight × score (pure functions);
    2. individual event: ranks by the database window query (``event_placings_db``, one query);
       team event: teams ranked by team score (sum of members' totals, best N), members share
       their team's rank and prize;
    3. prizes by ``allocate_prizes`` with the event's ratios;
    4. only rows that changed are written, in bulk (``bulk_create`` / ``bulk_update_rows``).

    Works on plain tuples rather than model instances: a 100 000-entry event is 100 000 rows.
    """
    from ..selectors_results import event_cascade

    with transaction.atomic():
        event = _lock_event(event.pk)
        if by is not None:
            _require_manager_or_chief(by, event)
        components = list(event.components.order_by("order", "id"))
        weights = _weights(event, components)
        trim_from = _trim_from(event)
        try:
            cascade = event_cascade(event)
        except ValueError as exc:
            raise ScoringError(_("“并列处理顺序”设置有误：%(error)s") % {"error": exc}) from exc

        judged: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
        imported: dict[tuple[int, int], Decimal] = {}
        marks = Mark.objects.filter(entry__event=event).values_list("entry_id", "component_id", "judge_id", "value")
        for entry_id, component_id, judge_id, value in marks.iterator(chunk_size=10000):
            if judge_id is None:
                imported[(entry_id, component_id)] = value
            else:
                judged[(entry_id, component_id)].append(value)

        # entry_id → [result pk, components, time, total, rank, tied, prize]
        stored_rows = Result.objects.filter(entry__event=event).values_list(
            "entry_id", "pk", "components", "time_minutes", "total", "rank", "tied", "prize"
        )
        results = {row[0]: list(row[1:]) for row in stored_rows.iterator(chunk_size=10000)}
        entries = Entry.objects.filter(event=event).values_list("pk", "status", "time_minutes", "team_id")
        summary = ComputeSummary()
        now = timezone.now()
        creates: list[Result] = []
        total_rows: list[tuple] = []
        status_of: dict[int, str] = {}
        team_of: dict[int, int | None] = {}
        for entry_id, status, time_minutes, team_id in entries.iterator(chunk_size=10000):
            summary.entries += 1
            status_of[entry_id] = status
            team_of[entry_id] = team_id
            scores: dict[str, Decimal | None] = {}
            for component in components:
                key = (entry_id, component.pk)
                if key in imported:
                    scores[component.key] = imported[key]
                else:
                    scores[component.key] = aggregate_marks(judged.get(key, ()), trim_from=trim_from)
            total = weighted_total(scores, weights)
            stored = {k: (None if v is None else _fmt(v)) for k, v in scores.items()}
            time = time_minutes if event.uses_time else None
            current = results.get(entry_id)
            if current is None:
                creates.append(
                    Result(
                        entry_id=entry_id,
                        components=stored,
                        time_minutes=time,
                        total=total,
                        created_at=now,
                        updated_at=now,
                    )
                )
            elif current[1] != stored or current[2] != time or current[3] != total:
                current[1:4] = stored, time, total
                total_rows.append((current[0], stored, time, total, now))
            if status != EntryStatus.REGISTERED:
                summary.excluded += 1
            elif total is None:
                summary.unscored += 1
        Result.objects.bulk_create(creates, batch_size=BULK_BATCH)
        for result in creates:
            results[result.entry_id] = [
                result.pk,
                result.components,
                result.time_minutes,
                result.total,
                None,
                False,
                Prize.NONE,
            ]
        bulk_update_rows(Result, ["components", "time_minutes", "total", "updated_at"], total_rows)

        ranked, rank_rows = _rank_and_award(event, results, status_of, team_of, now, cascade)
        summary.ranked = ranked
        summary.results_written = len(creates) + len({r[0] for r in total_rows} | {r[0] for r in rank_rows})
        Event.objects.filter(pk=event.pk).update(results_computed_at=now)
    return summary


def event_rank_results(*, event: Event) -> int:
    """Ranks and prizes from the totals already stored (steps 2–4 of ``event_compute_results``),
    for when only entries' statuses or the prize settings changed. Returns the rows written."""
    from ..selectors_results import event_cascade

    with transaction.atomic():
        event = _lock_event(event.pk)
        # Only what ranking needs (components and time stay in the database for the window query).
        rows = Result.objects.filter(entry__event=event).values_list("entry_id", "pk", "total", "rank", "tied", "prize")
        results = {
            entry_id: [pk, None, None, total, rank, tied, prize]
            for entry_id, pk, total, rank, tied, prize in rows.iterator(chunk_size=10000)
        }
        status_of, team_of = {}, {}
        for entry_id, status, team_id in Entry.objects.filter(event=event).values_list("pk", "status", "team_id"):
            status_of[entry_id], team_of[entry_id] = status, team_id
        _ranked, changes = _rank_and_award(event, results, status_of, team_of, timezone.now(), event_cascade(event))
    return len(changes)


def _rank_and_award(event: Event, results: dict[int, list], status_of, team_of, now, cascade):
    """Rank (database window query; teams in Python), allocate prizes, write the changed rows.

    ``results``: entry_id → [result pk, components, time, total, rank, tied, prize].
    """
    from ..selectors_results import event_placings_db, event_prize_rules

    rules = event_prize_rules(event)
    if event.kind == EventKind.TEAM:
        by_result = _team_placings(event, results, status_of, team_of, rules)
    else:
        placings = event_placings_db(event, cascade)
        prizes = allocate_prizes(placings, rules)
        by_result = {p.id: (p.rank, p.tied, Prize(prizes[p.id].value)) for p in placings}
    rows, ranked = [], 0
    unranked = (None, False, Prize.NONE)
    for entry_id, current in results.items():
        rank, tied, prize = by_result.get(current[0], unranked)
        if (current[4], current[5], current[6]) != (rank, tied, prize):
            current[4:7] = rank, tied, prize
            rows.append((current[0], rank, tied, prize, now))
        if rank is not None and status_of[entry_id] == EntryStatus.REGISTERED:
            ranked += 1
    bulk_update_rows(Result, ["rank", "tied", "prize", "updated_at"], rows)
    return ranked, rows


def _team_placings(event: Event, results: dict[int, list], status_of, team_of, rules):
    """Team event: rank teams by team score; every registered member gets the team's place."""
    members: dict[int, list[Decimal | None]] = {
        t: [] for t in Team.objects.filter(event=event).values_list("pk", flat=True)
    }
    for entry_id, current in results.items():
        team_id = team_of.get(entry_id)
        if team_id is not None and status_of[entry_id] == EntryStatus.REGISTERED:
            members.setdefault(team_id, []).append(current[3])
    totals = team_scores(members, event.team_best_n)
    placings = rank_competitors(
        [Competitor(team_id, total) for team_id, total in totals.items()], cascade=(TieBreak("total", True),)
    )
    prizes = allocate_prizes(placings, rules)
    team_place = {p.id: (p.rank, p.tied, Prize(prizes[p.id].value)) for p in placings}
    by_result = {}
    for entry_id, current in results.items():
        team_id = team_of.get(entry_id)
        if team_id in team_place and status_of[entry_id] == EntryStatus.REGISTERED:
            by_result[current[0]] = team_place[team_id]
    return by_result


def _require_manager_or_chief(by, event: Event) -> None:
    if user_is_organizer_of(by, event.competition.organizer):
        return
    if JudgeAssignment.objects.filter(event=event, user=by, is_chief=True).exists():
        return
    raise ScoringError(_("只有组织者或裁判长可以计算成绩"))


# --- lock, reopen, publish -----------------------------------------------------------------------


def event_lock_scores(*, event: Event, by, reason: str = "") -> ComputeSummary:
    """The chief judge (裁判长) signs the scores off: results are computed and no mark, time or
    import can change until an organiser reopens them. ``by`` None: the command line."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        if by is not None and not JudgeAssignment.objects.filter(event=event, user=by, is_chief=True).exists():
            raise ScoringError(_("只有该赛项的裁判长可以锁定成绩"))
        if event.scores_locked:
            raise ScoringError(_("成绩已经锁定"))
        summary = event_compute_results(event=event)
        now = timezone.now()
        Event.objects.filter(pk=event.pk).update(scores_locked=True, scores_locked_at=now, scores_locked_by=by)
        ScoreChange.objects.create(
            event=event,
            field=ScoreChangeField.LOCK,
            old_value=_("未锁定"),
            new_value=_("已锁定"),
            changed_by=by,
            reason=clean_text(reason)[:500],
        )
    return summary


def event_reopen_scores(*, event: Event, by, reason: str) -> None:
    """An organiser reopens locked scores for correction, with a recorded reason. Published
    results are withdrawn at the same time: the public must not read figures that may change."""
    reason = _require_reason(reason)
    with transaction.atomic():
        event = _lock_event(event.pk)
        _require_manager(by, event)
        if not event.scores_locked:
            raise ScoringError(_("成绩未锁定，无需重新开放"))
        if event.results_published:
            Event.objects.filter(pk=event.pk).update(results_published=False, results_published_at=None)
            ScoreChange.objects.create(
                event=event,
                field=ScoreChangeField.UNPUBLISH,
                old_value=_("已公布"),
                new_value=_("未公布"),
                changed_by=by,
                reason=_("重新开放评分：%(reason)s") % {"reason": reason},
            )
        Event.objects.filter(pk=event.pk).update(scores_locked=False, scores_locked_at=None, scores_locked_by=None)
        ScoreChange.objects.create(
            event=event,
            field=ScoreChangeField.REOPEN,
            old_value=_("已锁定"),
            new_value=_("未锁定"),
            changed_by=by,
            reason=reason,
        )


def event_publish_results(*, event: Event, by) -> ComputeSummary:
    """Publish the event's results (public page, results book marked 已公布). Scores must be
    locked; the results are computed once more in the same transaction, so what is published is
    exactly what the locked scores give."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        _require_manager(by, event)
        if not event.scores_locked:
            raise ScoringError(_("成绩锁定后才能公布：请裁判长先锁定成绩"))
        if event.results_published:
            raise ScoringError(_("成绩已经公布"))
        summary = event_compute_results(event=event)
        Event.objects.filter(pk=event.pk).update(results_published=True, results_published_at=timezone.now())
        ScoreChange.objects.create(
            event=event, field=ScoreChangeField.PUBLISH, old_value=_("未公布"), new_value=_("已公布"), changed_by=by
        )
    return summary


def event_unpublish_results(*, event: Event, by, reason: str) -> None:
    reason = _require_reason(reason)
    with transaction.atomic():
        event = _lock_event(event.pk)
        _require_manager(by, event)
        if not event.results_published:
            raise ScoringError(_("成绩尚未公布"))
        Event.objects.filter(pk=event.pk).update(results_published=False, results_published_at=None)
        ScoreChange.objects.create(
            event=event,
            field=ScoreChangeField.UNPUBLISH,
            old_value=_("已公布"),
            new_value=_("未公布"),
            changed_by=by,
            reason=reason,
        )


# --- settings and judges -------------------------------------------------------------------------

SCORING_SETTINGS = (
    "judge_trim_from",
    "uses_time",
    "tie_break",
    "first_prize_ratio",
    "second_prize_ratio",
    "third_prize_ratio",
    "merit_to_half",
    "min_field",
    "team_best_n",
)


def event_update_scoring_settings(*, event: Event, by, **values: Any) -> Event:
    """Change how an event is scored (trimming, time, tie-break, prize ratios, team best N).

    Refused once the scores are locked: the settings decide the results being signed off.
    """
    unknown = set(values) - set(SCORING_SETTINGS)
    if unknown:
        raise TypeError(f"unknown scoring settings: {sorted(unknown)}")
    with transaction.atomic():
        event = _lock_event(event.pk)
        _require_manager(by, event)
        if event.scores_locked:
            raise ScoringLocked(_("成绩已锁定，不能修改评分设置"))
        for name, value in values.items():
            setattr(event, name, value)
        event.save(update_fields=[*values, "updated_at"])
    return event


def judge_assign(
    *, event: Event, user, by, is_chief: bool = False, components: Iterable[ScoreComponent] = ()
) -> JudgeAssignment:
    """Assign (or update) a judge of the event; making one the chief judge demotes the previous one."""
    components = list(components)
    if any(c.event_id != event.pk for c in components):
        raise ScoringError(_("成绩构成不属于该赛项"))
    with transaction.atomic():
        event = _lock_event(event.pk)
        _require_manager(by, event)
        if is_chief:
            JudgeAssignment.objects.filter(event=event, is_chief=True).exclude(user=user).update(is_chief=False)
        assignment, _created = JudgeAssignment.objects.update_or_create(
            event=event, user=user, defaults={"is_chief": is_chief}
        )
        assignment.components.set(components)
    return assignment


def judge_unassign(*, assignment: JudgeAssignment, by) -> None:
    with transaction.atomic():
        event = _lock_event(assignment.event_id)
        _require_manager(by, event)
        if Mark.objects.filter(entry__event=event, judge=assignment.user_id).exists():
            raise ScoringError(_("该裁判已有评分记录，不能移除"))
        assignment.delete()
