"""One exporter class per spreadsheet, registered in one place.

An exporter turns parameters (and, from a list page, the currently filtered queryset) into sheets
for `core.spreadsheets.write_workbook`. The same class serves the web (``response()``) and the
command line (``python manage.py export NAME [options] -o FILE.xlsx``; ``--list`` names them all).

Parameters are declared once per exporter, as a Django form class ``Exporter.Parameters`` (a
``ExportParameters``). That one declaration is

- the web form (``Exporter.Parameters(user=request.user)``, choices narrowed by ``scope(user)``),
- the command-line options of ``manage.py export NAME`` (``add_arguments``: ``--field-name`` per field,
  a switch for a BooleanField, repeatable values for a MultipleChoiceField, positionals named in
  ``Parameters.positional``, other spellings in ``Parameters.aliases``; help from label and help_text),
- and the validation of every way in: ``Exporter(**params)`` binds the form (values missing take the
  field's ``initial``), so a bad value is the same Chinese ``ExportError`` (with ``fields``) from
  Python, the command line (CommandError) and the web (a message, never a 500).

Each app declares its exporters in ``<app>/exporters/`` (decorated with ``register``); ``core.apps``
imports those packages by name at start-up so the registry is complete.

Writing goes to a spooled temporary file (RAM up to 1 MB, then disk) which the HTTP response then
streams in chunks: memory stays flat however many rows there are, because rows are produced from
``.iterator()`` querysets and XlsxWriter's constant-memory mode never holds more than one row.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils import timezone, translation

from core.errors import DomainError
from core.spreadsheets import SheetSpec, write_workbook, write_workbook_to_tempfile

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class ExportError(DomainError):
    """A request for an export that cannot be made (bad parameters); ``message`` in Chinese."""


# --- parameters: one form class per exporter ------------------------------------------------------


class ExportParameters(forms.Form):
    """The parameters of one exporter (subclass it as ``Exporter.Parameters``).

    ``positional``: fields given as positional arguments on the command line (in this order);
    ``aliases``: other names accepted for a field, as an option (``--all``) and in a query string.
    ``scope(user)`` narrows choice querysets to what the user may see (the web); from the command
    line there is no user and nothing is narrowed.
    """

    positional: ClassVar[tuple[str, ...]] = ()
    aliases: ClassVar[dict[str, str]] = {}

    def __init__(self, data=None, *, user=None, **kwargs):
        self.user = user
        super().__init__(data, **kwargs)
        if user is not None:
            self.scope(user)

    def scope(self, user) -> None:
        """Narrow the choices to what ``user`` may see; override where a field lists objects."""
        return None  # parameters without objects to choose from need no narrowing


class LookupField(forms.ModelChoiceField):
    """An object chosen by number on the web (a select) or by number or name on the command line.

    ``lookup(text)`` finds the object (raising a DomainError with a Chinese message, e.g. with the
    closest names); an object given by code is taken as it is (the caller already scoped it). Once
    ``limit_to(queryset)`` narrowed the field, an object found outside it is refused.
    """

    def __init__(self, queryset, *, lookup: Callable[[str], Any], **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset, **kwargs)
        self.lookup = lookup
        self.limited = False

    def limit_to(self, queryset) -> None:
        self.queryset = queryset
        self.limited = True

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return value
        try:
            found = self.lookup(str(value).strip())
        except DomainError as exc:
            raise ValidationError(exc.message, code="invalid_choice") from None
        if self.limited and not self.queryset.filter(pk=found.pk).exists():
            raise ValidationError(f"“{value}”不在您可见的范围内", code="invalid_choice")
        return found


RULE_CHOICES = (("surname", "姓氏笔画"), ("fullname", "姓名笔画"))
RULE_NOTES = {"surname": "以姓氏笔画为序", "fullname": "以姓名笔画为序"}


def rule_field() -> forms.ChoiceField:
    """排序: 姓氏笔画 (default) or 姓名笔画 (``core.strokes``), for lists of people's names."""
    return forms.ChoiceField(
        label="排序",
        choices=RULE_CHOICES,
        initial="surname",
        required=False,
        help_text="姓名笔画为整个姓名逐字比较",
    )


