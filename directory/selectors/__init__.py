"""Reads of the directory, always scoped to what a user may see; one module per noun.

``scope`` is the one implementation of "this user's subtree" that every app asks (see its docstring).
Every public name is importable from here: ``from directory.selectors import scoped``.
"""

from .accounts import (
    account_get_visible,
    account_list_visible,
    account_log_for,
    account_manager,
    account_may_manage,
    assignable_organizations,
    assignable_roles,
)
from .organizations import organization_get_visible, organization_list_visible
from .people import (
    people_by_id_number,
    person_get_visible,
    person_list_rows,
    person_list_visible,
    person_name_q,
    person_owned_by,
    person_owner_checker,
)
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
    user_memberships,
    user_scope_stamp,
    visible_paths,
)

__all__ = [
    "account_get_visible",
    "account_list_visible",
    "account_log_for",
    "account_manager",
    "account_may_manage",
    "assignable_organizations",
    "assignable_roles",
    "membership_roots",
    "organization_get_visible",
    "organization_list_visible",
    "organizer_checker",
    "organizer_paths",
    "path_within",
    "people_by_id_number",
    "person_get_visible",
    "person_list_rows",
    "person_list_visible",
    "person_name_q",
    "person_owned_by",
    "person_owner_checker",
    "scope_q",
    "scoped",
    "user_has_role",
    "user_is_organizer_anywhere",
    "user_is_organizer_of",
    "user_memberships",
    "user_scope_stamp",
    "visible_paths",
]
