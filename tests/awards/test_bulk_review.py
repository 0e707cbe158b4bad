"""批量审核: approve or return several nominations at once, after a confirmation page; all or none."""

import pytest
from django.urls import reverse

from awards.models import CampaignStatus, NominationStatus, NominationTransition
from awards.services.nominations import nominations_bulk_apply
from core.errors import DomainError, NotAllowed
from directory.models import Role
from tests.factories import CampaignFactory, NominationFactory, PersonFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewing(org_tree):
    campaign = CampaignFactory(conferring_org=org_tree["a"], status=CampaignStatus.REVIEWING)
    noms = [
        NominationFactory(campaign=campaign, status=NominationStatus.SUBMITTED,
                          person=PersonFactory(employer=org_tree["a1"]))
        for _ in range(3)
    ]
    return campaign, noms


def test_bulk_approve_records_each_transition(org_tree, reviewing):
    _, noms = reviewing
    reviewer = member_of(org_tree["a"], role=Role.REVIEWER)
    done = nominations_bulk_apply(nominations=noms, action="approve", by=reviewer)
    assert {n.status for n in done} == {NominationStatus.APPROVED}
    assert NominationTransition.objects.filter(by=reviewer, to_status=NominationStatus.APPROVED).count() == 3


def test_one_refusal_leaves_every_nomination_as_it_was(org_tree, reviewing):
    campaign, noms = reviewing
    noms[2].status = NominationStatus.DRAFT
    noms[2].save()
    reviewer = member_of(org_tree["a"], role=Role.REVIEWER)
    with pytest.raises(DomainError, match="未做任何更改"):
        nominations_bulk_apply(nominations=noms, action="approve", by=reviewer)
    assert set(campaign.nominations.values_list("status", flat=True)) == {NominationStatus.SUBMITTED,
                                                                           NominationStatus.DRAFT}
    assert not NominationTransition.objects.exists()


def test_return_needs_a_comment_and_a_reviewer(org_tree, reviewing):
    _, noms = reviewing
    with pytest.raises(DomainError, match="须填写意见"):
        nominations_bulk_apply(nominations=noms, action="return", by=member_of(org_tree["a"], role=Role.REVIEWER))
    with pytest.raises(NotAllowed):
        nominations_bulk_apply(nominations=noms, action="approve", by=member_of(org_tree["b"], username="other"))


def test_bulk_page_confirms_before_changing(client, org_tree, reviewing):
    campaign, noms = reviewing
    client.force_login(member_of(org_tree["a"], role=Role.REVIEWER, username="rev"))
    url = reverse("awards:nomination_bulk", args=[campaign.pk])
    ids = [n.pk for n in noms[:2]]
    page = client.post(url, {"action": "return", "ids": ids})
    assert page.status_code == 200
    text = page.content.decode()
    assert "确认退回修改 2 项" in text and noms[0].recipient_name in text
    assert campaign.nominations.filter(status=NominationStatus.SUBMITTED).count() == 3
    page = client.post(url, {"action": "return", "ids": ids, "confirm": "1", "reason": ""})
    assert "退回修改须填写意见" in page.content.decode()
    response = client.post(url, {"action": "return", "ids": ids, "confirm": "1", "reason": "请补充事迹"})
    assert response.status_code == 302
    assert campaign.nominations.filter(status=NominationStatus.RETURNED).count() == 2
    assert set(NominationTransition.objects.values_list("comment", flat=True)) == {"请补充事迹"}


def test_campaign_page_offers_checkboxes_to_reviewers_only(client, org_tree, reviewing):
    campaign, _ = reviewing
    url = reverse("awards:campaign_detail", args=[campaign.pk])
    client.force_login(member_of(org_tree["a"], role=Role.REVIEWER, username="rev"))
    assert 'name="ids"' in client.get(url).content.decode()
    client.force_login(member_of(org_tree["a"], role=Role.VIEWER, username="viewer"))
    assert 'name="ids"' not in client.get(url).content.decode()
    assert client.post(reverse("awards:nomination_bulk", args=[campaign.pk]),
                       {"action": "approve"}).status_code == 403
