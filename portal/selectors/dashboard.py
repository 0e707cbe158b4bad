"""The 统计看板 (dashboard) of one organisation and its subtree, and the facts of its annual summary.

Every number is counted in the database (GROUP BY over the subtree's materialised-path prefix):
a fixed number of queries whatever the number of entries and awards — thirteen for the counts, plus
six per current campaign shown (at most ``MAX_CAMPAIGNS``), whose places and shares come from the
campaign check the campaign page uses (awards.selectors.checks.campaign_check).

Honours are counted from two sources, as on the 统计表: awards with names (revoked ones excluded)
and AwardTally rows (documents that give numbers only, e.g. 廊坊 2024 省劳动模范 49名). For one
honour in one year the larger of the two counts (a tally is the document's total; the names may be
a part of it): where no names are recorded the tally is the count.

Each panel carries its table (the numbers beside its chart, with the drill-down link of every
cell: the 表彰记录 list or a competition's 报名名单 with the matching filters) and its chart series.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from awards.models import (
    Award,
    AwardStatus,
    AwardTally,
    Campaign,
    CampaignStatus,
    HonorType,
    RecipientKind,
)
from awards.rules.composition import format_share
from awards.selectors.checks import campaign_check
from awards.selectors.statistics import PATH_SEGMENT
from competitions.models import (
    LEVEL_RANK,
    Competition,
    CompetitionKind,
    Entry,
    EntryStatus,
    Event,
    Level,
    Prize,
)
from directory.models import Organization, OrgKind
from directory.selectors import membership_roots, organization_list_visible

from ..rules.summary import HonourLine, SummaryFacts, summary_paragraph

MAX_CAMPAIGNS = 5  # current campaigns shown (newest first)
MAX_EVENTS = 20  # events on the prize chart (most entries first)
MAX_UNITS = 20  # units on each ranking
RULE_STATES = {"ok": "符合", "advisory": "未达（提示）", "overridden": "未达（已说明理由）", "failed": "未达"}
PRIZES = (Prize.FIRST, Prize.SECOND, Prize.THIRD, Prize.MERIT)
# The panels, in page order: key → title (the page adds the year where a panel is of one year).
PANEL_TITLES = {
    "honours_by_year": "荣誉·按年度",
    "honours_by_level": "荣誉·按级别",
    "honours_by_type": "荣誉·按级别和称号",
    "competitions_by_year": "竞赛·按年度和类型",
    "prizes_by_event": "赛项·报名与获奖",
    "campaign_places": "评选中·名额使用",
    "campaign_shares": "评选中·构成比例",
    "units_by_honours": "单位排行·荣誉",
    "units_by_participation": "单位排行·参赛",
}


# --- which organisation ---------------------------------------------------------------------------


def dashboard_organizations(user) -> QuerySet:
    """The organisations a user may pick: unions (and the top of the tree) the user may see."""
    return organization_list_visible(user).filter(Q(kind=OrgKind.UNION) | Q(depth__lte=1)).order_by("path")


def dashboard_organization(user, org_id) -> Organization:
    """The organisation asked for (404 outside the user's scope, or not a number); by default the
    user's first own organisation (the root of the tree for superusers)."""
    if org_id in (None, ""):
        roots = sorted(membership_roots(user), key=lambda o: o.path)
        if roots:
            return roots[0]
        found = organization_list_visible(user).order_by("depth", "path").first()
        if found is None:
            raise Http404("没有可查看的组织")
        return found
    try:
        pk = int(org_id)
    except (TypeError, ValueError):
        raise Http404("没有这个组织") from None
    found = organization_list_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有这个组织")
    return found


def parse_year(value) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1949 <= year <= 2100 else None


# --- panels ------------------------------------------------------------------------------------------


@dataclass
class Cell:
    value: object
    href: str = ""
    numeric: bool = False


@dataclass
class Series:
    name: str
    values: list[int | float]
    hrefs: list[str] = field(default_factory=list)


@dataclass
class Panel:
    """One chart and the table of its numbers."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    labels: list[str] = field(default_factory=list)  # the chart's categories
    series: list[Series] = field(default_factory=list)
    chart: str = "bar"  # bar | hbar | stacked | hstacked
    note: str = ""
    percent: bool = False  # the chart's values are shares (0–100)

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def wide(self) -> bool:
        """Too many columns to sit beside the chart: the table goes under it."""
        return len(self.columns) > 5


def _num(value, href: str = "") -> Cell:
    return Cell(value, href, numeric=True)


@lru_cache(maxsize=4096)
def _path(name: str, args: tuple) -> str:
    return reverse(name, args=args)


def _url(name: str, *args, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return _path(name, args) + (f"?{query}" if query else "")


def _awards_url(org: Organization, **params) -> str:
    return _url("awards:award_list", org=org.pk, status=AwardStatus.ACTIVE, **params)


def _entries_url(slug: str, event_id: int, prize: str = "") -> str:
    return _url("competitions:entry_list", slug, event=event_id, status=EntryStatus.REGISTERED, prize=prize)


def _competitions_url(year: int, kind: str) -> str:
    return _url("competitions:competition_list", year=year, kind=kind)


def _dashboard_url(org_pk: int, year: int | None) -> str:
    return _url("portal:dashboard", org=org_pk, year=year)


def _level_label(level: str) -> str:
    return str(Level(level).label) if level in Level.values else level


@dataclass(frozen=True)
class HonourInfo:
    pk: int
    name: str
    level: str
    precedence: int
    collective: bool

    @property
    def order_key(self) -> tuple:
        return (-LEVEL_RANK.get(self.level, 0), self.precedence, self.name, self.pk)


@dataclass
class HonourCount:
    honour: HonourInfo
    listed: int = 0
    reported: int = 0

    @property
    def total(self) -> int:
        return max(self.listed, self.reported)


@dataclass
class Dashboard:
    org: Organization
    year: int
    years: list[int]
    panels: list[Panel]
    facts: SummaryFacts
    honours_of_year: list[HonourCount]

    @property
    def summary(self) -> str:
        return summary_paragraph(self.facts)

    def panel(self, key: str) -> Panel:
        return next(p for p in self.panels if p.key == key)


# --- the queries ----------------------------------------------------------------------------------


def _awards_in(org: Organization) -> QuerySet:
    return Award.objects.filter(status=AwardStatus.ACTIVE).filter(
        Q(person__employer__path__startswith=org.path) | Q(organization__path__startswith=org.path)
    )


def _tallies_in(org: Organization) -> QuerySet:
    return AwardTally.objects.filter(organization__path__startswith=org.path)


def _subtree_ids(org: Organization) -> QuerySet:
    # As a subquery (IN (SELECT id …)) rather than a join on every row counted: several times faster.
    return Organization.objects.filter(path__startswith=org.path).values("id")


def _events_in(org: Organization, year: int | None = None) -> QuerySet:
    """Events of the competitions organised in ``org``'s subtree (of ``year``)."""
    qs = Event.objects.filter(competition__organizer_id__in=_subtree_ids(org))
    return qs if year is None else qs.filter(competition__year=year)


def _entries_of(events: QuerySet) -> QuerySet:
    """Registered entries (not withdrawn or disqualified) of these events, grouped by event in the
    database through the (event, status) index."""
    return Entry.objects.filter(event_id__in=events.values("id"), status=EntryStatus.REGISTERED).order_by()


def _honour_counts(org: Organization) -> tuple[dict[tuple[int, int], HonourCount], dict[int, HonourInfo]]:
    """(year, honour) → counts, for every year; three queries."""
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: {"listed": 0, "reported": 0})
    for row in _awards_in(org).exclude(year=None).order_by().values("year", "honor_type_id").annotate(n=Count("id")):
        counts[(row["year"], row["honor_type_id"])]["listed"] += row["n"]
    for row in _tallies_in(org).order_by().values("year", "honor_type_id").annotate(n=Sum("count")):
        counts[(row["year"], row["honor_type_id"])]["reported"] += row["n"] or 0
    honours = {
        pk: HonourInfo(pk, name, level, precedence, kind == RecipientKind.COLLECTIVE)
        for pk, name, level, precedence, kind in HonorType.objects.filter(pk__in={h for _y, h in counts}).values_list(
            "id", "name", "level", "precedence", "recipient_kind"
        )
    }
    return {key: HonourCount(honours[key[1]], c["listed"], c["reported"]) for key, c in counts.items()}, honours


