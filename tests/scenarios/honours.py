"""Honours scenario: ``honours_world()``, a conferring union with two nominating unions and their staff.

市总工会 (conferring)
  ├─ 甲工会 (places) ─ 甲公司 (non-public employer)
  └─ 乙工会 (places) ─ 乙公司 (public employer)
外省总工会 (another tree, for 404 tests)
"""

import datetime as dt

from awards.models import Campaign, CampaignStatus, RecipientKind
from awards.services import campaigns as campaign_services
from awards.services import nominations as nomination_services
from awards.services import quotas as quota_services
from directory.models import Gender, OrgKind, Ownership, Role
from tests.factories import HonorTypeFactory, OrganizationFactory, PersonFactory, member_of

TODAY = dt.date(2024, 3, 1)


def honours_world() -> dict:
    """The tree above, two honours (a medal, a collective 先锋号), the organisers, and a campaign open for
    nominations with places for 甲 and 乙."""
    city = OrganizationFactory(name="市总工会")
    a = OrganizationFactory(name="甲工会", parent=city)
    a_co = OrganizationFactory(name="甲公司", parent=a, kind=OrgKind.EMPLOYER, ownership=Ownership.NON_PUBLIC)
    b = OrganizationFactory(name="乙工会", parent=city)
    b_co = OrganizationFactory(name="乙公司", parent=b, kind=OrgKind.EMPLOYER, ownership=Ownership.PUBLIC)
    other = OrganizationFactory(name="外省总工会")
    other_co = OrganizationFactory(name="外省公司", parent=other, kind=OrgKind.EMPLOYER)
    medal = HonorTypeFactory(name="市五一劳动奖章", series="五一劳动奖章", level="city", reaward_years=5, precedence=10)
    pioneer = HonorTypeFactory(
        name="市工人先锋号", series="工人先锋号", level="city", recipient_kind=RecipientKind.COLLECTIVE, precedence=30
    )
    users = {
        "city": member_of(city, username="city-organizer"),
        "reviewer": member_of(city, role=Role.REVIEWER, username="city-reviewer"),
        "city_viewer": member_of(city, role=Role.VIEWER, username="city-viewer"),
        "a": member_of(a, username="a-organizer"),
        "b": member_of(b, username="b-organizer"),
        "other": member_of(other, username="other-organizer"),
    }
    campaign = campaign_services.campaign_create(
        by=users["city"],
        name="2024年市五一劳动奖章评选",
        conferring_org=city,
        year=2024,
        honor_types=[medal, pioneer],
        nomination_deadline=dt.date(2024, 3, 31),
        citation_max_chars=500,
    )
    quota_services.campaign_set_quotas(
        campaign=campaign,
        by=users["city"],
        quotas=[
            quota_services.QuotaSpec(a, medal, 3),
            quota_services.QuotaSpec(b, medal, 2),
            quota_services.QuotaSpec(a, pioneer, 1),
        ],
    )
    campaign_services.campaign_open(campaign=campaign, by=users["city"])
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.NOMINATING
    return {
        "city": city,
        "a": a,
        "a_co": a_co,
        "b": b,
        "b_co": b_co,
        "other": other,
        "other_co": other_co,
        "medal": medal,
        "pioneer": pioneer,
        "campaign": campaign,
        "users": users,
    }


def worker_maker(world):
    """worker(employer=甲公司, name=…, gender=…, **flags) → a person at an employer with categories."""

    def make(employer=None, name="王伟", gender=Gender.MALE, **flags):
        return PersonFactory(name=name, gender=gender, employer=employer or world["a_co"], job_title="焊工", **flags)

    return make


def draft_maker(world, worker):
    """draft(person=None, org=world['a'], honour=medal, citation=…) → a draft nomination by the unit's organiser."""

    def make(
        person=None, nominating_org=None, honor_type=None, citation="主要事迹：技术攻关，成绩突出。", by=None, **kw
    ):
        nominating_org = nominating_org or world["a"]
        honor_type = honor_type or world["medal"]
        by = by or (world["users"]["b"] if nominating_org == world["b"] else world["users"]["a"])
        if honor_type.recipient_kind == RecipientKind.COLLECTIVE:
            kw.setdefault("organization", world["a_co"])
        else:
            kw.setdefault("person", person or worker())
        return nomination_services.nomination_create(
            campaign=world["campaign"],
            by=by,
            nominating_org=nominating_org,
            honor_type=honor_type,
            citation=citation,
            **kw,
        )

    return make


def refresh(obj):
    obj.refresh_from_db()
    return obj


def campaign_with(world, **fields) -> Campaign:
    Campaign.objects.filter(pk=world["campaign"].pk).update(**fields)
    return refresh(world["campaign"])
