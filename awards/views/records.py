"""表彰记录, 荣誉目录, 荣誉档案, holiday arrangements (the history import is in views/imports.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render

from core.errors import DomainError, NotAllowed, show_error
from core.tables import configure_table, narrow_sort
from directory.selectors import (
    organization_get_visible,
    person_get_visible,
    user_is_organizer_of,
)

from ..forms.filters import AwardFilter
from ..forms.nominations import ReasonForm
from ..forms.records import HolidayYearForm
from ..models import AwardStatus, HolidayKind, HolidayYear
from ..selectors import awards as award_selectors
from ..selectors.awards import (
    AWARD_LIST_ORDER,
    award_get_visible,
    award_list_rows,
    award_list_visible,
    honours_record_organization,
    honours_record_person,
)
from ..selectors.holidays import workday_calendar
from ..selectors.nominations import nomination_list_visible
from ..selectors.roles import can_manage, history_import_allowed
from ..services import awards as award_services
from ..services import holidays as holiday_services
from .tables import AwardTable


@login_required
def award_list(request):
    qs = award_list_visible(request.user).order_by(*AWARD_LIST_ORDER)
    award_filter = AwardFilter(request.GET, queryset=qs)
    # the ids sorted alone (a top-N sort of narrow rows), then the page's rows with their joins
    table = AwardTable(narrow_sort(award_list_rows(award_filter.qs)))
    configure_table(request, table, per_page=50)
    return render(
        request,
        "awards/award_list.html",
        {"filter": award_filter, "table": table, "can_import": history_import_allowed(request.user)},
    )


@login_required
def award_detail(request, pk):
    award = award_get_visible(request.user, pk)
    can_revoke = award.status == AwardStatus.ACTIVE and _can_revoke(request.user, award)
    return render(request, "awards/award_detail.html", {"award": award, "can_revoke": can_revoke})


def _can_revoke(user, award) -> bool:
    if award.conferring_org_id:
        return can_manage(user, award.conferring_org)
    return user.is_superuser


@login_required
def award_revoke(request, pk):
    """The confirmation page of a 撤销: what it changes, and the reason; the POST revokes."""
    award = award_get_visible(request.user, pk)
    if not _can_revoke(request.user, award):
        raise NotAllowed("只有授予单位的组织者可以撤销该表彰")
    if award.status != AwardStatus.ACTIVE:
        messages.info(request, "该表彰已经撤销")
        return redirect("awards:award_detail", pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, "请填写撤销理由（不超过2000字）")
        else:
            try:
                award_services.award_revoke(award=award, by=request.user, reason=form.cleaned_data["reason"])
            except NotAllowed:
                raise  # seen but not allowed: 403, not a message
            except DomainError as exc:
                show_error(request, exc)
            else:
                messages.success(request, f"已撤销{award.recipient_name}的{award.honor_type.name}")
                return redirect("awards:award_detail", pk=pk)
    return render(request, "awards/award_revoke.html", {"award": award, "form": form})


@login_required
def honor_catalogue(request):
    return render(request, "awards/honor_catalogue.html", {"honours": award_selectors.honor_catalogue()})


@login_required
def honours_person(request, pk):
    person = person_get_visible(request.user, pk)
    can_see = request.user.is_superuser or (
        person.employer_id is not None and user_is_organizer_of(request.user, person.employer)
    )
    record = honours_record_person(person)
    record["nominations"] = record["nominations"].filter(pk__in=nomination_list_visible(request.user).values("pk"))
    return render(
        request,
        "awards/honours_record.html",
        {"person": person, "subject": person, "can_see_personal_data": can_see, **record},
    )


@login_required
def honours_organization(request, pk):
    org = organization_get_visible(request.user, pk)
    record = honours_record_organization(org)
    record["nominations"] = record["nominations"].filter(pk__in=nomination_list_visible(request.user).values("pk"))
    return render(request, "awards/honours_record.html", {"org": org, "subject": org, **record})


# --- holidays -----------------------------------------------------------------------------------


@login_required
@permission_required("awards.change_holidayyear", raise_exception=True)
def holiday_list(request):
    years = HolidayYear.objects.prefetch_related("dates").order_by("-year")
    calendar = workday_calendar()
    form = HolidayYearForm()
    edit = request.GET.get("year")
    if edit and edit.isdigit():
        arrangement = HolidayYear.objects.filter(year=int(edit)).first()
        if arrangement is not None:
            form = HolidayYearForm(initial=_holiday_initial(arrangement))
    if request.method == "POST":
        form = HolidayYearForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            holiday_services.holiday_year_save(
                by=request.user,
                year=d["year"],
                notice=d["notice"],
                holidays=d["holiday_dates"],
                workdays=d["workday_dates"],
            )
            messages.success(request, f"已保存{form.cleaned_data['year']}年的节假日安排")
            return redirect("awards:holiday_list")
    library_years = sorted(calendar.library_years)
    return render(
        request,
        "awards/holiday_list.html",
        {
            "years": years,
            "form": form,
            "library_first": library_years[0] if library_years else None,
            "library_last": library_years[-1] if library_years else None,
        },
    )


def _holiday_initial(arrangement: HolidayYear) -> dict:
    lines = {HolidayKind.HOLIDAY: [], HolidayKind.WORKDAY: []}
    for d in arrangement.dates.all():
        lines[d.kind].append(f"{d.date:%Y-%m-%d} {d.name}".strip())
    return {
        "year": arrangement.year,
        "notice": arrangement.notice,
        "holidays": "\n".join(lines[HolidayKind.HOLIDAY]),
        "workdays": "\n".join(lines[HolidayKind.WORKDAY]),
    }