def _prefix_length(org: Organization) -> int:
    """Length of the path prefix naming the organisation's direct children."""
    return PATH_SEGMENT * (org.depth + 2)


def _unit_names(org: Organization, prefixes: set[str]) -> dict[str, tuple[int, str]]:
    found = {
        path: (pk, name)
        for path, pk, name in Organization.objects.filter(path__in=prefixes).values_list("path", "id", "name")
    }
    if org.path in prefixes:
        found[org.path] = (org.pk, f"{org.name}（本级）")
    return found


# --- the dashboard --------------------------------------------------------------------------------


def dashboard(org: Organization, year: int | None = None) -> Dashboard:
    """Every panel of ``org``'s dashboard for ``year`` (default: the latest year with records)."""
    honour_counts, _honours = _honour_counts(org)

    competitions_by = list(
        Competition.objects.filter(organizer__path__startswith=org.path)
        .order_by()
        .values("year", "kind")
        .annotate(n=Count("id"), reported=Sum("reported_submissions"))
    )
    events = {
        pk: {"year": y, "kind": kind, "name": name, "competition": competition, "slug": slug}
        for pk, y, kind, name, competition, slug in _events_in(org).values_list(
            "id", "competition__year", "competition__kind", "name", "competition__name", "competition__slug"
        )
    }
    # Entries per (year, kind): counted per event in the database, the events' counts added here.
    entries_by: dict[tuple[int, str], int] = defaultdict(int)
    for event_id, n in (
        _entries_of(_events_in(org)).values("event_id").annotate(n=Count("id")).values_list("event_id", "n")
    ):
        event = events[event_id]
        entries_by[(event["year"], event["kind"])] += n
    years = sorted({y for y, _h in honour_counts} | {r["year"] for r in competitions_by}, reverse=True)
    if year is None:
        this_year = timezone.localdate().year
        year = next((y for y in years if y <= this_year), years[0] if years else this_year)
    # People covered (each person once) in the chosen year.
    people = _entries_of(_events_in(org, year)).aggregate(n=Count("person_id", distinct=True))["n"] or 0
    panels = [
        *_honour_panels(org, year, honour_counts),
        *_competition_panels(org, year, competitions_by, entries_by, people),
    ]
    event_panel, prize_totals = _event_panel(org, year, events)
    panels.append(event_panel)
    panels.extend(_campaign_panels(org))
    panels.extend(_unit_panels(org, year))

    honours_of_year = sorted(
        (c for (y, _h), c in honour_counts.items() if y == year and c.total), key=lambda c: c.honour.order_key
    )
    facts = _facts(org, year, honour_counts, honours_of_year, competitions_by, entries_by, people, prize_totals)
    return Dashboard(org=org, year=year, years=years, panels=panels, facts=facts, honours_of_year=honours_of_year)


