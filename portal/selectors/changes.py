"""变更记录: the change history of the audited models (core.history), read across the apps.

Who may read it: organisation admins (管理员, and superusers). Which rows: those of records whose
organisation — reached from the history row itself, so that a deleted record keeps its history —
lies in the reader's scope (``directory.selectors.scope``); an object outside it answers 404.
What is shown: who, when, and each changed field (its Chinese verbose name) from what to what,
against the previous history row of the same record; ID numbers, phones and contacts masked
unless the reader organises (管理员/组织者) the record's organisation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Award, Campaign, Nomination, Objection
from competitions.models import Competition, Entry, Event, Mark, Result
from core.idcard import mask_id_number, mask_phone
from directory.models import Membership, Organization, Person, Role
from directory.selectors import membership_roots, organizer_paths, path_within, visible_paths


@dataclass(frozen=True)
class Audited:
    """One audited model as the 变更记录 page knows it."""

    key: str
    model: type[models.Model]
    # Lookups from the history row to the organisations that own the record ("" = the record itself,
    # an organisation): the row is in the reader's scope when one of them is.
    orgs: tuple[str, ...]
    # Readable only by organisers (管理员/组织者) of those organisations, not by their viewers.
    organisers_only: bool = False

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def history(self) -> type[models.Model]:
        return self.model.history.model


AUDITED = (
    Audited("organization", Organization, ("",)),
    Audited("person", Person, ("employer",)),
    Audited("membership", Membership, ("organization",)),
    Audited("competition", Competition, ("organizer",)),
    Audited("event", Event, ("competition__organizer",)),
    Audited("entry", Entry, ("event__competition__organizer", "delegation")),
    Audited("mark", Mark, ("entry__event__competition__organizer", "entry__delegation")),
    Audited("result", Result, ("entry__event__competition__organizer", "entry__delegation")),
    Audited("campaign", Campaign, ("conferring_org",)),
    Audited("nomination", Nomination, ("campaign__conferring_org", "nominating_org")),
    # The objector's name and contact: the conferring union's organisers only (not the nominee's unit).
    Audited("objection", Objection, ("nomination__campaign__conferring_org",), organisers_only=True),
    Audited("award", Award, ("conferring_org", "person__employer", "organization")),
)
BY_KEY = {a.key: a for a in AUDITED}
# A record's 变更记录 also lists the changes of the records that belong to it: an entry's marks and
# result, a nomination's objections (each still scoped on its own).
PARTS = {"entry": (("mark", "entry"), ("result", "entry")), "nomination": (("objection", "nomination"),)}
BY_MODEL = {a.model: a for a in AUDITED}

# Never shown: keys, bookkeeping and the objector's fingerprint.
HIDDEN_FIELDS = {"id", "created_at", "updated_at", "version", "time_version", "client_hash"}
ID_FIELDS = {"id_number"}
PHONE_FIELDS = {"phone", "contact"}
HIDDEN_UNLESS_FULL = {"birth_date"}
META_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}

ACTIONS = {"+": _("新建"), "~": _("修改"), "-": _("删除")}

# The relations each model's ``__str__`` reads: the page names records with it, a page of them at a time.
LABEL_RELATED = {
    Membership: ("user", "organization"),
    Entry: ("person", "event"),
    Mark: ("entry__person", "entry__event", "component"),
    Result: ("entry__person", "entry__event"),
    Nomination: ("honor_type", "person", "organization"),
    Award: ("honor_type",),
}


def may_read_changes(user) -> bool:
    """Organisation admins (管理员 somewhere) and superusers."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(membership_roots(user, [Role.ADMIN]))  # the request's memberships


def require_reader(user) -> None:
    if not may_read_changes(user):
        raise Http404


def changes_url(key: str, pk: int) -> str:
    """The 变更记录 page filtered to one record."""
    return reverse("portal:change_list") + f"?type={key}&id={pk}"


# The record's own page, for the kinds that have one addressed by the record's key alone.
OBJECT_PAGES = {
    "organization": "portal:organization_detail",
    "person": "portal:person_detail",
    "campaign": "awards:campaign_detail",
    "nomination": "awards:nomination_detail",
    "award": "awards:award_detail",
}


def object_page(key: str, pk: int) -> str | None:
    name = OBJECT_PAGES.get(key)
    return reverse(name, args=[pk]) if name else None