def ethnicity_field() -> forms.BooleanField:
    return forms.BooleanField(
        label="标注少数民族", required=False, help_text="在姓名后注明少数民族，如“(女，回族)”“(回族)”"
    )


def year_field(**kwargs) -> forms.IntegerField:
    kwargs.setdefault("label", "年度")
    kwargs.setdefault("help_text", "如 2024")
    return forms.IntegerField(
        required=False,
        min_value=1949,
        max_value=2100,
        error_messages={
            "invalid": "年度应为数字",
            "min_value": "年度超出范围（1949—2100）",
            "max_value": "年度超出范围（1949—2100）",
        },
        **kwargs,
    )


def title_field(help_text: str = "默认按条件生成") -> forms.CharField:
    return forms.CharField(label="标题行", required=False, max_length=200, help_text=help_text)


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _cli_help(field: forms.Field) -> str:
    parts = [str(field.label or "")]
    if field.help_text:
        parts.append(str(field.help_text))
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        parts.append("可选：" + "、".join(f"{value}（{label}）" for value, label in choices if value != ""))
    if isinstance(field, forms.MultipleChoiceField):
        parts.append("可给多个")
    return "；".join(p for p in parts if p)


def _from_query_value(field: forms.Field, data, name: str):
    if isinstance(field, forms.MultipleChoiceField):
        return [v for v in data.getlist(name) if v != ""] if hasattr(data, "getlist") else data.get(name)
    return data.get(name)