def _honour_panels(org, year, honour_counts) -> list[Panel]:
    by_year: dict[int, dict[bool, int]] = defaultdict(lambda: {False: 0, True: 0})
    for (y, _h), c in honour_counts.items():
        by_year[y][c.honour.collective] += c.total
    years = sorted(by_year)
    kinds = ((False, RecipientKind.INDIVIDUAL, "个人（名）"), (True, RecipientKind.COLLECTIVE, "集体（家）"))
    rows = []
    for y in years:
        row = [Cell(f"{y}年")]
        for collective, kind, _label in kinds:
            row.append(_num(by_year[y][collective], _awards_url(org, year=y, kind=kind)))
        row.append(_num(sum(by_year[y].values()), _awards_url(org, year=y)))
        rows.append(row)
    by_year_panel = Panel(
        key="honours_by_year",
        title="荣誉·按年度",
        columns=["年度", "个人（名）", "集体（家）", "合计"],
        rows=rows,
        labels=[f"{y}" for y in years],
        series=[
            Series(label, [by_year[y][collective] for y in years], [_awards_url(org, year=y, kind=kind) for y in years])
            for collective, kind, label in kinds
        ],
        chart="stacked",
    )

    this_year = sorted(
        (c for (y, _h), c in honour_counts.items() if y == year and c.total), key=lambda c: c.honour.order_key
    )
    rows = []
    for c in this_year:
        h = c.honour
        href = _awards_url(org, year=year, honor_type=h.pk)
        rows.append(
            [
                Cell(_level_label(h.level)),
                Cell(h.name, href),
                Cell("集体" if h.collective else "个人"),
                _num(c.listed, href if c.listed else ""),
                _num(c.reported),
                _num(c.total),
            ]
        )
    by_type_panel = Panel(
        key="honours_by_type",
        title=f"{year}年荣誉·按级别和称号",
        columns=["级别", "荣誉称号", "授予对象", "有名单", "仅有数量", "计入"],
        rows=rows,
        labels=[c.honour.name for c in this_year],
        series=[
            Series(
                "获评数量",
                [c.total for c in this_year],
                [_awards_url(org, year=year, honor_type=c.honour.pk) for c in this_year],
            )
        ],
        chart="hbar",
        note="“有名单”为逐条登记的表彰记录（不含已撤销），“仅有数量”为文件只报数量、未列名单的统计；"
        "同一荣誉取两者中较大者计入。",
    )

    levels: dict[str, dict[bool, int]] = defaultdict(lambda: {False: 0, True: 0})
    for c in this_year:
        levels[c.honour.level][c.honour.collective] += c.total
    level_order = sorted(levels, key=lambda lv: -LEVEL_RANK.get(lv, 0))
    rows = [
        [
            Cell(_level_label(lv)),
            *[
                _num(levels[lv][collective], _awards_url(org, year=year, level=lv, kind=kind))
                for collective, kind, _l in kinds
            ],
            _num(sum(levels[lv].values()), _awards_url(org, year=year, level=lv)),
        ]
        for lv in level_order
    ]
    by_level_panel = Panel(
        key="honours_by_level",
        title=f"{year}年荣誉·按级别",
        columns=["级别", "个人（名）", "集体（家）", "合计"],
        rows=rows,
        labels=[_level_label(lv) for lv in level_order],
        series=[
            Series(
                label,
                [levels[lv][collective] for lv in level_order],
                [_awards_url(org, year=year, level=lv, kind=kind) for lv in level_order],
            )
            for collective, kind, label in kinds
        ],
        chart="stacked",
    )
    return [by_year_panel, by_level_panel, by_type_panel]


