"""What the competitions services share: their errors, the permission checks, event locks.

Permission policy (one for every service of the app): each service takes keyword-only ``by``, the
acting user, or None for the command line (full internal access), and checks it itself, raising
``NotAllowed`` (403). Finding the object in the user's scope (404 otherwise) is the selectors' job.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.db.models import Case, Count, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError, NotAllowed
from core.text import clean_text
from directory.models import Organization
from directory.selectors import user_is_organizer_of

from ..models import Competition, Entry, EntryStatus, Event, ScoreChange, ScoreComponent

TWO_PLACES = Decimal("0.01")


class ScoringError(DomainError):
    """A scoring write that cannot be done; the message (Chinese) is shown to the user."""


class ScoringLocked(ScoringError):
    """The event's scores are locked (signed off by the chief judge)."""


class ScoreConflict(Conflict):
    """Somebody saved the same mark or time since the user loaded it.

    ``current_value``/``current_version``: what is stored now; ``last_change``: the ScoreChange
    that made it so (who and when), when there is one.
    """

    def __init__(self, current_value: Decimal | None, current_version: int, last_change: ScoreChange | None = None):
        self.current_value = current_value
        self.current_version = current_version
        self.last_change = last_change
        super().__init__(_("已被他人修改，请刷新"))


# --- permission -------------------------------------------------------------------------------------


def require_organizer_of(by, organization: Organization) -> None:
    """``by`` must be an organiser (管理员/组织者) of ``organization`` or of one above it."""
    if by is not None and not user_is_organizer_of(by, organization):
        raise NotAllowed(_("只有主办单位的组织者可以进行此操作"))


def require_organizer(by, competition: Competition) -> None:
    """Registration and scoring management: organisers of the competition's organiser only."""
    require_organizer_of(by, competition.organizer)


def require_manager(by, event: Event) -> None:
    """``by`` None is the command line / system, which has full internal access."""
    require_organizer(by, event.competition)


def actor(by):
    """The user to record for a write: None for the command line (and for an anonymous user)."""
    return by if getattr(by, "pk", None) else None


# --- 报名人数 (Event.registered_count) ----------------------------------------------------------------


def registered_count_add(changes: dict[int, int]) -> None:
    """Add ``{event id: change}`` to the events' 报名人数 (entries 已报名), in the caller's transaction.

    Every writer of entries calls it with what it changed: a new registered entry +1, a withdrawal
    or disqualification −1, a reinstatement +1. The caller holds the event's lock already (entries
    are registered, withdrawn and reinstated under it), so this takes no new lock."""
    changes = {pk: n for pk, n in changes.items() if n}
    if not changes:
        return
    if len(changes) == 1:
        ((pk, n),) = changes.items()
        Event.objects.filter(pk=pk).update(registered_count=F("registered_count") + n)
        return
    delta = Case(*(When(pk=pk, then=Value(n)) for pk, n in changes.items()), default=Value(0))
    Event.objects.filter(pk__in=changes).update(registered_count=F("registered_count") + delta)


def registered_count_refresh(events=None) -> None:
    """Count the 报名人数 of ``events`` (a queryset or ids; None: every event) again from their entries:
    for rows written outside the services (the admin, the demo and scale data builders)."""
    qs = Event.objects.all() if events is None else Event.objects.filter(pk__in=events)
    counted = (
        Entry.objects.filter(event=OuterRef("pk"), status=EntryStatus.REGISTERED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs.update(registered_count=Coalesce(Subquery(counted), 0))


# --- scoring helpers --------------------------------------------------------------------------------


def fmt(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(TWO_PLACES)}"


def last_change(entry: Entry, field: str, component: ScoreComponent | None = None, judge=None) -> ScoreChange | None:
    qs = ScoreChange.objects.filter(entry=entry, field=field).select_related("changed_by")
    if component is not None:
        qs = qs.filter(component=component)
    if judge is not None:
        qs = qs.filter(changed_by=judge)
    return qs.order_by("-changed_at", "-id").first()


def lock_event_shared(event_id: int) -> Event:
    """Read the event so that locking it waits for this transaction.

    On PostgreSQL ``FOR SHARE``: marks of one event can be saved concurrently (their own version
    check decides conflicts), but ``event_lock_scores`` (``FOR UPDATE``) waits until they commit,
    so no mark slips in after the lock. SQLite serialises writers anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {Event._meta.db_table} WHERE id = %s FOR SHARE", [event_id])  # noqa: S608
    return Event.objects.get(pk=event_id)


def lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().select_related("competition__organizer").get(pk=event_id)


def require_reason(reason: str) -> str:
    reason = clean_text(reason)
    if not reason:
        raise ScoringError(_("请填写原因"), fields={"reason": _("请填写原因")})
    return reason[:500]


def check_entry_open(entry: Entry) -> None:
    # The status as stored now: the caller's instance may predate a withdrawal.
    status = Entry.objects.filter(pk=entry.pk).values_list("status", flat=True).first()
    if status == EntryStatus.WITHDRAWN:
        raise ScoringError(_("该选手已退赛，不能评分"))
    if status == EntryStatus.DISQUALIFIED:
        raise ScoringError(_("该选手已被取消资格，不能评分"))


def full_clean(obj, *, exclude=None) -> None:
    """Model validation as a DomainError: each field's messages beside the field, the first on top."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        fields = {name: list(messages) for name, messages in exc.message_dict.items()}
        first = next((m for messages in fields.values() for m in messages), "数据有误")
        raise DomainError(first, fields={k: v for k, v in fields.items() if k != NON_FIELD_ERRORS}) from exc
