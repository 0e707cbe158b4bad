from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors


@login_required
def award_list(request):
    page = Paginator(selectors.award_list_visible(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "awards/award_list.html", {"page": page})
