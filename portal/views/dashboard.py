"""统计看板 and 年度总结: thin views over portal.selectors.dashboard.

GET /dashboard/?org=&year=           the charts with their tables (404 for an organisation outside scope)
GET /dashboard/charts.css            the charts' stylesheet (pygal's, served once; see portal.charts)
GET /dashboard/export/?org=&year=&chart=   the numbers as Excel (core.exports, ``dashboard``)
GET /dashboard/summary/?org=&year=   the generated paragraph, editable, with its tables
POST /dashboard/summary/docx/        the (edited) paragraph and the tables as .docx
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from core.exports import ExportError, safe_filename

from ..charts import chart_css, render_panel
from ..exporters import DashboardExporter
from ..exporters.summary_docx import DOCX_CONTENT_TYPE, SUMMARY_TABLES, summary_docx, summary_title
from ..selectors.dashboard import dashboard as dashboard_of
from ..selectors.dashboard import dashboard_organization, dashboard_organizations, parse_year


def _board(request, data):
    org = dashboard_organization(request.user, data.get("org"))
    return dashboard_of(org, parse_year(data.get("year")))


def _context(request, board) -> dict:
    return {
        "board": board,
        "organizations": dashboard_organizations(request.user).only("id", "name", "depth"),
        "query": f"org={board.org.pk}&year={board.year}",
    }


@login_required
@require_GET
def dashboard(request):
    board = _board(request, request.GET)
    context = _context(request, board)
    context["charts"] = [(panel, "" if panel.empty else render_panel(panel)) for panel in board.panels]
    return render(request, "portal/dashboard.html", context)


@login_required
@require_GET
@cache_control(max_age=86400, private=True)
def dashboard_chart_css(request):
    return HttpResponse(chart_css(), content_type="text/css; charset=utf-8")


@login_required
@require_GET
def dashboard_export(request):
    board = _board(request, request.GET)
    try:
        exporter = DashboardExporter(
            user=request.user, organization=board.org, year=board.year, chart=request.GET.get("chart") or None
        )
    except ExportError as exc:
        messages.error(request, f"导出失败：{exc}")
        return HttpResponseRedirect(reverse("portal:dashboard") + f"?org={board.org.pk}&year={board.year}")
    return exporter.response()


@login_required
@require_GET
def summary(request):
    board = _board(request, request.GET)
    context = _context(request, board)
    context["title"] = summary_title(board)
    context["tables"] = [board.panel(key) for key in SUMMARY_TABLES]
    return render(request, "portal/dashboard_summary.html", context)


@login_required
@require_POST
def summary_docx_download(request):
    board = _board(request, request.POST)
    text = request.POST.get("text") or board.summary
    return FileResponse(
        summary_docx(board, text),
        as_attachment=True,
        filename=safe_filename(f"{summary_title(board)}.docx"),
        content_type=DOCX_CONTENT_TYPE,
    )