def _competition_panels(org, year, competitions_by, entries_by, people) -> list[Panel]:
    kinds = list(CompetitionKind)
    held: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in competitions_by:
        held[r["year"]][r["kind"]] += r["n"]
    registered: dict[int, int] = defaultdict(int)
    for (y, _kind), n in entries_by.items():
        registered[y] += n
    years = sorted(held)
    rows = []
    for y in years:
        competitions_url = _url("competitions:competition_list", year=y)
        rows.append(
            [
                Cell(f"{y}年"),
                *[
                    _num(held[y][k], _url("competitions:competition_list", year=y, kind=k.value) if held[y][k] else "")
                    for k in kinds
                ],
                _num(sum(held[y].values()), competitions_url),
                _num(registered[y]),
                _num(people) if y == year else Cell("—"),
            ]
        )
    return [
        Panel(
            key="competitions_by_year",
            title="竞赛·按年度和类型",
            columns=["年度", *[str(k.label) for k in kinds], "合计（场）", "报名人次", "覆盖职工（人）"],
            rows=rows,
            labels=[f"{y}" for y in years],
            series=[
                Series(
                    str(k.label),
                    [held[y][k] for y in years],
                    [_competitions_url(y, k) for y in years],
                )
                for k in kinds
                if any(held[y][k] for y in years)
            ],
            chart="stacked",
            note="主办单位在本组织及下级的竞赛；报名人次不含已退赛和取消资格；覆盖职工（同一人只计一次）"
            "为所选年度的人数。",
        )
    ]


