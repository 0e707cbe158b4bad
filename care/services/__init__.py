"""Writes of 劳模关爱 (the only writers), one module per noun; each takes the acting user ``by``."""

from .batches import batch_complete, batch_create, batch_fill, seat_decide
from .events import care_event_correct, care_event_record, check_event
from .hardship import hardship_apply, hardship_decide
from .profiles import (
    care_allowance_stop,
    care_profile_ensure,
    care_profile_update,
    care_responsible_change,
    check_profile_dates,
)
from .rules import care_rule_save

__all__ = [
    "batch_complete",
    "batch_create",
    "batch_fill",
    "care_allowance_stop",
    "care_event_correct",
    "care_event_record",
    "care_profile_ensure",
    "care_profile_update",
    "care_responsible_change",
    "care_rule_save",
    "check_event",
    "check_profile_dates",
    "hardship_apply",
    "hardship_decide",
    "seat_decide",
]
