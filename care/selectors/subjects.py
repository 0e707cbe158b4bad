"""Who is cared for: every person holding an honour that carries 劳模待遇 (the honours record, not a
separate list), with their care profile where the responsible union has entered one.

The responsible union is the profile's when there is one, else the default: the union that
recommended the person (the award's nomination), else the nearest union above the employer, else the
conferring body. Care records are seen by organisers (管理员/组织者) of the responsible union and of the
unions above it; anybody else gets 404.

A fixed number of queries whatever the number of people: the honour types, the awards, the profiles,
the unions above the employers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone

from awards.models import Award, AwardStatus, HonorType
from competitions.models import Level
from directory.models import Organization, OrgKind, Person
from directory.selectors import organizer_paths, path_within

from ..models import CareProfile, HonourTreatment, LifeStatus
from ..rules import carries_treatment, highest_level


@dataclass
class Subject:
    """One person cared for, as the pages, due lists and exports see them."""

    person: Person
    profile: CareProfile | None
    responsible_org: Organization
    honours: list[str] = field(default_factory=list)
    honour_level: str = ""
    first_year: int | None = None
    revoked_on: dt.date | None = None  # every honour carrying 劳模待遇 revoked: the last revocation

    @property
    def pk(self) -> int:
        return self.person.pk

    @property
    def life_status(self) -> str:
        return self.profile.life_status if self.profile else LifeStatus.SERVING

    @property
    def life_status_label(self) -> str:
        return str(LifeStatus(self.life_status).label)

    @property
    def died_on(self) -> dt.date | None:
        return self.profile.died_on if self.profile else None

    @property
    def ended_on(self) -> dt.date | None:
        days = [d for d in (self.died_on, self.revoked_on) if d is not None]
        return min(days) if days else None

    @property
    def honour_level_label(self) -> str:
        return str(Level(self.honour_level).label) if self.honour_level else ""

    @property
    def honours_text(self) -> str:
        return "、".join(self.honours)

    def entitled_on(self, day: dt.date) -> bool:
        end = self.ended_on
        return end is None or day < end


def treatment_honour_types() -> dict[int, HonorType]:
    """The honour types carrying 劳模待遇 (default rule, overridden per type by HonourTreatment)."""
    overrides = dict(HonourTreatment.objects.values_list("honor_type_id", "carries"))
    return {
        h.pk: h
        for h in HonorType.objects.only("pk", "name", "series", "level", "recipient_kind", "precedence")
        if carries_treatment(h.series, h.level, h.recipient_kind, overrides.get(h.pk))
    }


def _nearest_unions(employers: set[int]) -> dict[int, Organization]:
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=employers).only("pk", "path", "kind", "name")}
    ancestor_ids = {int(p) for o in orgs.values() for p in o.path.strip("/").split("/") if p}
    unions = {
        o.pk: o
        for o in Organization.objects.filter(pk__in=ancestor_ids, kind=OrgKind.UNION).only("pk", "path", "name", "kind")
    }
    nearest = {}
    for pk, org in orgs.items():
        chain = [int(p) for p in org.path.strip("/").split("/") if p]
        for ancestor in reversed(chain):
            if ancestor in unions:
                nearest[pk] = unions[ancestor]
                break
    return nearest


def subject_list(user, *, person_ids=None, include_outside=False) -> list[Subject]:
    """The people cared for that ``user`` may see (None: everybody), in 姓氏笔画 order."""
    types = treatment_honour_types()
    awards = (
        Award.objects.filter(honor_type_id__in=list(types), person__isnull=False)
        .select_related("person__employer", "nomination__nominating_org", "conferring_org")
        .order_by("year", "pk")
    )
    if person_ids is not None:
        awards = awards.filter(person_id__in=list(person_ids))
    by_person: dict[int, list[Award]] = {}
    for award in awards:
        by_person.setdefault(award.person_id, []).append(award)
    if not by_person:
        return []
    profiles = {
        p.person_id: p
        for p in CareProfile.objects.filter(person_id__in=list(by_person)).select_related("responsible_org")
    }
    need_default = {
        a[0].person.employer_id for pid, a in by_person.items() if pid not in profiles and a[0].person.employer_id
    }
    unions = _nearest_unions(need_default) if need_default else {}
    paths = organizer_paths(user) if user is not None else None
    subjects = []
    for pid, person_awards in by_person.items():
        person = person_awards[0].person
        profile = profiles.get(pid)
        responsible = profile.responsible_org if profile else default_responsible(person_awards, unions)
        if responsible is None:
            continue
        if not include_outside and not path_within(responsible.path, paths):
            continue
        active = [a for a in person_awards if a.status == AwardStatus.ACTIVE]
        revoked_on = None
        if not active:
            days = [timezone.localdate(a.revoked_at) for a in person_awards if a.revoked_at]
            revoked_on = max(days) if days else timezone.localdate()
        shown = active or person_awards
        subjects.append(
            Subject(
                person=person,
                profile=profile,
                responsible_org=responsible,
                honours=[
                    f"{a.year}年{types[a.honor_type_id].name}" if a.year else types[a.honor_type_id].name for a in shown
                ],
                honour_level=highest_level(types[a.honor_type_id].level for a in shown),
                first_year=min((a.year for a in shown if a.year), default=None),
                revoked_on=revoked_on,
            )
        )
    subjects.sort(key=lambda s: (s.person.stroke_key, s.person.pk))
    return subjects


def default_responsible(awards: list[Award], unions: dict[int, Organization]) -> Organization | None:
    """The union that recommended the person, else the nearest union above the employer, else the
    conferring body, else the employer."""
    for award in reversed(awards):
        if award.nomination_id and award.nomination.nominating_org_id:
            return award.nomination.nominating_org
    person = awards[0].person
    if person.employer_id in unions:
        return unions[person.employer_id]
    for award in reversed(awards):
        if award.conferring_org_id:
            return award.conferring_org
    return person.employer


def subject_get_visible(user, person_id) -> Subject:
    """One person cared for, or 404 (not cared for, or outside the user's care scope)."""
    found = subject_list(user, person_ids=[person_id])
    if not found:
        raise Http404("没有这位关爱对象")
    return found[0]


def care_visible_for(user, person: Person) -> Subject | None:
    """The person's care record when ``user`` may see it (for the person's 荣誉档案), else None."""
    found = subject_list(user, person_ids=[person.pk])
    return found[0] if found else None


def may_see_care(user) -> bool:
    paths = organizer_paths(user)
    return paths is None or bool(paths)
