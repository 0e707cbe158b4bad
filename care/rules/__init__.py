"""Pure rules of 劳模关爱 (no ORM, no models): who carries 劳模待遇, the default entitlements with their
source, and who is due what on a given day (dates in, answers out; tested across year boundaries)."""

from .due import (
    age_on,
    birthday_in,
    birthdays_due,
    due_every,
    entitled_on,
    greeting_for,
    months_window,
)
from .eligibility import carries_treatment, highest_level
from .entitlements import DEFAULT_RULES, RuleData, resolve_rule

__all__ = [
    "DEFAULT_RULES",
    "RuleData",
    "age_on",
    "birthday_in",
    "birthdays_due",
    "carries_treatment",
    "due_every",
    "entitled_on",
    "greeting_for",
    "highest_level",
    "months_window",
    "resolve_rule",
]
