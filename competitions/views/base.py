from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from competitions import selectors


@login_required
def competition_list(request):
    competitions = selectors.competition_list_visible(request.user).order_by("-year", "name")
    return render(request, "competitions/competition_list.html", {"competitions": competitions})


@login_required
def competition_detail(request, slug):
    competition = selectors.competition_get_visible(request.user, slug=slug)
    return render(
        request,
        "competitions/competition_detail.html",
        {"competition": competition, "status_changes": competition.status_changes.select_related("changed_by")},
    )
