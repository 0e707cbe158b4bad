"""Writes about organisations."""

from __future__ import annotations

from django.db import transaction

from core.errors import NotAllowed
from core.history import audited
from core.text import clean_text

from ..models import Organization, OrgKind
from ..selectors.scope import user_is_organizer_of

__all__ = ["organization_create_unit"]


@audited
def organization_create_unit(*, name: str, parent: Organization, by, source: str = "") -> Organization:
    """A unit named in a registration or an import, created under ``parent`` (e.g. the competition's
    organiser); the one place such a unit is created. ``by`` (None: the command line) must organise
    ``parent``."""
    if by is not None and not user_is_organizer_of(by, parent):
        raise NotAllowed(f"您不是“{parent.name}”的管理员或组织者，不能在其下登记单位")
    with transaction.atomic():
        return Organization.objects.create(name=clean_text(name), parent=parent, kind=OrgKind.EMPLOYER, source=source)
