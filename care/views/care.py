"""劳模关爱 pages: the due lists, a person's care record (ledger, profile, hardship), corrections,
the union's rules and the exports. Everything is scoped to organisers of the responsible union and
above (404 outside); writes go through ``care.services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError, form_error, show_error
from core.exports import ExportError
from directory.models import OrgKind, Role
from directory.selectors import organization_list_visible, organizer_paths, scoped, user_is_organizer_of

from .. import services
from ..exporters import HealthCheckListExporter, PaymentSheetExporter, RecuperationListExporter, VisitListExporter
from ..forms import (
    CorrectionForm,
    EventForm,
    HardshipDecisionForm,
    HardshipForm,
    ProfileForm,
    ResponsibleForm,
    RuleForm,
)
from ..models import CareEvent, CareKind, HardshipApplication, LifeStatus
from ..rules import DEFAULT_RULES
from ..selectors import (
    due_lists,
    event_list_for_person,
    may_see_care,
    rules_of_union,
    subject_get_visible,
    yearly_counts,
)

EXPORTS = {
    e.name: e for e in (PaymentSheetExporter, HealthCheckListExporter, RecuperationListExporter, VisitListExporter)
}


def _require_care(request) -> None:
    if not may_see_care(request.user):
        raise Http404


def _organizer_unions(user):
    qs = scoped(organization_list_visible(user), user, roles=[Role.ADMIN, Role.ORGANIZER])
    return qs.filter(kind=OrgKind.UNION).order_by("path")


@login_required
@require_GET
def care_home(request):
    """应办事项: who is due what today, each list exportable."""
    _require_care(request)
    today = timezone.localdate()
    due = due_lists(request.user, today)
    return render(request, "care/home.html", {"due": due, "today": today})


@login_required
def person_care(request, pk):
    """A person's care record: profile, ledger (with corrections), record an entry, hardship."""
    subject = subject_get_visible(request.user, pk)
    form = EventForm(initial={"date": timezone.localdate()})
    if request.method == "POST":
        form = EventForm(request.POST)
        if form.is_valid():
            try:
                services.care_event_record(person_id=subject.pk, by=request.user, subject=subject, **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request,
                    f"已登记{subject.person.name}的{dict(form.fields['kind'].choices)[form.cleaned_data['kind']]}",
                )
                return redirect("care:person", pk=subject.pk)
    events = event_list_for_person(subject.pk)
    applications = (
        HardshipApplication.objects.filter(profile=subject.profile).order_by("-received_on") if subject.profile else []
    )
    return render(
        request,
        "care/person.html",
        {
            "subject": subject,
            "person": subject.person,
            "form": form,
            "events": events,
            "applications": applications,
            "counts": yearly_counts([subject.profile.pk]) if subject.profile else [],
        },
    )


@login_required
def profile_edit(request, pk):
    subject = subject_get_visible(request.user, pk)
    p = subject.profile
    initial = {name: getattr(p, name) for name in services.profiles.PROFILE_FIELDS} if p else {"life_status": "serving"}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.care_profile_update(person_id=subject.pk, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("care:person", pk=subject.pk)
    return render(request, "care/form.html", {"subject": subject, "form": form, "title": "状态与联系方式"})


@login_required
def responsible_edit(request, pk):
    subject = subject_get_visible(request.user, pk)
    form = ResponsibleForm(
        request.POST or None,
        organizations=_organizer_unions(request.user),
        initial={"organization": subject.responsible_org},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.care_responsible_change(
                person_id=subject.pk, organization=form.cleaned_data["organization"], by=request.user
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"负责工会已改为{form.cleaned_data['organization'].name}")
            return redirect("care:person", pk=subject.pk)
    return render(request, "care/form.html", {"subject": subject, "form": form, "title": "更改负责工会"})


@login_required
@require_POST
def allowance_stop(request, pk):
    subject = subject_get_visible(request.user, pk)
    try:
        services.care_allowance_stop(person_id=subject.pk, by=request.user)
    except DomainError as exc:
        show_error(request, exc)
    else:
        messages.success(request, "已登记停发荣誉津贴")
    return redirect("care:person", pk=subject.pk)


@login_required
def event_correct(request, pk):
    event = get_object_or_404(CareEvent.objects.select_related("profile__person"), pk=pk)
    subject = subject_get_visible(request.user, event.profile.person_id)
    form = CorrectionForm(
        request.POST or None, initial={"date": event.date, "amount": event.amount, "note": event.note}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.care_event_correct(event=event, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "已更正，原记录保留")
            return redirect("care:person", pk=subject.pk)
    return render(
        request, "care/form.html", {"subject": subject, "form": form, "title": "更正台账记录", "event": event}
    )


@login_required
def hardship_apply_view(request, pk):
    subject = subject_get_visible(request.user, pk)
    form = HardshipForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.hardship_apply(person_id=subject.pk, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "已登记困难帮扶申请")
            return redirect("care:person", pk=subject.pk)
    return render(request, "care/form.html", {"subject": subject, "form": form, "title": "登记困难帮扶申请"})


@login_required
def hardship_decide_view(request, pk):
    app = get_object_or_404(HardshipApplication.objects.select_related("profile__person"), pk=pk)
    subject = subject_get_visible(request.user, app.profile.person_id)
    form = HardshipDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hardship_decide(application=app, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "已处理困难帮扶申请")
            return redirect("care:person", pk=subject.pk)
    return render(
        request, "care/form.html", {"subject": subject, "form": form, "title": "处理困难帮扶申请", "application": app}
    )


def _labelled(rule) -> dict:
    return {
        "kind": CareKind(rule.kind).label,
        "life_status": LifeStatus(rule.life_status).label if rule.life_status else "",
        "every_years": rule.every_years,
        "period": rule.period,
        "festivals": rule.festivals,
        "from_age": rule.from_age,
        "source": rule.source,
    }


@login_required
def rules_page(request):
    """The defaults with their source, and the rules of the unions the user organises (editable)."""
    _require_care(request)
    unions = _organizer_unions(request.user)
    org = None
    if request.GET.get("org", "").isdigit():
        org = get_object_or_404(unions, pk=int(request.GET["org"]))
    elif organizer_paths(request.user):
        org = unions.first()
    form = RuleForm(request.POST or None)
    if request.method == "POST":
        if org is None or not user_is_organizer_of(request.user, org):
            raise Http404
        if form.is_valid():
            d = dict(form.cleaned_data)
            try:
                services.care_rule_save(
                    organization=org,
                    by=request.user,
                    kind=d.pop("kind"),
                    honour_level=d.pop("honour_level"),
                    life_status=d.pop("life_status"),
                    **d,
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, "已保存待遇规则")
                return redirect(f"{request.path}?org={org.pk}")
    return render(
        request,
        "care/rules.html",
        {
            "defaults": [_labelled(r) for r in DEFAULT_RULES],
            "org": org,
            "unions": unions,
            "rules": rules_of_union(org) if org else [],
            "form": form,
        },
    )


@login_required
@require_GET
def export(request, name):
    _require_care(request)
    exporter_class = EXPORTS.get(name)
    if exporter_class is None:
        raise Http404
    try:
        return exporter_class.from_query(request.GET, user=request.user).response()
    except ExportError as exc:
        messages.error(request, f"导出失败：{exc}")
        return redirect("care:home")
