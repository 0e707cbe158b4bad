"""The one error family of the project, and the one way a view shows it.

Services and importers raise these; views never invent their own. Every message is Chinese and is
shown to the user as it is.

- ``DomainError``: the request cannot be carried out (a rule refuses it, a value is wrong). Optional
  ``fields`` map form-field names to messages; ``details`` are further lines; ``rows`` are the
  ``core.imports.RowError``s of a spreadsheet.
- ``NotAllowed``: the object is visible to the user but the user may not do this to it (HTTP 403).
  Objects outside the user's scope are never reported with it: selectors answer 404 for those.
- ``Conflict``: somebody else changed the object since the user loaded it.

Views use ``show_error`` (as messages) or ``form_error`` (on a bound form). ``NotAllowed`` is also a
``PermissionDenied``, so one that no view catches answers 403 through Django's own handler.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A step that cannot be taken; ``message`` is shown to the user."""

    def __init__(
        self,
        message: str,
        *,
        fields: Mapping[str, str | Sequence[str]] | None = None,
        details: Sequence[str] = (),
        rows: Sequence[Any] = (),
    ):
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})
        self.details = list(details)
        self.rows = list(rows)

    def __str__(self) -> str:
        return self.message


class NotAllowed(DomainError, PermissionDenied):
    """The user may see the object but does not hold the role this step needs (HTTP 403)."""


class Conflict(DomainError):
    """The object changed since the user loaded it; reload and try again."""


def show_error(request, exc: DomainError) -> None:
    """The one way a view reports a refused step: the message, then each detail line."""
    messages.error(request, exc.message)
    for detail in exc.details:
        messages.warning(request, detail)


def form_error(form, exc: DomainError) -> None:
    """Attach a refused step to a bound form: field messages beside their fields, the rest on top."""
    placed = False
    for field, errors in exc.fields.items():
        if field in form.fields:
            form.add_error(field, errors if isinstance(errors, str) else list(errors))
            placed = True
    if not placed or exc.message not in _flatten(exc.fields.values()):
        form.add_error(None, exc.message)
    for detail in exc.details:
        form.add_error(None, detail)


def _flatten(values) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend([v] if isinstance(v, str) else list(v))
    return out
