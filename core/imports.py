"""The one import pipeline: registration sheets, score sheets and award history all go through it.

Shape (pretix's modelimport, Tabbycat's importer base)::

    read (core.spreadsheets: size limit, hostile files refused, header found, cells cleaned)
      → validate EVERY row (all problems collected as RowError: row, column, Chinese reason)
      → preview (what would be created or changed: counts and the first rows)
      → save, through the app's services, in ONE transaction (all or nothing)

An importer subclasses ``Importer`` and fills in ``columns``, ``validate``, ``preview`` and
``save``. Whatever it cannot accept it reports: ``report.errors`` for every bad row, or a
``DomainError`` (with ``rows=`` RowErrors) from a step that refuses the file as a whole.

Between the check and the confirmation the uploaded bytes wait in ``ImportStash`` (a database row,
so every web server sees it; owner-checked; expires). ``ImportFlow`` is the one web flow:
upload → check (every error listed with row and column; the preview's counts) → confirm.

Conventions used everywhere: ``RowError.row`` is the row number Excel shows, ``None`` for a
problem of the whole file; ``column`` is the column's header, ``""`` for the row as a whole.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from .errors import DomainError
from .forms import CrispyForm
from .models import ImportFailure, ImportRecord, ImportStash
from .spreadsheets import ColumnSpec, SpreadsheetError, TableResult, read_table
from .spreadsheets.safety import too_big_message

logger = logging.getLogger(__name__)

UNREADABLE = "无法读取该文件，内容格式异常。请用 Excel/WPS 打开后另存为新的 .xlsx 再上传"
STASH_MAX_AGE = dt.timedelta(hours=6)
# Tokens confirmed in a session (and the line said then): confirming one again says "已导入".
DONE_SESSION_KEY = "imports_done"
DONE_REMEMBERED = 20
PREVIEW_ROWS = 200
SHOWN_ERRORS = 1000


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem (or notice): ``row`` as Excel shows it, None for the whole file; ``column`` a header."""

    row: int | None
    column: str = ""
    message: str = ""

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.column}：{self.message}" if self.column else self.message
        return f"第{self.row}行 {self.column}：{self.message}" if self.column else f"第{self.row}行：{self.message}"