def _org_alias(i: int) -> str:
    return f"_org{i}"


def _with_org_paths(audited: Audited, qs: QuerySet, *, live: bool = False) -> QuerySet:
    """Annotate each history row (``live``: each record) with the path of each organisation that owns it."""
    annotations = {}
    for i, lookup in enumerate(audited.orgs):
        if lookup:
            annotations[_org_alias(i)] = F(f"{lookup}__path")
        elif live:
            annotations[_org_alias(i)] = F("path")
        else:
            annotations[_org_alias(i)] = Subquery(Organization.objects.filter(pk=OuterRef("id")).values("path")[:1])
    return qs.annotate(**annotations)


def _within(audited: Audited, roots: tuple[str, ...] | None) -> Q | None:
    if roots is None:
        return None
    cond = Q(pk__in=[])
    for i in range(len(audited.orgs)):
        for root in roots:
            cond |= Q(**{f"{_org_alias(i)}__startswith": root})
    return cond


def _reader_roots(user, audited: Audited) -> tuple[str, ...] | None:
    return organizer_paths(user) if audited.organisers_only else visible_paths(user)


def scoped_history(user, audited: Audited) -> QuerySet:
    """The history rows of ``audited`` the user may read."""
    qs = _with_org_paths(audited, audited.history.objects.all())
    cond = _within(audited, _reader_roots(user, audited))
    return qs if cond is None else qs.filter(cond)


def record_in_scope(user, audited: Audited, pk: int) -> bool:
    """Whether the record exists now and lies in the user's scope (it may have no history row yet:
    records loaded from fixtures)."""
    qs = _with_org_paths(audited, audited.model._default_manager.filter(pk=pk), live=True)
    cond = _within(audited, _reader_roots(user, audited))
    return (qs if cond is None else qs.filter(cond)).exists()


def record_label(kind: str, pk: int) -> str:
    """How the page names one record: as it is now, or as its last history row left it."""
    audited = BY_KEY[kind]
    obj = audited.model._default_manager.filter(pk=pk).first()
    if obj is not None:
        return str(obj)
    last = audited.history.objects.filter(id=pk).order_by("-history_id").first()
    return _label_from_history(last) if last is not None else f"#{pk}"


def history_users(user) -> QuerySet:
    """The people who may appear as 操作人 in the reader's filter: members of organisations in scope."""
    users = get_user_model().objects.order_by("username")
    roots = visible_paths(user)
    if roots is None:
        return users
    cond = Q(pk__in=[])
    for root in roots:
        cond |= Q(memberships__organization__path__startswith=root)
    return users.filter(cond).distinct()


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ChangeRow:
    audited: Audited
    record: models.Model
    action: str
    when: dt.datetime
    who: object
    object_label: str
    changes: list[FieldChange] = field(default_factory=list)
    first_known: bool = False  # no earlier history row: the old values are not known

    @property
    def kind(self) -> str:
        return self.audited.label

    @property
    def object_pk(self) -> int:
        return self.record.id

    @property
    def filter_url(self) -> str:
        return changes_url(self.audited.key, self.record.id)

    @property
    def action_label(self) -> str:
        return str(ACTIONS.get(self.action, self.action))


def change_page_keys(user, *, kind: str | None, pk: int | None, by_user_id: int | None) -> QuerySet:
    """(history_id, history_date, kind) of the matching rows, newest first: one UNION over the kinds.

    With ``kind`` and ``pk`` (one record), a record with no history row the user may read is a 404.
    """
    selections: list[tuple[Audited, dict]] = []
    if kind and pk is not None:
        selections.append((BY_KEY[kind], {"id": pk}))
        selections += [(BY_KEY[part], {f"{fk}_id": pk}) for part, fk in PARTS.get(kind, ())]
    else:
        selections = [(a, {}) for a in ([BY_KEY[kind]] if kind else AUDITED)]
    parts = []
    for audited, filters in selections:
        qs = scoped_history(user, audited).filter(**filters).order_by()
        if by_user_id is not None:
            qs = qs.filter(history_user_id=by_user_id)
        parts.append(
            qs.annotate(audited_kind=Value(audited.key, output_field=models.CharField())).values_list(
                "history_id", "history_date", "audited_kind"
            )
        )
    if kind and pk is not None and not record_in_scope(user, BY_KEY[kind], pk) and not parts[0].exists():
        raise Http404
    keys = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True)
    return keys.order_by("-history_date", "-history_id")


