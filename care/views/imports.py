"""Ledger import (导入关爱台账) through the one flow of ``core.imports.ImportFlow``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_POST

from core.imports import ImportFlow

from ..forms import LedgerImportForm
from ..importers import LedgerImporter
from ..importers.template import TEMPLATE_FILENAME, ledger_template_bytes
from ..selectors import may_see_care


def _flow(request) -> ImportFlow:
    user = request.user
    return ImportFlow(
        kind=LedgerImporter.kind,
        target="",
        importer=lambda options: LedgerImporter(by=user),
        form=lambda data, files: LedgerImportForm(data, files),
        upload_url=reverse("care:import"),
        confirm_url=reverse("care:import_confirm"),
        done_url=reverse("care:home"),
        title="导入关爱台账",
        template="care/import.html",
        context={"template_url": reverse("care:import_template"), "template_label": "下载模板"},
    )


@login_required
def ledger_import(request):
    if not may_see_care(request.user):
        raise Http404
    return _flow(request).upload(request)


@login_required
@require_POST
def ledger_import_confirm(request):
    if not may_see_care(request.user):
        raise Http404
    return _flow(request).confirm(request)


@login_required
def ledger_template(request):
    if not may_see_care(request.user):
        raise Http404
    response = HttpResponse(
        ledger_template_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(TEMPLATE_FILENAME)}"
    return response
