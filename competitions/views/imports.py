"""Imports of the competitions app, all through the one flow of ``core.imports.ImportFlow``:
the registration sheet (报名表) of a competition and the score sheet (成绩登记表) of an event,
each with its blank template. Upload → check (every row's problems, or the preview) → confirm.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import XLSX_CONTENT_TYPE, safe_filename
from core.imports import ImportFlow, UploadForm
from core.jobs import job_builder
from core.spreadsheets import write_workbook_to_tempfile

from ..forms.registration import ImportForm
from ..importers.entries import EntryImporter
from ..importers.scores import ScoreImporter, score_template_sheets
from ..importers.template import template_bytes, template_filename
from ..models import Competition, Event
from ..selectors.access import event_get_for_scoring, require
from ..selectors.competitions import competition_get_visible
from ..services.common import require_organizer

# --- registration sheet -----------------------------------------------------------------------


def _competition(request, slug, *, manage: bool) -> Competition:
    """Outside the user's scope: 404; visible but not the organiser's to import into: 403."""
    competition = competition_get_visible(request.user, slug=slug)
    if manage:
        require_organizer(request.user, competition)
    return competition


@job_builder
def entries_importer(user, target: str, options: dict, *, competition: Competition | None = None) -> EntryImporter:
    """The registration importer of the competition ``target`` (its pk), here and in a background job."""
    return EntryImporter(
        competition or Competition.objects.get(pk=target),
        by=user,
        create_units=bool(options.get("create_units")),
        force=bool(options.get("force")),
    )


def _entries_flow(request, competition: Competition) -> ImportFlow:
    slug = competition.slug
    target = str(competition.pk)
    return ImportFlow(
        kind=EntryImporter.kind,
        target=target,
        importer=lambda options: entries_importer(request.user, target, options, competition=competition),
        job_builder=entries_importer,
        form=ImportForm,
        options=lambda form: {"create_units": form.cleaned_data["create_units"], "force": form.cleaned_data["force"]},
        upload_url=reverse("competitions:import_upload", args=[slug]),
        confirm_url=reverse("competitions:import_confirm", args=[slug]),
        done_url=reverse("competitions:entry_list", args=[slug]),
        title=_("导入报名表"),
        template="competitions/registration/import.html",
        context={"competition": competition},
    )


@login_required
def import_template(request, slug):
    competition = _competition(request, slug, manage=False)
    response = HttpResponse(template_bytes(competition), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(template_filename(competition))}"
    return response


@login_required
def import_upload(request, slug):
    """Upload → check: every error in a table, or what would be created with a confirm button."""
    return _entries_flow(request, _competition(request, slug, manage=True)).upload(request)


@login_required
@require_POST
def import_confirm(request, slug):
    """Re-read and re-check the stashed file, then save it all or nothing."""
    return _entries_flow(request, _competition(request, slug, manage=True)).confirm(request)


# --- score sheet ------------------------------------------------------------------------------


class ScoreUploadForm(UploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("成绩表（.xlsx）")


def _event(request, slug, event_pk):
    event, access = event_get_for_scoring(request.user, slug=slug, event_pk=event_pk)
    require(access.is_manager)
    return event, access


@job_builder
def scores_importer(user, target: str, options: dict, *, event: Event | None = None) -> ScoreImporter:
    """The score-sheet importer of the event ``target`` (its pk), here and in a background job."""
    return ScoreImporter(event or Event.objects.select_related("competition").get(pk=target), by=user)


def _scores_flow(request, event, access) -> ImportFlow:
    args = [event.competition.slug, event.pk]
    return ImportFlow(
        kind=ScoreImporter.kind,
        target=str(event.pk),
        importer=lambda options: scores_importer(request.user, str(event.pk), options, event=event),
        job_builder=scores_importer,
        form=ScoreUploadForm,
        upload_url=reverse("competitions:score_import", args=args),
        confirm_url=reverse("competitions:score_import_confirm", args=args),
        done_url=reverse("competitions:event_results", args=args),
        title=_("导入成绩"),
        template="competitions/scoring/import.html",
        context={
            "event": event,
            "competition": event.competition,
            "access": access,
            "template_url": reverse("competitions:score_template", args=args),
            "template_label": _("下载本赛项成绩登记表（已填好选手）"),
        },
    )


@login_required
def score_import(request, slug, event_pk):
    event, access = _event(request, slug, event_pk)
    return _scores_flow(request, event, access).upload(request)


@login_required
@require_POST
def score_import_confirm(request, slug, event_pk):
    event, access = _event(request, slug, event_pk)
    return _scores_flow(request, event, access).confirm(request)


@login_required
def score_template(request, slug, event_pk):
    event, _access = _event(request, slug, event_pk)
    fh = write_workbook_to_tempfile(score_template_sheets(event), font_name=settings.JIANGXIN_EXPORT_FONT)
    name = safe_filename(f"{event.competition.name}-{event.name}-成绩登记表.xlsx")
    return FileResponse(fh, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)