def _event_panel(org, year, events) -> tuple[Panel, dict[str, int]]:
    prize_counts = {p.value: Count("id", filter=Q(result__prize=p)) for p in PRIZES}
    every_event = [
        row
        | {
            "event__name": events[row["event_id"]]["name"],
            "event__competition__name": events[row["event_id"]]["competition"],
            "event__competition__slug": events[row["event_id"]]["slug"],
        }
        for row in _entries_of(_events_in(org, year)).values("event_id").annotate(entries=Count("id"), **prize_counts)
    ]
    # the year's prizes over every event; the chart and table show the events with most entries
    totals = {p.value: sum(e[p.value] for e in every_event) for p in PRIZES}
    events = sorted(every_event, key=lambda e: (-e["entries"], e["event_id"]))[:MAX_EVENTS]
    rows = []
    labels = []
    for e in events:
        slug = e["event__competition__slug"]
        entries_url = _entries_url(slug, e["event_id"])
        rows.append(
            [
                Cell(e["event__competition__name"]),
                Cell(e["event__name"], entries_url),
                _num(e["entries"], entries_url),
                *[
                    _num(
                        e[p.value],
                        _url(
                            "competitions:entry_list",
                            slug,
                            event=e["event_id"],
                            status=EntryStatus.REGISTERED,
                            prize=p.value,
                        )
                        if e[p.value]
                        else "",
                    )
                    for p in PRIZES
                ],
            ]
        )
        labels.append(e["event__name"])
    unplaced = [e["entries"] - sum(e[p.value] for p in PRIZES) for e in events]
    series = [
        Series(
            str(p.label),
            [e[p.value] for e in events],
            [
                _url(
                    "competitions:entry_list",
                    e["event__competition__slug"],
                    event=e["event_id"],
                    status=EntryStatus.REGISTERED,
                    prize=p.value,
                )
                for e in events
            ],
        )
        for p in PRIZES
    ]
    series.append(
        Series(
            "未获奖",
            unplaced,
            [
                _url(
                    "competitions:entry_list",
                    e["event__competition__slug"],
                    event=e["event_id"],
                    status=EntryStatus.REGISTERED,
                )
                for e in events
            ],
        )
    )
    panel = Panel(
        key="prizes_by_event",
        title=f"{year}年赛项·报名与获奖",
        columns=["竞赛", "赛项", "报名人次", *[str(p.label) for p in PRIZES]],
        rows=rows,
        labels=labels,
        series=series if events else [],
        chart="hstacked",
        note=f"报名人次最多的前{MAX_EVENTS}个赛项。",
    )
    return panel, {str(p.label): totals[p.value] or 0 for p in PRIZES}


