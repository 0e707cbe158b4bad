"""Award records (表彰记录), the honour catalogue and a person's or collective's honours record."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from directory.models import Organization, Person
from directory.selectors import scope_q

from ..models import Award, AwardStatus, AwardTally, HonorType, Nomination

# Newest first; awards whose year the documents do not give come last on SQLite and PostgreSQL alike.
YEAR_DESC = F("year").desc(nulls_last=True)
# 表彰记录's default order: the columns of the index award_list_order (migration 0009), so page 1
# is a walk of that index that stops after its rows.
AWARD_LIST_ORDER = (YEAR_DESC, "honor_precedence", "stroke_key", "id")


# A scope of at most this many organisations (a unit and its few branches) is looked up from them.
NARROW_SCOPE_ORGS = 20


def award_visible_q(user) -> Q | None:
    """Awards whose recipient (person's employer or the collective) or conferring body the user may see.

    None means everything (superusers). The one rule for awards: lists, pages and exports all use it.
    Lookups in the (small) set of visible organisations, the conferring body first, the recipient's
    employer by EXISTS only for the awards that does not settle, and no join: the list's page then
    walks the award_list_order index and stops after its rows, and its capped COUNT reads 10 001
    awards with a hash lookup each (PostgreSQL 80–150 → 5 ms in the database; the joined form's
    COUNT walked the people to merge-join them; issue 13, bench/pages.py).
    """
    scope = scope_q(user)
    if scope is None:
        return None
    orgs = Organization.objects.filter(scope).values("pk")
    few = list(orgs.order_by().values_list("pk", flat=True)[: NARROW_SCOPE_ORGS + 1])
    if len(few) <= NARROW_SCOPE_ORGS:
        # A unit's organiser sees a few hundred awards among 100 000: the walk of the list's index
        # would read most of it before 50 visible ones (SQLite ~1 s). Its awards are found from its
        # few organisations instead (three indexed lookups), then sorted.
        people = Person.objects.filter(employer_id__in=few).values("pk")
        return Q(conferring_org_id__in=few) | Q(organization_id__in=few) | Q(person_id__in=people)
    employed = Person.objects.filter(pk=OuterRef("person_id"), employer__in=orgs)
    return Q(conferring_org__in=orgs) | Q(organization__in=orgs) | Q(Exists(employed))


def award_list_visible(user) -> QuerySet:
    qs = Award.objects.select_related("honor_type", "person__employer", "organization", "conferring_org")
    cond = award_visible_q(user)
    return qs if cond is None else qs.filter(cond)


# What 表彰记录 shows of each row (views.tables.AwardTable): the recipient's person and organisation
# are linked by id and named by the award's own columns, so only the honour and the conferrer join.
AWARD_LIST_FIELDS = (
    "id",
    "year",
    "recipient_name",
    "gender",
    "unit_and_title",
    "decision_number",
    "status",
    "source",
    "person",
    "organization",
    "honor_type__name",
    "honor_type__conferring_body_name",
    "conferring_org__name",
)


def award_list_rows(qs: QuerySet) -> QuerySet:
    """``qs`` (awards a user sees, filtered) reading only what the list shows of them."""
    return qs.select_related(None).select_related("honor_type", "conferring_org").only(*AWARD_LIST_FIELDS)


def award_get_visible(user, pk) -> Award:
    return get_object_or_404(award_list_visible(user).select_related("campaign", "nomination"), pk=pk)


def award_list_for_person(person) -> QuerySet:
    return (
        Award.objects.filter(person=person)
        .select_related("honor_type", "conferring_org", "campaign")
        .order_by(YEAR_DESC, "honor_precedence", "id")
    )


def award_list_for_organization(org) -> QuerySet:
    """The collective's own honours (not those of people working there)."""
    return (
        Award.objects.filter(organization=org)
        .select_related("honor_type", "conferring_org", "campaign")
        .order_by(YEAR_DESC, "honor_precedence", "id")
    )


def award_list_for_staff_of(org) -> QuerySet:
    """Honours of people employed in the organisation's subtree."""
    return (
        Award.objects.filter(person__employer__path__startswith=org.path)
        .select_related("honor_type", "conferring_org")
        .order_by(YEAR_DESC, "stroke_key", "id")
    )


def honor_catalogue() -> QuerySet:
    return (
        HonorType.objects.select_related("conferring_body")
        .prefetch_related("prerequisites")
        .annotate(award_count=Count("awards", filter=Q(awards__status=AwardStatus.ACTIVE)))
        .order_by("category", "precedence", "-level", "name")
    )


def award_label(a: Award) -> str:
    year = f"{a.year}年" if a.year else "年份不详的"
    extra = "，".join(x for x in (a.decision_number, a.source) if x)
    return f"{year}{a.honor_type.name}" + (f"（{extra}）" if extra else "")


def honours_record_person(person: Person) -> dict:
    return {
        "awards": award_list_for_person(person),
        "nominations": Nomination.objects.filter(person=person)
        .select_related("campaign", "honor_type", "nominating_org")
        .order_by("-campaign__year", "-id"),
    }


def honours_record_organization(org: Organization) -> dict:
    return {
        "awards": award_list_for_organization(org),
        "nominations": Nomination.objects.filter(organization=org)
        .select_related("campaign", "honor_type", "nominating_org")
        .order_by("-campaign__year", "-id"),
        "tallies": AwardTally.objects.filter(organization=org).select_related("honor_type").order_by("-year"),
    }


def award_recipient_in(org: Organization) -> Q:
    """Awards of people employed in ``org``'s subtree, or of collectives in it."""
    return Q(person__employer__path__startswith=org.path) | Q(organization__path__startswith=org.path)
