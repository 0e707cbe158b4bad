from django.db.models import F
from django.shortcuts import render

from awards.selectors.awards import award_list_visible
from competitions.selectors import competition_list_visible

from ..selectors import home_board


def home(request):
    context = {}
    if request.user.is_authenticated:
        context = {
            "board": home_board(request.user),
            "competitions": competition_list_visible(request.user).order_by("-year", "name")[:20],
            "awards": award_list_visible(request.user).order_by(
                F("year").desc(nulls_last=True), F("decision_date").desc(nulls_last=True), "-id"
            )[:20],
        }
    return render(request, "portal/home.html", context)
