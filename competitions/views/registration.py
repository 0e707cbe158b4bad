"""Registration pages (issue 3): competitions, events, entries, the registration list and its import.

Thin views: forms parse, services write, selectors read. Every page first finds the competition
among those the user may see (404 otherwise); writing pages then require an organiser of the
competition's organiser (403 for other viewers, e.g. co-organisers).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import DomainError, NotAllowed, form_error, show_error
from core.jobs import export_response, job_builder
from core.models import ImportRecord
from core.pagecache import stamped_part
from core.tables import configure_table, narrow_sort
from directory.models import Person
from directory.selectors import (
    organizer_paths,
    person_list_visible,
    person_owner_checker,
    user_is_organizer_anywhere,
)

from ..exporters.entries import EntryListExporter
from ..forms.filters import CompetitionFilter, EntryFilter
from ..forms.registration import (
    CompetitionForm,
    ComponentFormSet,
    EntryForm,
    EntryStatusForm,
    EventForm,
    StatusForm,
    person_search,
)
from ..importers.entries import IMPORT_KIND
from ..models import Competition, CompetitionStatus, EntryStatus, Event
from ..rules.registration import entered_details
from ..selectors.competitions import (
    competition_get_visible,
    competition_list_visible,
    competition_units,
    competition_user_can_manage,
    registered_count_subquery,
)
from ..selectors.entries import entry_list_for_competition, entry_list_rows, entry_list_stamps
from ..services import competitions as competition_services
from ..services import entries as entry_services
from ..services import events as event_services
from .tables import CompetitionTable, EntryTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 200


def _visible(request, slug) -> Competition:
    """The competition, among those in the user's scope (404 otherwise)."""
    return competition_get_visible(request.user, slug=slug, with_events=False)


def _managed(request, slug) -> Competition:
    """The competition, when the user may manage its registration (403 when he only sees it)."""
    competition = _visible(request, slug)
    if not competition_user_can_manage(request.user, competition):
        raise NotAllowed("只有主办单位的组织者可以进行此操作")
    return competition


# --- competitions -----------------------------------------------------------------------------


def competition_list_page(request):
    qs = competition_list_visible(request.user).annotate(entry_count=registered_count_subquery())
    filterset = CompetitionFilter(request.GET, queryset=qs.order_by("-year", "name"))
    table = CompetitionTable(filterset.qs)
    configure_table(request, table, per_page=25)
    roots = organizer_paths(request.user)
    can_create = roots is None or bool(roots)
    return render(
        request,
        "competitions/competition_list.html",
        {"filter": filterset, "table": table, "can_create": can_create},
    )


@login_required
def competition_create(request):
    if not user_is_organizer_anywhere(request.user):
        raise NotAllowed("只有组织的管理员或组织者可以创建竞赛")
    form = CompetitionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        co = data.pop("co_organizers")
        try:
            competition = competition_services.competition_create(by=request.user, co_organizers=co, **data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"已创建竞赛“{competition.name}”（草稿）。请添加赛项，然后开放报名。")
            return redirect("competitions:registration_manage", competition.slug)
    return render(request, "competitions/registration/competition_form.html", {"form": form, "competition": None})


@login_required
def competition_edit(request, slug):
    competition = _managed(request, slug)
    form = CompetitionForm(request.POST or None, instance=competition, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("organizer", "slug")}
        co = data.pop("co_organizers")
        try:
            competition_services.competition_update(competition=competition, by=request.user, co_organizers=co, **data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "已保存竞赛信息")
            return redirect("competitions:registration_manage", competition.slug)
    return render(
        request, "competitions/registration/competition_form.html", {"form": form, "competition": competition}
    )


@login_required
@require_POST
def competition_status(request, slug):
    competition = _managed(request, slug)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            change = competition_services.competition_advance_status(
                competition=competition,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, f"竞赛状态已变为“{change.get_to_status_display()}”")
    return redirect("competitions:registration_manage", competition.slug)


@login_required
def registration_manage(request, slug):
    """报名管理: status and its next steps, events with their numbers, imports."""
    competition = _visible(request, slug)
    can_manage = competition_user_can_manage(request.user, competition)
    events = (
        competition.events.prefetch_related("components")
        .annotate(
            registered=Count("entries", filter=Q(entries__status=EntryStatus.REGISTERED)),
            withdrawn=Count("entries", filter=~Q(entries__status=EntryStatus.REGISTERED)),
            delegations=Count(
                "entries__delegation", filter=Q(entries__status=EntryStatus.REGISTERED), distinct=True
            ),
        )
        .order_by("id")
    )
    imports = ImportRecord.objects.filter(kind=IMPORT_KIND, summary__competition=competition.slug).select_related(
        "imported_by"
    )[:20]
    return render(
        request,
        "competitions/registration/manage.html",
        {
            "competition": competition,
            "can_manage": can_manage,
            "events": events,
            "moves": competition_services.competition_next_statuses(competition) if can_manage else [],
            "flow": _flow(competition),
            "status_form": StatusForm(auto_id="status-%s"),
            "registration_problem": competition_services.registration_problem(competition),
            "registration_overdue": can_manage and competition_services.registration_overdue(competition),
            "status_changes": competition.status_changes.select_related("changed_by"),
            "imports": imports,
        },
    )


