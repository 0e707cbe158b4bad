"""Public results pages: no login, published events only, no personal data beyond name and team.

Anything of an unpublished event answers 404, exactly like an event that does not exist. No
public caching headers: a withdrawn publication must disappear at once, not after a cache expires.
"""

from django.shortcuts import render

from ..models import EventKind
from ..selectors.competitions import published_competition_get, published_competitions
from ..selectors.events import event_is_demo, published_event_get
from ..selectors.results import public_result_rows
from ..selectors.standings import public_team_rows


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
        context["rows"], context["unranked"] = public_result_rows(event)
    return render(request, "competitions/public/event.html", context)
