"""Reads about people, scoped by their employer to what the user may see (outside the scope: 404)."""

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from ..models import Person
from .scope import scoped


def person_list_visible(user) -> QuerySet:
    return scoped(Person.objects.select_related("employer"), user, "employer__")


def person_get_visible(user, pk) -> Person:
    return get_object_or_404(person_list_visible(user), pk=pk)


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
