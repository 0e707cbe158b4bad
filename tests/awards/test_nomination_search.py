"""The campaign page's search (姓名/单位): the person's name as every name search matches it (three
characters or more anywhere, fewer from the start), a collective's or the nominating unit's name,
or 单位及职务 — looked up first, so the nominations are filtered on their own columns."""

import pytest
from django.urls import reverse

from awards.models import NominationStatus
from directory.models import Role
from tests.awards.test_campaign_page_at_scale import campaign  # noqa: F401 - the fixture
from tests.factories import NominationFactory, OrganizationFactory, PersonFactory, member_of

pytestmark = pytest.mark.django_db


def _found(client, url, term) -> set[str]:
    response = client.get(url, {"q": term})
    assert response.status_code == 200
    return {row.record.display_name for row in response.context["table"].page.object_list}


def test_the_search_finds_by_person_unit_collective_and_title(client, org_tree, campaign):  # noqa: F811
    a1 = org_tree["a1"]
    submitted = {"campaign": campaign, "honor_type": campaign.medal, "status": NominationStatus.SUBMITTED}
    NominationFactory(**submitted, nominating_org=a1, person=PersonFactory(name="欧阳明月", employer=a1))
    NominationFactory(**submitted, nominating_org=org_tree["a"], person=PersonFactory(name="王小明", employer=a1),
                      unit_and_title="滨海焊接研究所所长")
    team = OrganizationFactory(name="钳工一班", parent=a1)
    NominationFactory(campaign=campaign, honor_type=campaign.pioneer, status=NominationStatus.SUBMITTED,
                      nominating_org=org_tree["a"], person=None, organization=team)
    client.force_login(member_of(org_tree["a"], role=Role.ORGANIZER, username="org"))
    url = reverse("awards:campaign_detail", args=[campaign.pk])

    assert _found(client, url, "阳明月") == {"欧阳明月"}  # anywhere in the name
    assert _found(client, url, "欧阳") == {"欧阳明月"}  # a surname: from the start
    assert _found(client, url, "焊接研究") == {"王小明"}  # 单位及职务
    assert _found(client, url, "钳工一") == {"钳工一班"}  # a collective
    assert _found(client, url, a1.name) == {"欧阳明月"}  # the nominating unit
    assert _found(client, url, "没有此人") == set()
