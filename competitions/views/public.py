"""Public results pages: no login, published events only, no personal data beyond name and team.

Anything of an unpublished event answers 404, exactly like an event that does not exist. No
public caching headers: a withdrawn publication must disappear at once, not after a cache expires.
"""

from django.core.paginator import Paginator
from django.shortcuts import render

from core.text import clean_text

from ..exporters.results import ResultsBookExporter
from ..models import EventKind
from ..selectors.competitions import published_competition_get, published_competitions
from ..selectors.events import event_is_demo, published_event_get
from ..selectors.results import (
    public_ranked_count,
    public_result_rows_by_id,
    public_results,
    public_row,
    public_unranked_count,
)
from ..selectors.standings import public_team_rows

# Rows per screen of an event's public results (a 100 000-entry event is 1 000 screens, or one search).
PUBLIC_PAGE_SIZE = 100


def public_index(request):
    """/results/: every competition with published results (no login), linked from the home page."""
    return render(request, "competitions/public/index.html", {"competitions": published_competitions()})


def public_competition(request, slug):
    competition, events = published_competition_get(slug)
    return render(request, "competitions/public/competition.html", {"competition": competition, "events": events})


def public_event(request, slug, event_pk):
    event = published_event_get(slug, event_pk)
    context = {"event": event, "competition": event.competition, "demo": event_is_demo(event)}
    if event.kind == EventKind.TEAM:
        context["teams"] = public_team_rows(event)
    else:
        term = clean_text(request.GET.get("q", ""))[:50]
        # The page's ids first (results and entries only), then those rows with their names: the
        # database sorts narrow rows and joins people and delegations for one screen, not the event.
        ids = public_results(event, term).values_list("pk", flat=True)
        paginator = Paginator(ids, PUBLIC_PAGE_SIZE)
        if not term:  # the whole list: two index counts, not a COUNT over the join of every entry
            paginator.count = public_ranked_count(event)
        page = paginator.get_page(request.GET.get("page"))
        by_id = {r.pk: r for r in public_result_rows_by_id(list(page.object_list))}
        context.update(
            rows=[public_row(by_id[pk]) for pk in page.object_list],
            page_obj=page,
            q=term,
            unranked=None if term else public_unranked_count(event, page.paginator.count),
        )
    return render(request, "competitions/public/event.html", context)


def public_event_download(request, slug, event_pk):
    """The whole published list as the 成绩册 (the ``results`` exporter: no ID numbers or phones)."""
    event = published_event_get(slug, event_pk)
    return ResultsBookExporter(competition=event.competition, event=event).response()
