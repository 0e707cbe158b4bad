"""Public results pages: no login, published events only, no personal data beyond name and team.

Anything of an unpublished event answers 404, exactly like an event that does not exist. No
public caching headers: a withdrawn publication must disappear at once, not after a cache expires.
"""

from django.shortcuts import render

from .. import selectors_results as sel
from ..models import EventKind


def public_competition(request, slug):
    competition, events = sel.published_competition_get(slug)
    return render(request, "competitions/public/competition.html", {"competition": competition, "events": events})


def public_event(request, slug, event_pk):
    event = sel.published_event_get(slug, event_pk)
    context = {"event": event, "competition": event.competition, "demo": sel.event_is_demo(event)}
    if event.kind == EventKind.TEAM:
        context["teams"] = sel.public_team_rows(event)
    else:
        context["rows"], context["unranked"] = sel.public_result_rows(event)
    return render(request, "competitions/public/event.html", context)
