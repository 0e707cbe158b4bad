"""The only writers of the directory (one module per noun), and the parsing of a person's fields.

Every public name is importable from here: ``from directory.services import person_merge_blanks``.
"""

from .accounts import (
    IMPORT_KIND as ACCOUNT_IMPORT_KIND,
)
from .accounts import (
    account_create,
    account_log,
    account_password_changed,
    account_reset_password,
    account_role_grant,
    account_role_revoke,
    account_set_active,
    accounts_import_save,
    generate_password,
    parse_role,
    parse_username,
)
from .organizations import organization_create_unit
from .people import (
    ETHNIC_GROUPS,
    FILLABLE_FIELDS,
    FieldConflict,
    FieldError,
    parse_ethnicity,
    parse_gender,
    parse_person_name,
    parse_phone,
    parse_skill_level,
    person_create,
    person_merge_blanks,
    person_row,
)

__all__ = [
    "ACCOUNT_IMPORT_KIND",
    "ETHNIC_GROUPS",
    "FILLABLE_FIELDS",
    "FieldConflict",
    "FieldError",
    "account_create",
    "account_log",
    "account_password_changed",
    "account_reset_password",
    "account_role_grant",
    "account_role_revoke",
    "account_set_active",
    "accounts_import_save",
    "generate_password",
    "organization_create_unit",
    "parse_ethnicity",
    "parse_gender",
    "parse_person_name",
    "parse_phone",
    "parse_role",
    "parse_skill_level",
    "parse_username",
    "person_create",
    "person_merge_blanks",
    "person_row",
]
