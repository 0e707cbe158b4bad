"""表彰记录, 荣誉目录, 荣誉档案, history import, holiday arrangements."""

import contextlib
import os
import tempfile
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from core.errors import DomainError, show_error
from directory.selectors import (
    organization_get_visible,
    organization_list_visible,
    person_get_visible,
    user_is_organizer_of,
)

from ..forms.filters import AwardFilter
from ..forms.nominations import ReasonForm
from ..forms.records import HistoryImportForm, HolidayYearForm
from ..importers import import_history
from ..models import HolidayKind, HolidayYear
from ..selectors import awards as award_selectors
from ..selectors.awards import (
    YEAR_DESC,
    award_get_visible,
    award_list_visible,
    honours_record_organization,
    honours_record_person,
)
from ..selectors.holidays import workday_calendar
from ..selectors.nominations import nomination_list_visible
from ..selectors.roles import can_manage, conferring_orgs_for
from ..services import awards as award_services
from ..services import holidays as holiday_services
from .tables import AwardTable


@login_required
def award_list(request):
    qs = award_list_visible(request.user).order_by(YEAR_DESC, "honor_type__precedence", "stroke_key", "id")
    award_filter = AwardFilter(request.GET, queryset=qs)
    table = AwardTable(award_filter.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "awards/award_list.html",
        {"filter": award_filter, "table": table, "can_import": _can_import(request.user)},
    )


@login_required
def award_detail(request, pk):
    award = award_get_visible(request.user, pk)
    can_revoke = award.status == "active" and (
        can_manage(request.user, award.conferring_org) if award.conferring_org_id else request.user.is_superuser
    )
    return render(
        request,
        "awards/award_detail.html",
        {"award": award, "can_revoke": can_revoke, "revoke_form": ReasonForm()},
    )


@login_required
@require_POST
def award_revoke(request, pk):
    award = award_get_visible(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写撤销理由（不超过2000字）")
        return redirect("awards:award_detail", pk=pk)
    try:
        award_services.award_revoke(award=award, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(request, f"已撤销{award.recipient_name}的{award.honor_type.name}")
    return redirect("awards:award_detail", pk=pk)


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


# --- history import -------------------------------------------------------------------------------

_PENDING_KEY = "awards_history_import"


def _pending_dir() -> str:
    path = os.path.join(tempfile.gettempdir(), "jiangxin-imports")
    os.makedirs(path, mode=0o700, exist_ok=True)
    # Checked files nobody confirmed: drop them after a day.
    cutoff = time.time() - 86400
    with os.scandir(path) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.is_file() and entry.stat().st_mtime < cutoff:
                    os.remove(entry.path)
    return path


def _can_import(user) -> bool:
    return user.is_superuser or conferring_orgs_for(user).exists()


@login_required
def history_import(request):
    if not _can_import(request.user):
        raise Http404
    form = HistoryImportForm(user=request.user)
    report = None
    pending = request.session.get(_PENDING_KEY)
    if request.method == "POST" and request.POST.get("confirm") and pending:
        token = request.POST.get("token", "")
        if token != pending.get("token"):
            messages.error(request, "导入已过期，请重新上传文件")
            return redirect("awards:history_import")
        path = os.path.join(_pending_dir(), f"{token}.xlsx")
        parent = organization_list_visible(request.user).filter(pk=pending.get("parent")).first()
        try:
            report = import_history(
                path,
                filename=pending["filename"],
                user=request.user,
                dry_run=False,
                create_units=pending.get("create_units", False),
                parent=parent,
            )
        except FileNotFoundError:
            messages.error(request, "导入已过期，请重新上传文件")
            return redirect("awards:history_import")
        if report.ok:
            _discard_pending(request)
            messages.success(request, "导入完成：" + "；".join(report.summary_lines()))
            return redirect("awards:award_list")
        # The data changed between the check and the import: show what is wrong now.
    elif request.method == "POST":
        form = HistoryImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > settings.JIANGXIN_UPLOAD_MAX_BYTES:
                messages.error(request, "文件太大")
            else:
                data = upload.read(settings.JIANGXIN_UPLOAD_MAX_BYTES + 1)
                report = import_history(
                    data,
                    filename=os.path.basename(upload.name)[:200],
                    user=request.user,
                    dry_run=True,
                    create_units=form.cleaned_data["create_units"],
                    parent=form.cleaned_data["parent"],
                )
                _discard_pending(request)
                if report.ok:
                    token = uuid.uuid4().hex
                    with open(os.path.join(_pending_dir(), f"{token}.xlsx"), "wb") as fh:
                        fh.write(data)
                    parent = form.cleaned_data["parent"]
                    request.session[_PENDING_KEY] = {
                        "token": token,
                        "filename": report.filename,
                        "create_units": form.cleaned_data["create_units"],
                        "parent": parent.pk if parent else None,
                    }
    pending = request.session.get(_PENDING_KEY)
    return render(
        request,
        "awards/history_import.html",
        {"form": form, "report": report, "pending": pending if report and report.ok else None},
    )


def _discard_pending(request) -> None:
    pending = request.session.pop(_PENDING_KEY, None)
    if pending:
        with contextlib.suppress(OSError):
            os.remove(os.path.join(_pending_dir(), f"{pending['token']}.xlsx"))


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
