"""Reads of 劳模关爱, one module per noun; scope from ``directory.selectors`` (organisers of the
responsible union and above; 404 outside).

- ``subjects``  who is cared for (from the honours record) and their responsible union
- ``rules``     the entitlement rules in force (defaults with source, unions' own)
- ``ledger``    the 关爱台账 entries in force, a person's history, counts
- ``due``       who is due what today
- ``batches``   疗休养 batches and rosters
"""

from .batches import batch_get_visible, batch_list_visible, batch_roster
from .due import DUE_KINDS, DUE_TITLES, DueItem, DueLists, due_lists
from .ledger import done_years, effective_events, event_list_for_person, recuperation_count, yearly_counts
from .rules import RuleBook, rules_of_union
from .subjects import (
    Subject,
    care_visible_for,
    may_see_care,
    subject_get_visible,
    subject_list,
    treatment_honour_types,
)

__all__ = [
    "DUE_KINDS",
    "DUE_TITLES",
    "DueItem",
    "DueLists",
    "RuleBook",
    "Subject",
    "batch_get_visible",
    "batch_list_visible",
    "batch_roster",
    "care_visible_for",
    "done_years",
    "due_lists",
    "effective_events",
    "event_list_for_person",
    "may_see_care",
    "recuperation_count",
    "rules_of_union",
    "subject_get_visible",
    "subject_list",
    "treatment_honour_types",
    "yearly_counts",
]