def _flow(competition):
    values = [s.value for s in CompetitionStatus]
    current = values.index(competition.status)
    return [(s.label, i < current, i == current) for i, s in enumerate(CompetitionStatus)]


# --- events -----------------------------------------------------------------------------------


def _event_page(request, competition, event=None):
    if event is None:
        initial = {}
        components = [{"name": "理论", "weight": 30}, {"name": "实操", "weight": 70}]
    else:
        initial = {
            "name": event.name,
            "trade": event.trade,
            "kind": event.kind,
            "team_size": event.team_size,
            "places_per_delegation": event.places_per_delegation,
            "bib_prefix": event.bib_prefix,
        }
        components = [{"name": c.name, "weight": c.weight} for c in event.components.all()]
    form = EventForm(request.POST or None, initial=initial)
    # Initial values only on GET: with them, a bound extra form equal to its initial is skipped as unchanged.
    if request.method == "POST":
        formset = ComponentFormSet(request.POST, prefix="components")
    else:
        formset = ComponentFormSet(initial=components, prefix="components")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            if event is None:
                event = event_services.event_create(
                    competition=competition, by=request.user, components=formset.components, **form.cleaned_data
                )
                messages.success(request, f"已添加赛项“{event.name}”")
            else:
                event_services.event_update(
                    event=event, by=request.user, components=formset.components, **form.cleaned_data
                )
                messages.success(request, f"已保存赛项“{event.name}”")
        except DomainError as exc:
            form_error(form, exc)
        else:
            return redirect("competitions:registration_manage", competition.slug)
    return render(
        request,
        "competitions/registration/event_form.html",
        {"competition": competition, "event": event, "form": form, "formset": formset},
    )


@login_required
def event_create(request, slug):
    return _event_page(request, _managed(request, slug))


@login_required
def event_edit(request, slug, pk):
    competition = _managed(request, slug)
    return _event_page(request, competition, get_object_or_404(Event, competition=competition, pk=pk))


# --- entries ----------------------------------------------------------------------------------


@job_builder
def entry_list_exporter(user, query, *, competition: int) -> EntryListExporter:
    """报名名单's export: the entries the page's filters (``query``) select (a background job rebuilds it)."""
    competition_obj = competition_list_visible(user).get(pk=competition)
    filterset = EntryFilter(query, queryset=entry_list_for_competition(competition_obj), competition=competition_obj)
    return EntryListExporter(user=user, queryset=filterset.qs, competition=competition_obj)


@login_required
def entry_list(request, slug):
    """报名名单: filters, search, sorting, pages, and 导出 Excel of exactly the filtered rows."""
    competition = _visible(request, slug)
    can_manage = competition_user_can_manage(request.user, competition)
    if request.GET.get("export") == "xlsx":
        exporter = entry_list_exporter(request.user, request.GET, competition=competition.pk)
        return export_response(request, exporter, builder=entry_list_exporter, competition=competition.pk)
    # The count, the filters and the table are drawn once per user and query string, and drawn afresh
    # after any change they show (entry_list_stamps): an organiser reloading the list, or paging back
    # to it, pays for the page around them only.
    part = stamped_part(
        f"entries:{competition.pk}",
        entry_list_stamps(request.user, competition, request.GET),
        lambda: _entry_list_part(request, competition, can_manage),
    )
    export_query = request.GET.copy()
    export_query.pop("page", None)
    export_query["export"] = "xlsx"
    return render(
        request,
        "competitions/registration/entry_list.html",
        {"competition": competition, "part": part, "can_manage": can_manage, "export_query": export_query.urlencode()},
    )


def _entry_list_part(request, competition, can_manage: bool) -> dict:
    """报名名单's count, filter row and table as HTML: nothing of the request but its user and query
    string (no CSRF token, no message), which key the cache."""
    filterset = EntryFilter(request.GET, queryset=entry_list_for_competition(competition), competition=competition)
    # the ids sorted alone, then the page's rows with their joins (not every filtered entry's)
    table = EntryTable(narrow_sort(entry_list_rows(filterset.qs).order_by("event_id", "bib", "id")), full=can_manage,
                       can_manage=can_manage, competition=competition, owns=person_owner_checker(request.user))
    configure_table(request, table, per_page=50)
    return {
        "count": render_to_string("core/_row_count.html", {"paginator": table.paginator, "unit": "条"}, request),
        "filter": render_to_string("forms/filter.html", {"filter": filterset}, request),
        "table": table.as_html(request),
    }


