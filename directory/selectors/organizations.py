"""Reads about organisations, scoped to what the user may see (outside the scope: 404)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models import Organization
from .scope import scoped


def organization_list_visible(user) -> QuerySet:
    return scoped(Organization.objects.all(), user)


def organization_get_visible(user, pk) -> Organization:
    return get_object_or_404(organization_list_visible(user).select_related("parent"), pk=pk)
