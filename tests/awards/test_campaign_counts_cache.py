"""The campaign page's quota and composition check takes its nomination counts from the cache while
nothing they count has changed (core.pagecache stamps, read with the campaign row): a repeated page
skips the grouped count, and every change — a nomination returned through the service, a bulk return, a person's
gender, a unit's name, a new nomination — shows on the very next page, equal to a live count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import NominationStatus
from awards.selectors import checks
from awards.services import nominations as nomination_services
from directory.models import Gender, Role
from tests.awards.test_campaign_page_at_scale import _add, campaign  # noqa: F401 - the fixture
from tests.factories import NominationFactory, PersonFactory, member_of

pytestmark = pytest.mark.django_db


def _shown(check) -> tuple:
    """What the page shows of a check: each quota row's numbers and each rule's result."""
    return (
        sorted((q.org.pk, q.org.name, q.honor.pk, q.places, q.used, q.pending) for q in check.quotas),
        sorted((r.rule.pk, r.state, repr(r.result)) for r in check.rules),
    )


def _page(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.context["check"], [q["sql"] for q in ctx.captured_queries]


def _live(of):
    return checks.campaign_checks(of, [checks.STAGE_SUBMIT])[checks.STAGE_SUBMIT]


def test_a_repeated_page_skips_the_count_and_every_change_shows_at_once(client, org_tree, campaign):  # noqa: F811
    organiser = member_of(org_tree["a"], role=Role.ORGANIZER, username="org")
    client.force_login(organiser)
    url = reverse("awards:campaign_detail", args=[campaign.pk])
    made = _add(campaign, org_tree, 30)

    first, cold = _page(client, url)
    again, warm = _page(client, url)
    assert _shown(first) == _shown(again) == _shown(_live(campaign))
    assert len(warm) == len(cold) <= 12  # a hit reads the places alone, a miss counts and places together
    assert not any("GROUP BY" in sql and "awards_nomination" in sql for sql in warm)

    before = _shown(again)
    submitted = next(n for n in made if n.status == NominationStatus.SUBMITTED)
    nomination_services.nomination_return(nomination=submitted, by=organiser, comment="材料不全")
    check, _ = _page(client, url)
    assert _shown(check) == _shown(_live(campaign)) != before

    before = _shown(check)
    pending = [n for n in made if n.status == NominationStatus.SUBMITTED][1:4]
    nomination_services.nominations_bulk_apply(nominations=pending, action="return", by=organiser, comment="请补充材料")
    check, _ = _page(client, url)
    assert _shown(check) == _shown(_live(campaign)) != before

    before = _shown(check)
    counted = next(n for n in made if n.status == NominationStatus.APPROVED and n.person.gender == Gender.MALE)
    counted.person.gender = Gender.FEMALE
    counted.person.save()
    check, _ = _page(client, url)
    assert _shown(check) == _shown(_live(campaign)) != before

    before = _shown(check)
    org_tree["a1"].name = "改名后的单位"
    org_tree["a1"].save()
    check, _ = _page(client, url)
    assert _shown(check) == _shown(_live(campaign)) != before

    before = _shown(check)
    NominationFactory(
        campaign=campaign, honor_type=campaign.medal, nominating_org=org_tree["a1"],
        person=PersonFactory(employer=org_tree["a1"]), status=NominationStatus.SUBMITTED,
    )
    check, _ = _page(client, url)
    assert _shown(check) == _shown(_live(campaign)) != before