@dataclass
class ImportReport:
    """What one run found: the rows read, every error, notices, and what was (or would be) saved.

    Subclasses add the plan their ``save`` needs and say what the preview shows (``counts``,
    ``preview_header``/``preview_rows``) and how one line sums it up (``summary_line``).
    """

    filename: str = ""
    dry_run: bool = True
    rows: int = 0
    sha256: str = ""
    errors: list[RowError] = field(default_factory=list)
    notices: list[RowError] = field(default_factory=list)
    record: ImportRecord | None = None

    noun: ClassVar[str] = "行"  # what confirming imports: "确认导入 N 条报名"
    preview_header: ClassVar[Sequence[str]] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def saved(self) -> bool:
        return self.record is not None

    def error(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def notice(self, row: int | None, column: str, message: str) -> None:
        self.notices.append(RowError(row, column, message))

    # -- what the preview shows (override) -----------------------------------------------------

    def planned(self) -> int:
        """How many things confirming would import (the number on the confirm button)."""
        return self.rows

    def counts(self) -> list[tuple[str, int]]:
        """The preview's figures, in order: (label, number)."""
        return []

    def details(self) -> list[str]:
        """Further lines under the counts (e.g. the names of units to be created)."""
        return []

    def preview_rows(self, limit: int = PREVIEW_ROWS) -> list[Sequence[Any]]:
        return []

    def summary_line(self) -> str:
        body = "，".join(f"{label} {n}" for label, n in self.counts())
        return f"{'检查通过（未保存）：' if not self.saved else '已导入：'}{body}"

    def confirm_label(self) -> str:
        return f"确认导入 {self.planned()} {self.noun}"


def errors_of(exc: DomainError) -> list[RowError]:
    """A refused step as RowErrors: its ``rows``, else its message as a whole-file error."""
    rows = [r if isinstance(r, RowError) else RowError(None, "", str(r)) for r in exc.rows]
    return rows or [RowError(None, "", exc.message), *(RowError(None, "", d) for d in exc.details)]


# --- reading the upload -----------------------------------------------------------------------


def read_upload(source: bytes | str | os.PathLike | IO[bytes], *, max_bytes: int) -> bytes:
    """The file's bytes, never reading more than ``max_bytes`` + 1 of them."""
    # file.read(n) allocates n bytes up front: ask for the known size + 1, never the limit.
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        size = os.path.getsize(source)
        if size > max_bytes:
            raise SpreadsheetError(too_big_message(max_bytes, size))
        with open(source, "rb") as fh:
            data = fh.read(size + 1)
    else:
        size = getattr(source, "size", None)
        if isinstance(size, int) and size > max_bytes:
            raise SpreadsheetError(too_big_message(max_bytes, size))
        if getattr(source, "seekable", lambda: False)():
            source.seek(0)
        data = source.read((size if isinstance(size, int) else max_bytes) + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(too_big_message(max_bytes, len(data)))
    return data


# --- progress ---------------------------------------------------------------------------------

# progress(done, total, phase): called by ``Importer.run`` as it reads, checks and saves; the
# background jobs (core.jobs) write it to the job row, the commands draw a bar (core.progress).
Progress = Callable[..., None]
PROGRESS_EVERY_ROWS = 250


class ProgressRows(list):
    """The table's rows; iterating them reports how many were checked (every importer loops over them)."""

    def __init__(self, rows, progress: Progress):
        super().__init__(rows)
        self.progress = progress

    def __iter__(self):
        total = len(self)
        for i, row in enumerate(super().__iter__()):
            if i % PROGRESS_EVERY_ROWS == 0:
                self.progress(i, total, "检查")
            yield row
        self.progress(total, total, "检查")


# --- the pipeline -----------------------------------------------------------------------------


class Importer(ABC):
    """Base of every spreadsheet import. ``run`` is the pipeline; subclasses fill in the steps.

    ``by`` is who imports (None on the command line). The number of queries of ``validate`` and
    ``save`` must not grow with the number of rows: look things up in bulk before the row loop.
    """

    kind: ClassVar[str]  # ImportRecord.kind and ImportStash.kind
    report_class: ClassVar[type[ImportReport]] = ImportReport

    def __init__(self, *, by=None, max_rows: int | None = None, max_bytes: int | None = None):
        self.by = by if getattr(by, "pk", None) else None
        self.max_rows = max_rows or settings.JIANGXIN_IMPORT_MAX_ROWS
        self.max_bytes = max_bytes or settings.JIANGXIN_UPLOAD_MAX_BYTES

    # -- steps ---------------------------------------------------------------------------------

    @abstractmethod
    def columns(self) -> list[ColumnSpec]:
        """The columns the reader maps the header onto."""

    def new_report(self, filename: str, dry_run: bool) -> ImportReport:
        return self.report_class(filename=filename, dry_run=dry_run)

    @abstractmethod
    def validate(self, table: TableResult, report: ImportReport) -> None:
        """Check every row; add every problem to ``report.errors``; keep the plan on ``report``."""

    def preview(self, report: ImportReport) -> None:  # noqa: B027 - optional step
        """Work out what saving would create or change (counts on ``report``); reads only."""

    @abstractmethod
    def save(self, report: ImportReport) -> None:
        """Write the plan through the app's services (``run`` holds the transaction); set ``report.record``."""

    def sort_errors(self, errors: list[RowError]) -> None:
        errors.sort(key=lambda e: -1 if e.row is None else e.row)

    # -- the pipeline --------------------------------------------------------------------------

    def run(self, source, *, filename: str, dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
        report = self.new_report(os.path.basename(str(filename))[:255], dry_run)
        if progress is not None:
            progress(0, 0, "读取")
        try:
            # A missing path (command line) raises OSError: the caller says so in its own words.
            data = read_upload(source, max_bytes=self.max_bytes)
        except SpreadsheetError as exc:
            report.error(None, "", exc.message)
            return report
        report.sha256 = hashlib.sha256(data).hexdigest()
        try:
            table = read_table(data, self.columns(), max_rows=self.max_rows, max_bytes=self.max_bytes)
        except SpreadsheetError as exc:
            report.error(None, "", exc.message)
            return report
        except Exception:
            # A hostile file may break the parser in ways nobody listed: refuse it, never a 500.
            logger.exception("unreadable %s sheet %s", self.kind, report.filename)
            report.error(None, "", UNREADABLE)
            return report
        del data
        report.rows = len(table.rows)
        if progress is not None:
            table.rows = ProgressRows(table.rows, progress)
        try:
            self.validate(table, report)
        except DomainError as exc:
            report.errors.extend(errors_of(exc))
        if report.errors:
            self.sort_errors(report.errors)
            return report
        try:
            self.preview(report)
            if not dry_run:
                if progress is not None:
                    progress(report.rows, report.rows, "保存")
                with transaction.atomic():
                    self.save(report)
        except DomainError as exc:
            report.record = None
            report.errors.extend(errors_of(exc))
        return report


def import_record_create(
    report: ImportReport, *, kind: str, target: str, by, created: int, updated: int = 0, summary: dict | None = None
) -> ImportRecord:
    """The audit row of one saved import (called by the services inside their transaction)."""
    return ImportRecord.objects.create(
        kind=kind,
        target=target[:200],
        filename=report.filename[:255],
        sha256=report.sha256,
        rows=report.rows,
        created_count=created,
        updated_count=updated,
        summary=summary or {},
        imported_by=by if getattr(by, "pk", None) else None,
    )


def _saved_by_another_confirm(stash: ImportStash) -> bool:
    """Whether this very file (same owner, kind and bytes) was saved since it was stashed."""
    return ImportRecord.objects.filter(
        kind=stash.kind, sha256=stash.sha256, imported_by_id=stash.owner_id, imported_at__gte=stash.created_at
    ).exists()


def import_failure_record(report: ImportReport, *, kind: str, target: str, title: str, by, url: str):
    """A web upload refused by the check (nothing saved), for the uploader's home page."""
    if not getattr(by, "pk", None):
        return None
    return ImportFailure.objects.create(
        kind=kind,
        target=target[:200],
        title=title[:200],
        url=url[:300],
        filename=report.filename[:255],
        error_count=len(report.errors),
        first_errors=[str(e) for e in report.errors[:3]],
        uploaded_by=by,
    )


# --- the stash --------------------------------------------------------------------------------


def stash_sweep(now: dt.datetime | None = None) -> int:
    """Delete the stashed uploads nobody confirmed in time; returns how many."""
    deleted, _ = ImportStash.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted


def stash_put(*, owner, kind: str, target: str, filename: str, data: bytes, options: dict) -> ImportStash:
    """Keep a checked upload until it is confirmed; replaces the owner's earlier one for the same target."""
    stash_sweep()
    ImportStash.objects.filter(owner=owner, kind=kind, target=target).delete()
    now = timezone.now()
    return ImportStash.objects.create(
        owner=owner,
        kind=kind,
        target=target[:200],
        filename=filename[:255],
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        options=options,
        expires_at=now + STASH_MAX_AGE,
    )


def stash_get(*, owner, kind: str, target: str, token: str) -> ImportStash | None:
    """The owner's stash ``token``: Http404 when it is not theirs (or no stash at all), None when expired."""
    with contextlib.suppress(ValueError, ValidationError, TypeError):
        stash = (
            ImportStash.objects.filter(pk=uuid.UUID(str(token)), owner=owner, kind=kind, target=target).first()
        )
        if stash is not None:
            if stash.expires_at < timezone.now() or hashlib.sha256(bytes(stash.data)).hexdigest() != stash.sha256:
                stash.delete()
                return None
            return stash
    raise Http404("没有这个待确认的导入")


# --- the web flow -----------------------------------------------------------------------------


class UploadForm(CrispyForm, forms.Form):
    """A spreadsheet upload: one .xlsx file within the size limit. Import forms add their options
    (and may relabel ``file``)."""

    file = forms.FileField(
        label="表格文件（.xlsx）",
        error_messages={
            "required": "请选择要上传的 .xlsx 文件",
            "empty": "文件为空（0 字节），请选择填好的 .xlsx 文件重新上传",
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.JIANGXIN_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(too_big_message(limit, upload.size))
        if upload.size == 0:
            raise ValidationError("文件为空（0 字节），请选择填好的 .xlsx 文件重新上传")
        return upload


@dataclass
class ImportFlow:
    """Upload → check → confirm, the same for every import. The app's view builds one and calls a step.

    ``importer(options)`` makes the importer (``options`` as stashed: JSON values only);
    ``form(data, files)`` the upload form; ``options(form)`` the options a valid form chose.
    ``target`` ties the stash to what is imported into (a competition, an event …).
    """

    kind: str
    target: str
    importer: Callable[[dict], Importer]
    form: Callable[..., forms.Form]
    upload_url: str
    confirm_url: str
    done_url: str
    title: str
    template: str = "core/import.html"
    options: Callable[[forms.Form], dict] = lambda form: {}
    context: dict = field(default_factory=dict)
    # A ``core.jobs.job_builder`` ``(user, target, options) -> Importer``: files of more rows than
    # JIANGXIN_JOB_THRESHOLD_ROWS are checked and saved by a background job with a progress bar.
    job_builder: Callable | None = None

    def _render(self, request, form, report=None, token=None) -> HttpResponse:
        context = {
            "title": self.title,
            "form": form,
            "report": report,
            "token": token,
            "upload_url": self.upload_url,
            "confirm_url": self.confirm_url,
            "preview_rows": report.preview_rows(PREVIEW_ROWS) if report is not None and report.ok else [],
            "shown_errors": SHOWN_ERRORS,
            **self.context,
        }
        return render(request, self.template, context)

    def upload(self, request) -> HttpResponse:
        """GET: the form. POST: check the file (nothing saved); if it is clean, stash it for ``confirm``."""
        if request.method != "POST":
            return self._render(request, self.form(None, None))
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form)
        upload = form.cleaned_data["file"]
        options = self.options(form)
        report = None
        try:
            data = read_upload(upload, max_bytes=settings.JIANGXIN_UPLOAD_MAX_BYTES)
        except SpreadsheetError as exc:
            report = ImportReport(filename=os.path.basename(upload.name)[:255])
            report.error(None, "", exc.message)
            return self._render(request, form, report)
        if self.job_builder is not None:
            from .jobs import estimate_rows, import_job_start, threshold  # core.jobs builds on this module

            if estimate_rows(data, stop_after=threshold()) > threshold():
                stash = stash_put(
                    owner=request.user,
                    kind=self.kind,
                    target=self.target,
                    filename=os.path.basename(upload.name),
                    data=data,
                    options=options,
                )
                job = import_job_start(self, stash, owner=request.user)
                return redirect("core:job_detail", pk=job.pk)
        report = self.importer(options).run(data, filename=upload.name, dry_run=True)
        token = None
        if not report.ok:
            import_failure_record(
                report, kind=self.kind, target=self.target, title=self.title, by=request.user, url=self.upload_url
            )
        if report.ok:
            token = stash_put(
                owner=request.user,
                kind=self.kind,
                target=self.target,
                filename=report.filename,
                data=data,
                options=options,
            ).pk
        return self._render(request, form, report, token)

    def confirm(self, request) -> HttpResponse:
        """POST only: re-read and re-check the stashed bytes, then save them all or nothing.

        A token already confirmed in this session (Back, then confirm again) says so and shows the
        result; an unknown or expired one sends the user back to the upload page with a message."""
        token = str(request.POST.get("token", ""))[:64]
        done = request.session.get(DONE_SESSION_KEY, {})
        if token in done:
            messages.info(request, f"这个文件已经导入过，没有再次保存。{done[token]}")
            return redirect(self.done_url)
        try:
            stash = stash_get(owner=request.user, kind=self.kind, target=self.target, token=token)
        except Http404:
            messages.error(request, "没有找到待确认的导入（可能已被确认，或已被新的上传替换），请重新上传")
            return redirect(self.upload_url)
        if stash is None:
            messages.error(request, "上传的文件已过期，请重新上传")
            return redirect(self.upload_url)
        report = self.importer(stash.options).run(bytes(stash.data), filename=stash.filename, dry_run=False)
        if not report.saved:
            if _saved_by_another_confirm(stash):
                # The same file confirmed twice at once (two tabs, a double click): the other one saved it,
                # and its rows now look like duplicates to this check. Say what really happened.
                messages.info(request, "这个文件已经由另一次确认导入，没有再次保存。")
                return redirect(self.done_url)
            # Something changed since the check: show what is wrong now; the file stays for another try.
            return self._render(request, self.form(None, None), report)
        summary = report.summary_line()
        stash.delete()
        done = {k: v for k, v in list(done.items())[-(DONE_REMEMBERED - 1) :]}
        done[token] = summary
        request.session[DONE_SESSION_KEY] = done
        messages.success(request, summary)
        return redirect(self.done_url)