def _campaign_panels(org) -> list[Panel]:
    campaigns = list(
        Campaign.objects.filter(conferring_org__path__startswith=org.path)
        .exclude(status=CampaignStatus.CONFERRED)
        .order_by("-year", "-id")[:MAX_CAMPAIGNS]
    )
    place_rows, share_rows = [], []
    place_labels, places, used = [], [], []
    share_labels, shares, required = [], [], []
    for campaign in campaigns:
        check = campaign_check(campaign)
        detail = reverse("awards:campaign_detail", args=[campaign.pk])
        per_honour: dict[int, list] = {}
        for q in check.quotas:
            line = per_honour.setdefault(q.honor.pk, [q.honor, 0, 0])
            line[1] += q.places
            line[2] += q.used
        for honour, n_places, n_used in per_honour.values():
            place_rows.append(
                [
                    Cell(campaign.name, detail),
                    Cell(honour.name),
                    _num(n_places),
                    _num(n_used, detail),
                    _num(max(n_places - n_used, 0)),
                ]
            )
            place_labels.append(honour.name if len(campaigns) == 1 else f"{campaign.name}·{honour.name}")
            places.append(n_places)
            used.append(n_used)
        for rc in check.rules:
            r = rc.result
            bound = []
            if r.rule.min_share is not None:
                bound.append(f"不低于{format_share(r.rule.min_share)}")
            if r.rule.max_share is not None:
                bound.append(f"不高于{format_share(r.rule.max_share)}")
            state = {"ok": "符合", "advisory": "未达（提示）", "overridden": "未达（已说明理由）", "failed": "未达"}[
                rc.state
            ]
            share_rows.append(
                [
                    Cell(campaign.name, detail),
                    Cell(f"{rc.rule.display_label}（{rc.scope_label}）"),
                    _num(r.count),
                    _num(r.total),
                    Cell(r.share_display),
                    Cell("、".join(bound)),
                    Cell(state),
                ]
            )
            share_labels.append(
                rc.rule.display_label if len(campaigns) == 1 else f"{campaign.name}·{rc.rule.display_label}"
            )
            shares.append(float(r.share * 100))
            required.append(float((r.rule.min_share or r.rule.max_share or 0) * 100))
    return [
        Panel(
            key="campaign_places",
            title="评选中·名额使用",
            columns=["评选批次", "荣誉称号", "名额", "已推荐", "剩余"],
            rows=place_rows,
            labels=place_labels,
            series=[Series("名额", places), Series("已推荐", used)] if place_rows else [],
            chart="hbar",
            note=f"尚未表彰的评选批次（最近{MAX_CAMPAIGNS}个）；已推荐含已提交及以后各环节。",
        ),
        Panel(
            key="campaign_shares",
            title="评选中·构成比例",
            columns=["评选批次", "规则", "符合人数", "推荐人数", "当前占比", "要求", "状态"],
            rows=share_rows,
            labels=share_labels,
            series=[Series("当前占比（%）", shares), Series("要求（%）", required)] if share_rows else [],
            chart="hbar",
            percent=True,
        ),
    ]


