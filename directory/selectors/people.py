"""Reads about people, scoped by their employer to what the user may see (outside the scope: 404)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models import Person
from .scope import scoped


def person_list_visible(user) -> QuerySet:
    return scoped(Person.objects.select_related("employer"), user, "employer__")


def person_get_visible(user, pk) -> Person:
    return get_object_or_404(person_list_visible(user), pk=pk)
