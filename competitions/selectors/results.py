"""Results: staleness, the ranking window query, the rows of the results page and book, the public rows.

The ranking of an individual event runs in the database as one window query
(``event_placings_db``) and gives exactly what the pure ``competitions.rules.rank_competitors``
gives for the same rows (tests/scoring_db/test_db_ranking.py checks both on SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Func, Max, OuterRef, QuerySet, Subquery
from django.db.models.expressions import Window
from django.db.models.functions import Rank
from django.urls import reverse
from django.utils.translation import gettext as _

from core.pagecache import last_changes
from directory.models import Organization, Person
from directory.selectors import person_name_q

from ..models import (
    Competition,
    Entry,
    EntryStatus,
    Event,
    Prize,
    Result,
    ScoreChange,
)
from ..rules import (
    EligibilityRule,
    Placing,
    TieBreak,
    eligible_for,
)
from .eligibility import competition_eligibility_rules, result_facts
from .events import event_cascade, event_components


def results_are_stale(event: Event) -> bool:
    """True when a score, a time or an entry's status changed after the results were computed."""
    return event.pk in events_with_stale_results([event])


def events_with_stale_results(events: list[Event]) -> set[int]:
    """The ids of the events whose results are stale (``results_are_stale``): at most three queries
    whatever the number of events (a results book checks each of its sheets)."""
    never = [e.pk for e in events if e.results_computed_at is None]
    computed = {e.pk: e.results_computed_at for e in events if e.results_computed_at is not None}
    stale = set()
    if never:  # never computed: stale as soon as there is an entry
        stale |= set(Entry.objects.filter(event__in=never).values_list("event_id", flat=True).distinct())
    if computed:
        changes = (
            ScoreChange.objects.filter(event__in=computed, field__in=["mark", "import", "time"])
            .values_list("event_id")
            .annotate(m=Max("changed_at"))
        )
        entries = Entry.objects.filter(event__in=computed).values_list("event_id").annotate(m=Max("updated_at"))
        for rows in (changes, entries):
            stale |= {pk for pk, last in rows.order_by() if last is not None and last > computed[pk]}
    return stale


# Component scores live in Result.components as strings ("91.25"); wide enough for any max_score.
_SCORE = DecimalField(max_digits=9, decimal_places=2)


class JSONScore(Func):
    """The number stored under ``key`` in a JSON column (as a string or a number), as a column.

    NULL when the key is absent or JSON null. (Django's KeyTextTransform gives the text 'null'
    for a JSON null on SQLite, which CAST would turn into 0.)
    """

    output_field = _SCORE

    def __init__(self, column: str, key: str):
        if not key.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"component key must be a slug: {key!r}")
        self.key = key
        super().__init__(F(column))

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(({sql} ->> %s) AS numeric)", (*params, self.key)

    def as_sqlite(self, compiler, connection, **extra_context):
        # The path as a literal (the key is a slug: no quote), not a parameter: SQLite sorts once for
        # windows whose ORDER BY reads the same text, and two parameters never read the same.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(JSON_EXTRACT({sql}, '$.\"{self.key}\"') AS NUMERIC)", params


def _order_expression(tie_break: TieBreak):
    if tie_break.field == "total":
        expression = F("total")
    elif tie_break.field == "time":
        expression = F("time_minutes")
    else:
        key = tie_break.field.removeprefix("component:")
        expression = JSONScore("components", key)
    # A missing value sorts last in either direction, as in the pure ranking.
    return expression.desc(nulls_last=True) if tie_break.descending else expression.asc(nulls_last=True)


def rankable_results(event: Event) -> QuerySet:
    """Results of the event's entries that take part in the ranking: status 已报名 and a total."""
    return Result.objects.filter(entry__event=event, entry__status=EntryStatus.REGISTERED, total__isnull=False)


def ranked_results(event: Event, cascade: tuple[TieBreak, ...] | None = None) -> QuerySet:
    """``rankable_results`` annotated with ``computed_rank`` (RANK() OVER …).

    Standard competition ranks (1, 2, 2, 4): equal on every key of the cascade, including both
    missing, is a tie.
    """
    cascade = event_cascade(event) if cascade is None else cascade
    order = [_order_expression(tb) for tb in cascade]
    return (
        rankable_results(event)
        .annotate(computed_rank=Window(expression=Rank(), order_by=order))
        .order_by("computed_rank", "pk")
    )


