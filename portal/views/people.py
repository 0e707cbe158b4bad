"""人员: the people list (filtered also by competition entered) and a person's profile (their
entries and honours)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from awards.selectors.awards import award_list_for_person
from care.selectors import care_visible_for, event_list_for_person
from competitions.selectors import competition_list_visible, entry_list_for_person
from core.jobs import export_response, job_builder
from core.tables import configure_table, narrow_sort
from directory import selectors
from directory.exporters.people import PeopleExporter
from directory.views.tables import PersonTable

from ..forms.filters import PersonFilter


def _person_filter(user, query) -> PersonFilter:
    return PersonFilter(
        query,
        queryset=selectors.person_list_visible(user).order_by("stroke_key", "id"),
        organizations=selectors.organization_list_visible(user).order_by("path"),
        competitions=competition_list_visible(user).order_by("-year", "name"),
    )


@job_builder
def people_exporter(user, query) -> PeopleExporter:
    """人员's export: the people the page's filters select (a background job rebuilds it)."""
    return PeopleExporter(user=user, queryset=_person_filter(user, query).qs)


@login_required
def person_list(request):
    """人员: filters, search by name or ID number, sorting, pages, 导出 Excel of the filtered rows."""
    filterset = _person_filter(request.user, request.GET)
    if request.GET.get("export") == "xlsx":
        return export_response(request, people_exporter(request.user, request.GET), builder=people_exporter)
    # the ids sorted alone, then the page's rows with their joins
    table = PersonTable(
        narrow_sort(selectors.person_list_rows(filterset.qs)), may_see=selectors.organizer_checker(request.user)
    )
    configure_table(request, table, per_page=50)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    export_query["export"] = "xlsx"
    return render(
        request,
        "portal/person_list.html",
        {"filter": filterset, "table": table, "export_query": export_query.urlencode()},
    )


@login_required
def person_detail(request, pk):
    person = selectors.person_get_visible(request.user, pk)
    can_see = person.employer_id is not None and selectors.user_is_organizer_of(request.user, person.employer)
    # 劳模关爱: only organisers of the responsible union and above see it (amounts, health, kin).
    care = care_visible_for(request.user, person)
    return render(
        request,
        "portal/person_detail.html",
        {
            "person": person,
            "entries": entry_list_for_person(person, request.user),
            "awards": award_list_for_person(person),
            "can_see_personal_data": can_see or request.user.is_superuser,
            "care": care,
            "care_events": event_list_for_person(person.pk)[:20] if care is not None else [],
        },
    )
