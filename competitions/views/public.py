"""Public results pages: no login, published events only, no personal data beyond name and team.

Anything of an unpublished event answers 404, exactly like an event that does not exist. No
public caching headers: a withdrawn publication must disappear at once, not after a cache expires;
the server's own cache of the results screens is keyed by what they show (``core.pagecache``).
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string

from core.pagecache import stamped_part
from core.text import clean_text

from ..exporters.results import ResultsBookExporter
from ..models import EventKind
from ..selectors.competitions import published_competition_get, published_competitions
from ..selectors.events import event_is_demo, published_event_get
from ..selectors.results import (
    public_ranked_count,
    public_result_rows_by_id,
    public_results,
    public_results_stamps,
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
    """One event's published results, a screen at a time. Whether it is published is read on every
    request; the counts and each screen of the whole list (not a search) are cached under the stamps
    of what they show (``core.pagecache``): a screen seen before costs two queries and no table."""
    event = published_event_get(slug, event_pk)
    term = clean_text(request.GET.get("q", ""))[:50]
    if event.kind == EventKind.TEAM:
        stamps = public_results_stamps(event)
        body = stamped_part("event-teams", stamps, lambda: _body(event, teams=public_team_rows(event)))
    elif term:  # a search: drawn for this request only
        ids = public_results(event, term).values_list("pk", flat=True)
        page = Paginator(ids, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
        body = _body(event, page=page, q=term)
    else:
        stamps = public_results_stamps(event)
        ranked, unranked = stamped_part("event-counts", stamps, lambda: _counts(event))
        # The page's ids first (results and entries only), then those rows with their names: the
        # database sorts narrow rows and joins people and delegations for one screen, not the event.
        paginator = Paginator(public_results(event).values_list("pk", flat=True), PUBLIC_PAGE_SIZE)
        paginator.count = ranked  # two index counts, not a COUNT over the join of every entry
        page = paginator.get_page(request.GET.get("page"))
        body = stamped_part(f"event:{page.number}", stamps, lambda: _body(event, page=page, unranked=unranked))
    return render(
        request, "competitions/public/event.html", {"event": event, "competition": event.competition, "body": body}
    )


def _body(event, *, teams=None, page=None, q: str = "", unranked: int | None = None) -> str:
    """The page's content below the title, the same for every visitor (no user, no form token)."""
    context = {"event": event, "competition": event.competition, "demo": event_is_demo(event), "teams": teams}
    if page is not None:
        by_id = {r.pk: r for r in public_result_rows_by_id(list(page.object_list))}
        context.update(rows=[public_row(by_id[pk]) for pk in page.object_list], page_obj=page, q=q, unranked=unranked)
    return render_to_string("competitions/public/_event_body.html", context)


def _counts(event) -> tuple[int, int]:
    """(ranked, not ranked) of the whole list."""
    ranked = public_ranked_count(event)
    return ranked, public_unranked_count(event, ranked)


def public_event_download(request, slug, event_pk):
    """The whole published list as the 成绩册 (the ``results`` exporter: no ID numbers or phones)."""
    event = published_event_get(slug, event_pk)
    return ResultsBookExporter(competition=event.competition, event=event).response()
