from django.shortcuts import render

from awards.selectors.awards import AWARD_LIST_ORDER, award_list_visible
from competitions.selectors import competition_list_visible

from ..selectors import home_board


def home(request):
    context = {}
    if request.user.is_authenticated:
        context = {
            "board": home_board(request.user),
            "competitions": competition_list_visible(request.user).order_by("-year", "name")[:20],
            # newest year first in 表彰记录's own order: a walk of its index (award_list_order)
            "awards": award_list_visible(request.user).order_by(*AWARD_LIST_ORDER)[:20],
        }
    return render(request, "portal/home.html", context)
