"""导出 pages and downloads of the awards app.

- ``award_export``: the 表彰记录 list's 导出 button — the rows the page's filter set (awards.forms.filters.
  AwardFilter over the user's visible awards) selects, as a 表彰名单 (revoked awards never listed);
- ``campaign_export``: a campaign's 表彰名单 / 公示名单 / 推荐汇总表 (the last with the campaign page's
  nomination filters applied);
- ``statistics`` (page) and ``statistics_export`` (download): the 统计表.

Everything is scoped to the user's organisations (objects outside answer 404, as elsewhere). The
downloads stream a FileResponse over the spooled temporary file the exporter wrote.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.exports import ExportError
from core.jobs import export_response, job_builder
from core.spreadsheets import SectionRow

from ..exporters import NominationsExporter, NoticeExporter, RosterExporter, StatisticsExporter
from ..forms.filters import AwardFilter, NominationFilter
from ..models import NominationStatus
from ..rules.composition import format_share
from ..selectors.awards import award_list_visible
from ..selectors.campaigns import campaign_get_visible
from ..selectors.nominations import nomination_list_visible

CAMPAIGN_EXPORTS = {
    "roster": RosterExporter,
    "notice": NoticeExporter,
    "nominations": NominationsExporter,
}
# Parameters of the pages' export bars (the rest the page fixes: campaign, filters), offered by
# awards.templatetags.award_exports.
EXPORT_OPTIONS = ("rule", "ethnicity")


def _failed(request, exc: ExportError, fallback: str) -> HttpResponseRedirect:
    messages.error(request, f"导出失败：{exc}")
    return HttpResponseRedirect(fallback)


def award_list_filter(request) -> AwardFilter:
    """The filter set of the 表彰记录 page, over the awards the user may see."""
    return AwardFilter(request.GET, queryset=award_list_visible(request.user))


def _options(query, exporter_class) -> dict:
    """rule / ethnicity from the query string, for the exporters that take them."""
    params = exporter_class.parameters_from_query(query)
    return {k: v for k, v in params.items() if k in EXPORT_OPTIONS}


@job_builder
def award_list_exporter(user, query) -> RosterExporter:
    """The 表彰记录 page's roster: the awards its filters (``query``) select among those ``user`` sees."""
    award_filter = AwardFilter(query, queryset=award_list_visible(user))
    data = award_filter.form.cleaned_data if award_filter.is_valid() else {}
    return RosterExporter(
        user=user,
        queryset=award_filter.qs,
        year=data.get("year"),
        honor=data.get("honor_type"),
        **_options(query, RosterExporter),
    )


@login_required
@require_GET
def award_export(request):
    try:
        exporter = award_list_exporter(request.user, request.GET)
        return export_response(request, exporter, builder=award_list_exporter)
    except ExportError as exc:
        return _failed(request, exc, reverse("awards:award_list"))


@job_builder
def campaign_exporter(user, query, *, campaign: int, name: str):
    """A campaign's 表彰名单 / 公示名单 / 推荐汇总表 (the last with the page's nomination filters)."""
    exporter_class = CAMPAIGN_EXPORTS[name]
    campaign_obj = campaign_get_visible(user, campaign)
    queryset = None
    fixed = {}
    if exporter_class is NominationsExporter:
        # The campaign page's nomination list and its filters: export what the page shows.
        nomination_filter = NominationFilter(query, queryset=nomination_list_visible(user), campaign=campaign_obj)
        queryset = nomination_filter.qs
        status = nomination_filter.form.cleaned_data.get("status") if nomination_filter.is_valid() else None
        fixed["status"] = [status] if status in NominationStatus.values else None
    return exporter_class.from_query(query, user=user, queryset=queryset, campaign=campaign_obj, **fixed)


@login_required
@require_GET
def campaign_export(request, pk: int, name: str):
    if name not in CAMPAIGN_EXPORTS:
        raise Http404("没有这种导出")
    campaign = campaign_get_visible(request.user, pk)
    try:
        exporter = campaign_exporter(request.user, request.GET, campaign=campaign.pk, name=name)
        return export_response(request, exporter, builder=campaign_exporter, campaign=campaign.pk, name=name)
    except ExportError as exc:
        return _failed(request, exc, reverse("awards:campaign_detail", args=[campaign.pk]))


def _statistics_exporter(request) -> tuple[forms.Form, StatisticsExporter | None]:
    """The 统计表 page's form (the exporter's own parameters) and, when it is valid, the exporter."""
    form = StatisticsExporter.Parameters(request.GET or None, user=request.user)
    if request.GET and not form.is_valid():
        return form, None
    params = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")} if request.GET else {}
    return form, StatisticsExporter(user=request.user, **params)


def _table(rows) -> list[tuple[str, object]]:
    """Rows for the page: ("section", text) or ("row", cells); the page shows what the file holds."""
    return [("section", r.text) if isinstance(r, SectionRow) else ("row", r) for r in rows]


@login_required
@require_GET
def statistics(request):
    form, exporter = _statistics_exporter(request)
    context = {"form": form, "exporter": exporter}
    if exporter is not None:
        context["heading"] = exporter.heading()
        context["count_rows"] = _table(exporter.count_rows())
        context["share_rows"] = [
            (*row[:5], "" if row[5] is None else format_share(row[5])) for row in exporter.share_rows()
        ]
        context["query"] = request.GET.urlencode()
    return render(request, "exports/statistics.html", context)


@login_required
@require_GET
def statistics_export(request):
    _form, exporter = _statistics_exporter(request)
    if exporter is None:
        messages.error(request, "统计条件有误，请检查后再导出")
        return HttpResponseRedirect(reverse("awards:statistics"))
    return exporter.response()
