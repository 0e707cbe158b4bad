"""History import (历史表彰名单) through the one flow of ``core.imports.ImportFlow``:
upload → check (every row's problems, or the preview) → confirm."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.imports import ImportFlow
from core.jobs import job_builder
from directory.selectors import organization_list_visible

from ..forms.records import HistoryImportForm
from ..importers import HistoryImporter
from ..selectors.roles import history_import_allowed


@job_builder
def history_importer(user, target: str, options: dict) -> HistoryImporter:
    """The history importer with the chosen options (the parent only among the units the user sees)."""
    parent = None
    if options.get("parent"):
        parent = organization_list_visible(user).filter(pk=options["parent"]).first()
    return HistoryImporter(by=user, create_units=bool(options.get("create_units")), parent=parent)


def _history_flow(request) -> ImportFlow:
    user = request.user

    def options(form) -> dict:
        parent = form.cleaned_data["parent"]
        return {"create_units": form.cleaned_data["create_units"], "parent": parent.pk if parent else None}

    return ImportFlow(
        kind=HistoryImporter.kind,
        target="",
        importer=lambda options: history_importer(user, "", options),
        job_builder=history_importer,
        form=lambda data, files: HistoryImportForm(data, files, user=user),
        options=options,
        upload_url=reverse("awards:history_import"),
        confirm_url=reverse("awards:history_import_confirm"),
        done_url=reverse("awards:award_list"),
        title="导入历史表彰名单",
        template="awards/history_import.html",
    )


def _allowed(request) -> None:
    if not history_import_allowed(request.user):
        raise Http404


@login_required
def history_import(request):
    _allowed(request)
    return _history_flow(request).upload(request)


@login_required
@require_POST
def history_import_confirm(request):
    _allowed(request)
    return _history_flow(request).confirm(request)