def ranked_results_sql(event: Event, cascade: tuple[TieBreak, ...], connection) -> tuple[str, tuple]:
    """``SELECT result id, rank, rows up to the last one tied with it`` of ``ranked_results`` as SQL
    and parameters, for a statement that writes the ranks in the database (``services.results``):
    the same window query, not a copy. The third column exceeds the rank exactly when the rank is
    shared (a tie), from the same window and so the same sort."""
    order = [_order_expression(tb) for tb in cascade]
    query = (
        ranked_results(event, cascade)
        .annotate(upto=Window(expression=Count("pk"), order_by=order))
        .order_by()
        .values_list("pk", "computed_rank", "upto")
        .query
    )
    return query.get_compiler(connection=connection).as_sql()


def event_placings_db(event: Event, cascade: tuple[TieBreak, ...] | None = None) -> list[Placing]:
    """Placings (id = Result pk) of an individual event, ranked by the database in one query."""
    rows = list(ranked_results(event, cascade).values_list("pk", "computed_rank"))
    counts = Counter(rank for _pk, rank in rows)
    return [Placing(pk, rank, counts[rank] > 1) for pk, rank in rows]


@dataclass
class ResultRow:
    entry: Entry
    result: Result | None
    scores: list[Decimal | None]  # in component order
    note: str  # 并列 / 已退赛 / 取消资格：原因 / 未完成评分
    ranked: bool
    eligibility: list[EligibilityRule] = field(default_factory=list)

    @property
    def rank(self) -> int | None:
        return self.result.rank if self.ranked and self.result else None

    @property
    def total(self) -> Decimal | None:
        return self.result.total if self.result else None

    @property
    def prize(self) -> str:
        if not self.ranked or self.result is None or self.result.prize == Prize.NONE:
            return ""
        return self.result.get_prize_display()

    @property
    def time(self) -> Decimal | None:
        return self.result.time_minutes if self.result and self.result.time_minutes is not None else None


def _decimal_or_none(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value))


def event_result_rows(event: Event, *, with_eligibility: bool = False) -> list[ResultRow]:
    """Every entry of the event, ranked first (by rank, then bib), then the unranked ones:
    registered without a complete score, then withdrawn, then disqualified."""
    return events_result_rows([event], with_eligibility=with_eligibility)[event.pk]


def events_result_rows(events: list[Event], *, with_eligibility: bool = False) -> dict[int, list[ResultRow]]:
    """``event_result_rows`` of each event, by event id: one query for their entries whatever their
    number (a results book has a sheet per event); prefetch the events' components to read them once."""
    entries: dict[int, list[Entry]] = defaultdict(list)
    for entry in (
        Entry.objects.filter(event__in=events)
        .select_related("person__employer", "delegation", "team", "result")
        .order_by("bib", "pk")
    ):
        entries[entry.event_id].append(entry)
    return {e.pk: _result_rows(e, entries[e.pk], with_eligibility) for e in events}


def _result_rows(event: Event, entries: list[Entry], with_eligibility: bool) -> list[ResultRow]:
    components = event_components(event)
    rules: list[EligibilityRule] = []
    if with_eligibility:
        rules, _errors = competition_eligibility_rules(event.competition)
    rows = []
    for entry in entries:
        result = getattr(entry, "result", None)
        ranked = entry.status == EntryStatus.REGISTERED and result is not None and result.rank is not None
        scores = [_decimal_or_none((result.components or {}).get(c.key)) if result else None for c in components]
        if entry.status == EntryStatus.WITHDRAWN:
            note = _("已退赛")
        elif entry.status == EntryStatus.DISQUALIFIED:
            note = _("取消资格") + (f"：{entry.status_reason}" if entry.status_reason else "")
        elif not ranked:
            note = _("未完成评分")
        elif result.tied:
            note = _("并列")
        else:
            note = ""
        row = ResultRow(entry, result, scores, note, ranked)
        if with_eligibility and ranked and rules:
            row.eligibility = eligible_for(result_facts(result, entry=entry, event=event), rules)
        rows.append(row)
    status_order = {EntryStatus.REGISTERED: 0, EntryStatus.WITHDRAWN: 1, EntryStatus.DISQUALIFIED: 2}
    big = 1 << 62
    rows.sort(key=lambda r: (not r.ranked, status_order.get(r.entry.status, 3), r.rank or big))
    return rows


# People a public name search looks at (a name of three characters matches a few dozen in a province).
NAME_MATCHES_SEARCHED = 2000


