"""One exporter class per spreadsheet, registered in one place.

An exporter turns parameters (and, from a list page, the currently filtered queryset) into sheets
for `core.spreadsheets.write_workbook`. The same class serves the web (``response()``) and the
command line (``python manage.py export NAME [options] -o FILE.xlsx``; ``--list`` names them all).

Each app declares its exporters in ``<app>/exporters/`` (decorated with ``register``); ``core.apps``
imports those packages by name at start-up so the registry is complete.

Writing goes to a spooled temporary file (RAM up to 1 MB, then disk) which the HTTP response then
streams in chunks: memory stays flat however many rows there are, because rows are produced from
``.iterator()`` querysets and openpyxl's write-only mode never holds more than one row.
"""

from __future__ import annotations

import argparse
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse
from django.utils import timezone

from core.errors import DomainError
from core.spreadsheets import SheetSpec, write_workbook, write_workbook_to_tempfile

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class ExportError(DomainError):
    """A request for an export that cannot be made (bad parameters); ``message`` in Chinese."""


class Exporter(ABC):
    """Base class. Subclasses set ``name``/``verbose_name`` and implement ``sheets()``.

    ``public`` exporters never contain ID numbers, phones or birth dates in full (see
    ``core.idcard.mask_id_number`` for the one mask used everywhere).
    """

    name: ClassVar[str]
    verbose_name: ClassVar[str]
    public: ClassVar[bool] = False

    def __init__(self, *, user=None, queryset=None, **params: Any):
        self.user = user
        self.queryset = queryset
        self.params = params

    # --- command line -------------------------------------------------------------------
    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser) -> None:
        """Options of ``manage.py export NAME``; override to add some."""
        return None  # an exporter without options is complete as it is

    @classmethod
    def from_cli(cls, options: dict[str, Any]) -> Exporter:
        """Build the exporter from parsed command-line options (no user: full internal access)."""
        return cls(**{k: v for k, v in options.items() if v is not None})

    # --- content -----------------------------------------------------------------------
    @abstractmethod
    def sheets(self) -> list[SheetSpec]:
        """The workbook's sheets, rows produced lazily."""

    def filename(self) -> str:
        return f"{self.verbose_name}-{timezone.localdate():%Y%m%d}.xlsx"

    # --- output ------------------------------------------------------------------------
    def write(self, target) -> None:
        write_workbook(target, self.sheets(), font_name=settings.JIANGXIN_EXPORT_FONT)

    def response(self) -> FileResponse:
        """A streamed download: the workbook goes to a spooled temporary file (RAM up to 1 MB, then
        disk), which FileResponse sends in chunks and closes when done."""
        fh = write_workbook_to_tempfile(self.sheets(), font_name=settings.JIANGXIN_EXPORT_FONT)
        response = FileResponse(
            fh, as_attachment=True, filename=safe_filename(self.filename()), content_type=XLSX_CONTENT_TYPE
        )
        # RFC 5987 name for browsers that ignore the UTF-8 filename Django already sets.
        response["X-Export-Name"] = quote(self.name)
        return response


def safe_filename(name: str) -> str:
    """A download name without path separators or characters Windows refuses; titles made of
    campaign and organisation names can contain them."""
    cleaned = _UNSAFE_FILENAME.sub("_", " ".join(name.split())).strip(" .")
    return cleaned or "export.xlsx"


class ListExporter(Exporter):
    """One sheet: a header and rows. Subclasses give ``columns`` and ``rows()``."""

    sheet_title: ClassVar[str] = ""
    landscape: ClassVar[bool] = True

    def heading(self) -> str | None:
        return None

    @abstractmethod
    def columns(self) -> Sequence:
        """The sheet's Column list."""

    @abstractmethod
    def rows(self) -> Iterable[Sequence[Any]]:
        """The data rows, in order (streamed: prefer a queryset iterator)."""

    def sheets(self) -> list[SheetSpec]:
        return [
            SheetSpec(
                title=self.sheet_title or self.verbose_name,
                columns=list(self.columns()),
                rows=self.rows(),
                heading=self.heading(),
                landscape=self.landscape,
            )
        ]


_REGISTRY: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise RuntimeError(f"exporter name {cls.name!r} registered twice")
    _REGISTRY[cls.name] = cls
    return cls


def exporters() -> dict[str, type[Exporter]]:
    return dict(sorted(_REGISTRY.items()))


def get_exporter(name: str) -> type[Exporter]:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ExportError(f"没有名为“{name}”的导出") from None
