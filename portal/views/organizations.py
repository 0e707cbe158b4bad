"""An organisation's profile: the directory's facts, its collective honours and its staff's honours."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from awards.selectors.awards import award_list_for_organization, award_list_for_staff_of
from directory import selectors


@login_required
def organization_detail(request, pk):
    org = selectors.organization_get_visible(request.user, pk)
    ancestors = list(org.ancestors())
    visible_ids = set(
        selectors.organization_list_visible(request.user)
        .filter(pk__in=[a.pk for a in ancestors])
        .values_list("pk", flat=True)
    )
    children = org.children.all().order_by("stroke_key")
    staff_awards = Paginator(award_list_for_staff_of(org), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/organization_detail.html",
        {
            "org": org,
            "ancestors": [(a, a.pk in visible_ids) for a in ancestors],
            "children": children,
            "awards": award_list_for_organization(org),
            "staff_awards": staff_awards,
            "can_see_personal_data": selectors.user_is_organizer_of(request.user, org),
        },
    )
