"""Reads of the competitions app, one module per noun.

access (who may do what with scores) · competitions · entries · events · judges · marks · results
· standings · eligibility. Inside the app, import from the noun module. The names below are the
reads other apps use (home page, profiles, honours), re-exported so that they have one stable place.
"""

from .competitions import competition_list_visible
from .eligibility import eligible_results
from .entries import entry_list_for_person

__all__ = ["competition_list_visible", "eligible_results", "entry_list_for_person"]