def change_rows(user, keys: Iterable[tuple[int, dt.datetime, str]]) -> list[ChangeRow]:
    """The page's rows with their field changes: per kind, one query for the rows (with the id of
    each one's previous row), one for those previous rows, one per related model shown."""
    keys = list(keys)
    ids_by_kind: dict[str, list[int]] = defaultdict(list)
    for history_id, _when, kind in keys:
        ids_by_kind[kind].append(history_id)
    full_roots = organizer_paths(user)
    rows: dict[tuple[str, int], ChangeRow] = {}
    pending: list[tuple[ChangeRow, models.Model | None, bool]] = []
    for kind, ids in ids_by_kind.items():
        audited = BY_KEY[kind]
        hist = audited.history
        previous = hist.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")).order_by(
            "-history_id"
        )
        records = list(
            _with_org_paths(audited, hist.objects.filter(history_id__in=ids))
            .select_related("history_user")
            .annotate(prev_id=Subquery(previous.values("history_id")[:1]))
        )
        prevs = {p.history_id: p for p in hist.objects.filter(history_id__in=[r.prev_id for r in records if r.prev_id])}
        for record in records:
            paths = [getattr(record, _org_alias(i)) for i in range(len(audited.orgs))]
            full = full_roots is None or any(path_within(path, full_roots) for path in paths)
            row = ChangeRow(
                audited=audited,
                record=record,
                action=record.history_type,
                when=record.history_date,
                who=record.history_user,
                object_label="",
            )
            rows[(kind, record.history_id)] = row
            pending.append((row, prevs.get(record.prev_id), full))
    _fill_changes(pending)
    return [rows[(kind, history_id)] for history_id, _when, kind in keys if (kind, history_id) in rows]


def _shown_fields(hist) -> list[models.Field]:
    return [f for f in hist._meta.concrete_fields if f.name not in META_FIELDS and f.name not in HIDDEN_FIELDS]


def _fill_changes(pending: list[tuple[ChangeRow, models.Model | None, bool]]) -> None:
    # Related records named in the changes, fetched once per model for the whole page.
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for row, prev, _full in pending:
        for f in _shown_fields(type(row.record)):
            if f.is_relation:
                for rec in (row.record, prev):
                    if rec is not None and getattr(rec, f.attname) is not None:
                        wanted[f.related_model].add(getattr(rec, f.attname))
        wanted[row.audited.model].add(row.record.id)
    names = {
        model: {
            obj.pk: str(obj)
            for obj in model._default_manager.filter(pk__in=pks).select_related(*LABEL_RELATED.get(model, ()))
        }
        for model, pks in wanted.items()
    }
    for row, prev, full in pending:
        record = row.record
        row.object_label = names[row.audited.model].get(record.id) or _label_from_history(record)
        row.first_known = prev is None and row.action == "~"
        if row.action == "-":
            continue
        for f in _shown_fields(type(record)):
            new = getattr(record, f.attname)
            old = getattr(prev, f.attname) if prev is not None else None
            if prev is not None and old == new:
                continue
            if prev is None and _empty(new):
                continue
            row.changes.append(
                FieldChange(
                    label=str(row.audited.model._meta.get_field(f.name).verbose_name),
                    old="" if prev is None else _display(f, old, full, names),
                    new=_display(f, new, full, names),
                )
            )


def _label_from_history(record) -> str:
    for name in ("name", "recipient_name"):
        value = getattr(record, name, None)
        if value:
            return str(value)
    return f"#{record.id}（已删除）"


def _empty(value) -> bool:
    return value is None or value == "" or value is False or value == [] or value == {}


def _display(f: models.Field, value, full: bool, names: dict) -> str:
    if _empty(value) and not isinstance(value, bool):
        return "—"
    if f.name in ID_FIELDS:
        return str(value) if full else mask_id_number(value)
    if f.name in PHONE_FIELDS:
        return str(value) if full else mask_phone(value)
    if f.name in HIDDEN_UNLESS_FULL and not full:
        return "（已隐藏）"
    if f.is_relation:
        return names.get(f.related_model, {}).get(value) or f"#{value}"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