def public_results(event: Event, term: str = "") -> QuerySet:
    """The ranked results of the public page, by rank (then bib): only what may be published — rank,
    name, delegation (and team), total, prize; no ID number, phone, birth date or employer detail.
    ``term``: a bib (Latin letters and digits, exact) or a name (directory.selectors.person_name_q)."""
    ranked = (
        Result.objects.filter(rank__isnull=False, entry__status=EntryStatus.REGISTERED)
        .select_related("entry__person", "entry__delegation", "entry__team")
        .order_by("rank", "entry__bib", "pk")
    )
    term = (term or "").strip()
    if not term:
        # ``event`` on the result itself: the (event, rank) index yields the screen in order, each
        # row's entry looked up for its status, instead of joining and sorting every entry of the event
        return ranked.filter(event=event)
    if term.isascii() and term.isalnum():
        return ranked.filter(entry__event=event, entry__bib=term)
    # A name: the people it matches (the name index), their entries (the person index), kept to this
    # event here rather than in SQL, where SQLite (no statistics) would rather walk the event's
    # 100 000 entries than look up the few people named.
    named = Person.objects.filter(person_name_q(term)).order_by().values_list("pk", flat=True)
    people = list(named[:NAME_MATCHES_SEARCHED])
    entries = [pk for pk, event_id in Entry.objects.filter(person__in=people).order_by().values_list("pk", "event_id")
               if event_id == event.pk]
    return ranked.filter(entry__in=entries)


def public_result_rows_by_id(ids: list[int]) -> QuerySet:
    """The results ``ids`` (one screen of ``public_results``) with what their rows show."""
    return Result.objects.filter(pk__in=ids).select_related("entry__person", "entry__delegation", "entry__team")


def public_row(result: Result) -> dict:
    return {
        "rank": result.rank,
        "tied": result.tied,
        "name": result.entry.person.name,
        "delegation": result.entry.delegation.name,
        "team": result.entry.team.name if result.entry.team_id else "",
        "total": result.total,
        "prize": result.get_prize_display() if result.prize != Prize.NONE else "",
    }


def public_ranked_count(event: Event) -> int:
    """How many rows ``public_results(event)`` lists, from two index counts: the ranked results of
    the event (the (event, rank) index alone) less those whose entry is no longer registered (few,
    found from the entries' (event, status) index) — not a join over every entry of the event.

    Each of those few entries looks its result up by a scalar subquery (the result's entry index):
    as a join, PostgreSQL would rather hash every ranked result of the event (3× slower)."""
    ranked = Result.objects.filter(event=event, rank__isnull=False).count()
    not_registered = [status for status in EntryStatus.values if status != EntryStatus.REGISTERED]
    result_rank = Subquery(Result.objects.filter(entry=OuterRef("pk")).order_by().values("rank")[:1])
    gone = (
        Entry.objects.filter(event=event, status__in=not_registered)
        .alias(result_rank=result_rank)
        .filter(result_rank__isnull=False)
        .count()
    )
    return ranked - gone


def public_results_stamps(event: Event) -> tuple:
    """Stamps of everything the public page of ``event`` shows (``core.pagecache``): its publication,
    computation and edits (the event's row, read with it), and the newest change of every model its
    rows come from — a withdrawal, a renamed person or delegation, a changed entry."""
    return (
        event.pk,
        event.results_published_at,
        event.results_computed_at,
        event.updated_at,
        event.competition.updated_at,
        *last_changes(Competition, Event, Entry, Result, Person, Organization),
    )


def public_unranked_count(event: Event, ranked: int) -> int:
    """How many entries of the event take no part in the ranking (withdrawn, disqualified, not
    finished): all entries (counted on the (event, status) index) less the ``ranked`` ones."""
    return Entry.objects.filter(event=event).count() - ranked


def public_result_rows(event: Event) -> tuple[list[dict], int]:
    """(every row, number not ranked) of the public page at once (small events, tests)."""
    rows = [public_row(r) for r in public_results(event)]
    return rows, public_unranked_count(event, len(rows))


def publish_preview(event: Event) -> dict:
    """What 公布成绩 makes public for ``event``: the public page's address, how many entries are listed
    (ranked), how many are not (withdrawn, disqualified, incomplete), and the prizes by level."""
    ranked = Result.objects.filter(entry__event=event, entry__status=EntryStatus.REGISTERED, rank__isnull=False)
    prizes = dict(
        ranked.exclude(prize=Prize.NONE).order_by().values("prize").annotate(n=Count("pk")).values_list("prize", "n")
    )
    listed = public_ranked_count(event)  # the figures the public page will show
    return {
        "url": reverse("competitions:public_event_results", args=[event.competition.slug, event.pk]),
        "listed": listed,
        "unranked": public_unranked_count(event, listed),
        "prizes": [(label, prizes[value]) for value, label in Prize.choices if value in prizes],
    }