class Exporter(ABC):
    """Base class. Subclasses set ``name``/``verbose_name`` and implement ``sheets()``.

    ``public`` exporters never contain ID numbers, phones or birth dates in full (see
    ``core.idcard.mask_id_number`` for the one mask used everywhere).
    """

    name: ClassVar[str]
    verbose_name: ClassVar[str]
    public: ClassVar[bool] = False

    class Parameters(ExportParameters):
        """No parameters; exporters that take some declare their own subclass."""

    def __init__(self, *, user=None, queryset=None, **params: Any):
        self.user = user
        self.queryset = queryset
        self.params = self.clean_parameters(params, user=user)

    @classmethod
    def clean_parameters(cls, params: dict[str, Any], *, user=None) -> dict[str, Any]:
        """``params`` validated by ``Parameters`` (a missing or None value takes the field's initial):
        the cleaned values, or ExportError with the Chinese message of every bad field."""
        fields = cls.Parameters.base_fields
        unknown = set(params) - set(fields)
        if unknown:
            raise TypeError(f"{cls.__name__} has no parameter {', '.join(sorted(unknown))}")
        data = {}
        for name, field in fields.items():
            value = params.get(name)
            data[name] = field.initial if value is None else value
        form = cls.Parameters(data, user=user)
        if form.is_valid():
            return form.cleaned_data
        errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        labels = {name: str(fields[name].label or name) if name in fields else "" for name in errors}
        text = "；".join(f"{labels[n]}：{''.join(msgs)}" if labels[n] else "".join(msgs) for n, msgs in errors.items())
        raise ExportError(text, fields=errors)

    # --- the web ------------------------------------------------------------------------
    @classmethod
    def parameters_from_query(cls, data) -> dict[str, Any]:
        """The parameters a query string (a QueryDict) names, aliases resolved; others left out."""
        params: dict[str, Any] = {}
        fields = cls.Parameters.base_fields
        names = {name: name for name in fields} | dict(cls.Parameters.aliases)
        for key, name in names.items():
            if key in data and name in fields:
                value = _from_query_value(fields[name], data, key)
                if value not in (None, "", []):
                    params[name] = value
        return params

    @classmethod
    def from_query(cls, data, *, user, queryset=None, **fixed: Any) -> Exporter:
        """The exporter a page asks for: parameters from the query string, ``fixed`` ones (the
        campaign of the URL …) taking precedence."""
        return cls(user=user, queryset=queryset, **(cls.parameters_from_query(data) | fixed))

    # --- command line -------------------------------------------------------------------
    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser) -> None:
        """Options of ``manage.py export NAME``, derived from ``Parameters``; nothing is validated
        by argparse (the form does it, in Chinese)."""
        positional = cls.Parameters.positional
        aliases = cls.Parameters.aliases
        for name in positional:
            field = cls.Parameters.base_fields[name]
            parser.add_argument(name, nargs="?", metavar=name.upper(), help=_cli_help(field))
        for name, field in cls.Parameters.base_fields.items():
            if name in positional:
                continue
            flags = [_option(name)] + [_option(alias) for alias, target in aliases.items() if target == name]
            help_text = _cli_help(field)
            if isinstance(field, forms.BooleanField):
                parser.add_argument(*flags, dest=name, action="store_true", help=help_text)
            elif isinstance(field, forms.MultipleChoiceField):
                parser.add_argument(*flags, dest=name, action="extend", nargs="+", metavar="VALUE", help=help_text)
            else:
                if field.initial not in (None, ""):
                    help_text += f"（默认 {field.initial}）"
                metavar = name.upper()
                if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                    metavar = "{" + ",".join(str(value) for value, _label in field.choices if value != "") + "}"
                parser.add_argument(*flags, dest=name, metavar=metavar, help=help_text)

    @classmethod
    def cli_option_names(cls) -> set[str]:
        """The ``dest`` of every command-line option (for tests: equal to the form's field names)."""
        parser = argparse.ArgumentParser(add_help=False)
        cls.add_arguments(parser)
        return {action.dest for action in parser._actions}

    @classmethod
    def from_cli(cls, options: dict[str, Any]) -> Exporter:
        """Build the exporter from parsed command-line options (no user: full internal access).
        Messages are in the site's language whatever the shell's locale."""
        fields = cls.Parameters.base_fields
        params = {k: v for k, v in options.items() if k in fields and v not in (None, False)}
        with translation.override(settings.LANGUAGE_CODE):
            return cls(**params)

    # --- content -----------------------------------------------------------------------
    @abstractmethod
    def sheets(self) -> list[SheetSpec]:
        """The workbook's sheets, rows produced lazily."""

    def filename(self) -> str:
        return f"{self.verbose_name}-{timezone.localdate():%Y%m%d}.xlsx"

    # --- output ------------------------------------------------------------------------
    def count(self) -> int | None:
        """How many rows the export will write, when cheap to know (one COUNT query): the web runs
        exports over ``JIANGXIN_JOB_THRESHOLD_ROWS`` as background jobs, and progress bars show it."""
        return self.queryset.count() if self.queryset is not None else None

    def write(self, target, progress: Callable[..., None] | None = None) -> None:
        """Write the workbook to ``target``; ``progress(done, total, phase)`` hears of the rows written."""
        sheets = self.sheets()
        counter = _RowCounter(progress, self.count() or 0) if progress is not None else None
        if counter is not None:
            sheets = counter.sheets(sheets)
        write_workbook(target, sheets, font_name=settings.JIANGXIN_EXPORT_FONT)
        if counter is not None:
            counter.finish()

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


class _RowCounter:
    """Wraps the sheets' rows so that ``progress`` hears of every 250th row written, and of the last."""

    def __init__(self, progress: Callable[..., None], total: int):
        self.progress = progress
        self.total = total
        self.done = 0

    def rows(self, rows):
        for row in rows:
            self.done += 1
            if self.done % 250 == 0:
                self.progress(self.done, max(self.total, self.done), "写出")
            yield row

    def sheets(self, sheets: list[SheetSpec]) -> list[SheetSpec]:
        self.progress(0, self.total, "写出")
        return [dataclasses.replace(spec, rows=self.rows(spec.rows)) for spec in sheets]

    def finish(self) -> None:
        self.progress(self.done, self.done, "完成")


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
