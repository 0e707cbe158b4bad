"""Reads of the directory, always scoped to what a user may see; one module per noun.

``scope`` is the one implementation of "this user's subtree" that every app asks (see its docstring).
Every public name is importable from here: ``from directory.selectors import scoped``.
"""

from .organizations import organization_get_visible, organization_list_visible
from .people import person_get_visible, person_list_visible, person_name_q
from .scope import (
    membership_roots,
    organizer_checker,
    organizer_paths,
    path_within,
    scope_q,
    scoped,
    user_has_role,
    user_is_organizer_anywhere,
    user_is_organizer_of,
    visible_paths,
)

__all__ = [
    "membership_roots",
    "organization_get_visible",
    "organization_list_visible",
    "organizer_checker",
    "organizer_paths",
    "path_within",
    "person_get_visible",
    "person_list_visible",
    "person_name_q",
    "scope_q",
    "scoped",
    "user_has_role",
    "user_is_organizer_anywhere",
    "user_is_organizer_of",
    "visible_paths",
]
