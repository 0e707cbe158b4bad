"""Reads about honours, scoped to the user's organisations."""

from django.db.models import QuerySet

from directory.selectors import scope_q

from .models import Award


def award_list_visible(user) -> QuerySet:
    """Awards whose recipient (person's employer or the collective) or conferring body the user may see."""
    qs = Award.objects.select_related("honor_type", "person__employer", "organization", "conferring_org")
    person_q = scope_q(user, "person__employer__")
    if person_q is None:
        return qs
    return qs.filter(person_q | scope_q(user, "organization__") | scope_q(user, "conferring_org__"))


def award_list_for_person(person) -> QuerySet:
    return Award.objects.filter(person=person).select_related("honor_type", "conferring_org").order_by("-year")


def award_list_for_organization(org) -> QuerySet:
    """The collective's own honours (not those of people working there)."""
    return Award.objects.filter(organization=org).select_related("honor_type", "conferring_org").order_by("-year")


def award_list_for_staff_of(org) -> QuerySet:
    """Honours of people employed in the organisation's subtree."""
    return (
        Award.objects.filter(person__employer__path__startswith=org.path)
        .select_related("honor_type", "person__employer")
        .order_by("-year", "stroke_key")
    )
