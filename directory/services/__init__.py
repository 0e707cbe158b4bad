"""The only writers of the directory (one module per noun), and the parsing of a person's fields.

Every public name is importable from here: ``from directory.services import person_merge_blanks``.
"""

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
    "ETHNIC_GROUPS",
    "FILLABLE_FIELDS",
    "FieldConflict",
    "FieldError",
    "organization_create_unit",
    "parse_ethnicity",
    "parse_gender",
    "parse_person_name",
    "parse_phone",
    "parse_skill_level",
    "person_create",
    "person_merge_blanks",
    "person_row",
]