@login_required
def entry_create(request, slug):
    """One entry: pick an existing person (search by name or ID number) or type in a new one."""
    competition = _managed(request, slug)
    units = competition_units(competition).order_by("path")
    visible_people = person_list_visible(request.user)
    term = request.GET.get("q", "")
    found = person_search(visible_people, term)[:20] if term else Person.objects.none()
    form = EntryForm(
        request.POST or None, competition=competition, units=units, people=visible_people,
        found=list(found) if term else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = data["person"] or entry_services.entry_person_for(
                    data["new_person"], competition=competition, by=request.user
                )
                entry = entry_services.entry_register(
                    event=data["event"],
                    person=person,
                    delegation=data["delegation_resolved"],
                    team=data.get("team"),
                    team_name=data.get("team_name", ""),
                    by=request.user,
                    force=data.get("force", False),
                    entered=entered_details(data["new_person"], data["new_person"]["employer"].name)
                    if data["person"] is None else None,
                )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"已为 {entry.person.name} 报名“{entry.event.name}”，参赛号 {entry.bib}")
            return redirect(reverse("competitions:entry_list", args=[competition.slug]) + f"?q={entry.bib}")
    return render(
        request,
        "competitions/registration/entry_form.html",
        {"competition": competition, "form": form, "term": term, "found": found},
    )


@login_required
def entry_status(request, slug, pk):
    competition = _managed(request, slug)
    entry = get_object_or_404(
        entry_list_for_competition(competition), pk=pk
    )
    initial = {"action": "withdraw" if entry.status == EntryStatus.REGISTERED else "reinstate"}
    form = EntryStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action == "withdraw":
                entry_services.entry_withdraw(entry=entry, reason=reason, by=request.user)
            elif action == "disqualify":
                entry_services.entry_disqualify(entry=entry, reason=reason, by=request.user)
            else:
                entry_services.entry_reinstate(entry=entry, by=request.user)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"已更新 {entry.person.name}（{entry.bib}）的报名状态")
            return redirect("competitions:entry_list", competition.slug)
    context = {"competition": competition, "entry": entry, "form": form}
    return render(request, "competitions/registration/entry_status.html", context)


@login_required
@require_POST
def entry_bulk_withdraw(request, slug):
    """批量退赛: the ticked entries → a confirmation page (what happens to each, one reason) → all
    withdrawn at once or none, each recorded."""
    competition = _managed(request, slug)
    ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()][:2000]
    chosen = list(
        entry_list_for_competition(competition).filter(pk__in=ids).select_related("event__competition", "person")
        .order_by("event_id", "bib", "id")
    )
    list_url = reverse("competitions:entry_list", args=[competition.slug])
    if not chosen:
        messages.error(request, "请先勾选要退赛的报名")
        return redirect(list_url)
    reason = (request.POST.get("reason") or "").strip()[:500]
    reason_error = ""
    if request.POST.get("confirm") == "1":
        if not reason:
            reason_error = "请填写退赛原因"
        else:
            try:
                done = entry_services.entries_bulk_withdraw(entries=chosen, reason=reason, by=request.user)
            except NotAllowed:
                raise
            except DomainError as exc:
                show_error(request, exc)
            else:
                messages.success(request, f"已为 {len(done)} 条报名办理退赛")
                return redirect(list_url)
    rows = [
        (f"{e.person.name}（{e.bib or '无参赛号'}）", f"{e.event.name} · {e.get_status_display()}",
         entry_services.entry_withdraw_problem(e))
        for e in chosen
    ]
    return render(request, "core/bulk_confirm.html", {
        "title": f"批量退赛：{competition.name}",
        "explanation": f"以下 {len(rows)} 条报名将改为“已退赛”，参赛号保留、名额释放，每一条都记入报名变更记录；"
        "以后可以逐条恢复报名。",
        "rows": rows,
        "outcome": "退赛（→ 已退赛）",
        "blocked": sum(1 for r in rows if r[2]),
        "ids": [e.pk for e in chosen],
        "hidden": [],
        "reason_label": "退赛原因",
        "reason_required": True,
        "reason": reason,
        "reason_error": reason_error,
        "button": f"确认退赛 {len(rows)} 条",
        "danger": True,
        "action_url": reverse("competitions:entry_bulk_withdraw", args=[competition.slug]),
        "back_url": list_url,
    })
