"""Reads about competitions, scoped to the user's organisations."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from directory.selectors import scope_q

from .models import Competition, Entry, Event


def competition_list_visible(user) -> QuerySet:
    """Competitions organised or co-organised by an organisation in the user's subtrees."""
    qs = Competition.objects.select_related("organizer")
    organizer_q = scope_q(user, "organizer__")
    if organizer_q is None:
        return qs
    co_organized = Competition.objects.filter(scope_q(user, "co_organizers__")).values("pk")
    return qs.filter(organizer_q | Q(pk__in=co_organized))


def competition_get_visible(user, *, pk=None, slug=None) -> Competition:
    lookup = {"pk": pk} if pk is not None else {"slug": slug}
    return get_object_or_404(
        competition_list_visible(user).prefetch_related(
            "co_organizers",
            Prefetch("events", queryset=Event.objects.prefetch_related("components")),
        ),
        **lookup,
    )


def competition_user_can_manage(user, competition) -> bool:
    """Only organisers (管理员/组织者) of the organiser organisation create, edit, move and import."""
    from directory.selectors import user_is_organizer_of

    return user_is_organizer_of(user, competition.organizer)


def competition_units(competition) -> QuerySet:
    """Organisations that may register (units, delegations): the organiser's and co-organisers' subtrees."""
    from directory.models import Organization

    roots = [competition.organizer, *competition.co_organizers.all()]
    return Organization.objects.subtree_of(roots)


def entry_list_for_competition(competition) -> QuerySet:
    """Entries of a competition for lists and exports: one query with everything a row shows."""
    return Entry.objects.filter(event__competition=competition).select_related(
        "event", "person", "person__employer", "delegation", "team"
    )


def entry_list_for_person(person) -> QuerySet:
    return (
        Entry.objects.filter(person=person)
        .select_related("event__competition", "delegation", "result")
        .order_by("-event__competition__year", "event__competition__name")
    )
