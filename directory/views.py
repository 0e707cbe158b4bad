from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from awards.selectors.awards import award_list_for_organization, award_list_for_person, award_list_for_staff_of
from competitions.selectors import entry_list_for_person

from . import selectors


@login_required
def organization_list(request):
    orgs = selectors.organization_list_visible(request.user).select_related("parent")
    return render(request, "directory/organization_list.html", {"organizations": orgs})


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
        "directory/organization_detail.html",
        {
            "org": org,
            "ancestors": [(a, a.pk in visible_ids) for a in ancestors],
            "children": children,
            "awards": award_list_for_organization(org),
            "staff_awards": staff_awards,
            "can_see_personal_data": selectors.user_is_organizer_of(request.user, org),
        },
    )


@login_required
def person_list(request):
    """人员: filters, search by name or ID number, sorting, pages, 导出 Excel of the filtered rows."""
    from django_tables2 import RequestConfig

    from competitions.export_registration import PeopleExporter
    from competitions.selectors import competition_list_visible

    from .filters import PersonFilter
    from .tables import PersonTable

    filterset = PersonFilter(
        request.GET,
        queryset=selectors.person_list_visible(request.user).order_by("stroke_key", "id"),
        organizations=selectors.organization_list_visible(request.user).order_by("path"),
        competitions=competition_list_visible(request.user).order_by("-year", "name"),
    )
    if request.GET.get("export") == "xlsx":
        return PeopleExporter(user=request.user, queryset=filterset.qs).response()
    table = PersonTable(filterset.qs, may_see=selectors.organizer_checker(request.user))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    export_query["export"] = "xlsx"
    return render(
        request,
        "directory/person_list.html",
        {"filter": filterset, "table": table, "export_query": export_query.urlencode()},
    )


@login_required
def person_detail(request, pk):
    person = selectors.person_get_visible(request.user, pk)
    can_see = person.employer_id is not None and selectors.user_is_organizer_of(request.user, person.employer)
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "entries": entry_list_for_person(person),
            "awards": award_list_for_person(person),
            "can_see_personal_data": can_see or request.user.is_superuser,
        },
    )
