"""Reads about people, scoped by their employer to what the user may see (outside the scope: 404),
and the one ownership rule of a person's record.

**Who owns a person's record.** A person is one human (one ID number) whoever registers or honours
them; the master record (``Person``: name, ID number, phone, unit, job …) belongs to the
organisation of their employer. Organisers (管理员/组织者) of the employer or of an organisation
above it own it: they see it in full and they alone may fill in or change it. Anybody else — an
organiser of another organisation who registers the person in a competition or imports their past
honours — sees the masked identity and what they entered themselves (kept on their own entry), is
never told a detail of the master record they did not type (not even the name under an ID number),
and never writes into it. The command line (``user`` None) and superusers own everything.
"""

from collections.abc import Callable, Iterable

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from core.bulk import many_values

from ..models import PERSON_CATEGORY_FLAGS, Person
from .scope import organizer_paths, path_within, scoped


def people_by_id_number(numbers: Iterable[str]) -> dict[str, Person]:
    """The people holding these ID numbers, with their employer, by number — unscoped, in one query.

    For imports matching rows to existing records: the caller decides with ``person_owner_checker``
    what it may read or change of each, and names nothing of a record the user does not own."""
    numbers = sorted({n for n in numbers if n})
    if not numbers:
        return {}
    id_number = Person._meta.get_field("id_number")
    people = Person.objects.filter(id_number__in=many_values(id_number, numbers)).select_related("employer")
    return {person.id_number: person for person in people}


def person_list_visible(user) -> QuerySet:
    return scoped(Person.objects.select_related("employer"), user, "employer__")


# What the people list shows of each row (views.tables.PersonTable, with the masking check on the
# employer's path): a person row has ~45 columns and its employer ~20.
PERSON_LIST_FIELDS = (
    "id",
    "name",
    "gender",
    "ethnicity",
    "id_number",
    "phone",
    "job_title",
    "skill_level",
    *PERSON_CATEGORY_FLAGS,
    "employer__name",
    "employer__path",
)


def person_list_rows(qs: QuerySet) -> QuerySet:
    """``qs`` (``person_list_visible``, filtered) reading only what the list shows of it."""
    return qs.only(*PERSON_LIST_FIELDS)


def person_get_visible(user, pk) -> Person:
    return get_object_or_404(person_list_visible(user), pk=pk)


def person_owner_checker(user) -> Callable[[Person], bool]:
    """A function person → True when ``user`` owns the person's record (see the module docstring).

    One query in all, whatever the number of people asked about; the people need their ``employer``
    loaded (``select_related("employer")``) or it is fetched per person.
    """
    paths = organizer_paths(user)
    if paths is None:
        return lambda person: True
    return lambda person: person.employer_id is not None and path_within(person.employer.path, paths)


def person_owned_by(user, person: Person) -> bool:
    """True when ``user`` owns ``person``'s record: sees it in full and may change it."""
    return person_owner_checker(user)(person)


# Terms shorter than this are matched at the start of the name (姓, 姓+名 …) through the name's btree
# index; longer ones anywhere in it through the trigram index (migration 0003_person_name_search_index).
NAME_CONTAINS_MIN = 3


def person_name_q(term: str, prefix: str = "") -> Q:
    """The condition "the person's name matches ``term``" that an index serves on both databases.

    ``prefix`` reaches the person from another model (``"person__"``). Terms of one or two characters
    (a surname, or surname + first given character) match the start of the name; terms of three or
    more match anywhere in it: PostgreSQL ``LIKE '%…%'`` with the pg_trgm GIN index, SQLite an FTS5
    trigram MATCH. Case is ignored for Latin letters only on SQLite's FTS path (names are Chinese).
    """
    term = (term or "").strip()
    if not term:
        return Q()
    if len(term) < NAME_CONTAINS_MIN:
        if connection.vendor == "sqlite":
            # a range on the (binary-ordered) name index; SQLite's LIKE 'x%' cannot use it
            return Q(**{f"{prefix}name__gte": term, f"{prefix}name__lt": term + "\U0010ffff"})
        return Q(**{f"{prefix}name__startswith": term})
    if connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 34, 0):
        phrase = '"' + term.replace('"', '""') + '"'
        ids = RawSQL("SELECT rowid FROM directory_person_fts WHERE directory_person_fts MATCH %s", [phrase])
        return Q(**{f"{prefix}id__in": ids})
    return Q(**{f"{prefix}name__contains": term})
