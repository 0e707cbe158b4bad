"""What every service module shares: text limits, "today", the conferring organisation's check."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.errors import NotAllowed

from ..models import Campaign
from ..selectors.roles import can_manage

OBJECTION_MAX_CHARS = 2000
ANSWER_MAX_CHARS = 2000
REASON_MAX_CHARS = 2000


def require_manager(user, campaign: Campaign) -> None:
    """Refuse (403) unless ``user`` organises the campaign's conferring organisation (or one above)."""
    if not can_manage(user, campaign):
        raise NotAllowed(f"只有{campaign.conferring_org.name}的组织者可以进行此操作")


def today_or(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()