def _unit_panels(org, year) -> list[Panel]:
    length = _prefix_length(org)
    per_unit: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in (
        _awards_in(org)
        .filter(year=year)
        .order_by()
        .annotate(unit=Substr(Coalesce("person__employer__path", "organization__path"), 1, length))
        .values("unit", "honor_type_id")
        .annotate(n=Count("id"))
    ):
        per_unit[row["unit"]][row["honor_type_id"]][0] += row["n"]
    for row in (
        _tallies_in(org)
        .filter(year=year)
        .order_by()
        .annotate(unit=Substr("organization__path", 1, length))
        .values("unit", "honor_type_id")
        .annotate(n=Sum("count"))
    ):
        per_unit[row["unit"]][row["honor_type_id"]][1] += row["n"] or 0
    honours = {unit: sum(max(a, b) for a, b in by_h.values()) for unit, by_h in per_unit.items()}
    participation = {
        row["unit"]: (row["entries"], row["people"])
        for row in Entry.objects.filter(
            delegation__path__startswith=org.path,
            status=EntryStatus.REGISTERED,
            event_id__in=Event.objects.filter(competition__year=year).values("id"),
        )
        .order_by()
        .annotate(unit=Substr("delegation__path", 1, length))
        .values("unit")
        .annotate(entries=Count("id"), people=Count("person_id", distinct=True))
    }
    names = _unit_names(org, set(honours) | set(participation))

    ranked = sorted(((n, u) for u, n in honours.items() if n and u in names), key=lambda t: (-t[0], names[t[1]][1]))
    ranked = ranked[:MAX_UNITS]
    honour_rows = [
        [
            Cell(names[u][1], _dashboard_url(names[u][0], year)),
            _num(n, _awards_url_for(names[u][0], year)),
        ]
        for n, u in ranked
    ]
    by_entries = sorted(
        ((e, p, u) for u, (e, p) in participation.items() if u in names), key=lambda t: (-t[0], names[t[2]][1])
    )[:MAX_UNITS]
    participation_rows = [
        [Cell(names[u][1], _dashboard_url(names[u][0], year)), _num(e), _num(p)] for e, p, u in by_entries
    ]
    return [
        Panel(
            key="units_by_honours",
            title=f"{year}年单位排行·荣誉",
            columns=["单位", "荣誉数"],
            rows=honour_rows,
            labels=[names[u][1] for _n, u in ranked],
            series=[
                Series("荣誉数", [n for n, _u in ranked], [_awards_url_for(names[u][0], year) for _n, u in ranked])
            ],
            chart="hbar",
            note="按直接下级单位（含其下级）汇总；点击单位名称查看该单位的看板。",
        ),
        Panel(
            key="units_by_participation",
            title=f"{year}年单位排行·参赛",
            columns=["单位", "报名人次", "参赛职工（人）"],
            rows=participation_rows,
            labels=[names[u][1] for _e, _p, u in by_entries],
            series=[
                Series(
                    "报名人次",
                    [e for e, _p, _u in by_entries],
                    [_dashboard_url(names[u][0], year) for _e, _p, u in by_entries],
                )
            ],
            chart="hbar",
            note="各单位代表队在当年各级竞赛中的报名（不限主办单位）。",
        ),
    ]


def _awards_url_for(org_pk: int, year: int) -> str:
    return _url("awards:award_list", org=org_pk, status=AwardStatus.ACTIVE, year=year)


# --- the annual summary ---------------------------------------------------------------------------


def _facts(
    org, year, honour_counts, honours_of_year, competitions_by, entries_by, people, prize_totals
) -> SummaryFacts:
    earlier = {h for (y, h), c in honour_counts.items() if y < year and c.total}
    firsts = tuple(c.honour.name for c in honours_of_year if earlier and c.honour.pk not in earlier)
    previous = [c.total for (y, _h), c in honour_counts.items() if y == year - 1]
    kinds = list(CompetitionKind)
    held = defaultdict(int)
    previous_held = 0
    reported = 0
    for r in competitions_by:
        if r["year"] == year:
            held[r["kind"]] += r["n"]
            reported += r["reported"] or 0
        elif r["year"] == year - 1:
            previous_held += r["n"]
    entries = sum(n for (y, _kind), n in entries_by.items() if y == year)
    return SummaryFacts(
        year=year,
        org_name=org.name,
        honours=tuple(
            HonourLine(
                name=c.honour.name,
                level_rank=LEVEL_RANK.get(c.honour.level, 0),
                precedence=c.honour.precedence,
                collective=c.honour.collective,
                count=c.total,
            )
            for c in honours_of_year
        ),
        previous_honours=sum(previous) if previous else None,
        firsts=firsts,
        competitions=tuple((str(k.label), held[k]) for k in kinds),
        previous_competitions=previous_held or None,
        entries=entries,
        people=people,
        reported_submissions=reported,
        prizes=tuple(prize_totals.items()),
    )
