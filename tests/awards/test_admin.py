"""The admin keeps the catalogue editable and the workflow read-only."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from awards.models import Award, Campaign, HonorType, Nomination


@pytest.fixture
def admin_client(client, seed_data):
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw-123456")
    client.force_login(user)
    return client


def test_admin_pages_open(admin_client):
    honour = HonorType.objects.get(name="全国劳动模范")
    campaign = Campaign.objects.first()
    nomination = Nomination.objects.first()
    award = Award.objects.first()
    for url in [
        reverse("admin:awards_honortype_changelist"),
        reverse("admin:awards_honortype_change", args=[honour.pk]),
        reverse("admin:awards_holidayyear_add"),
        reverse("admin:awards_campaign_change", args=[campaign.pk]),
        reverse("admin:awards_nomination_change", args=[nomination.pk]),
        reverse("admin:awards_award_change", args=[award.pk]),
        reverse("admin:awards_objection_changelist"),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_prerequisite_is_edited_inline_with_the_honour(admin_client):
    html = admin_client.get(
        reverse("admin:awards_honortype_change", args=[HonorType.objects.get(name="全国劳动模范").pk])
    )
    text = html.content.decode()
    assert "全国劳动模范的推荐对象原则上应已获得省部级荣誉" in text and "prerequisites-0-hard" in text


def test_nomination_status_cannot_be_edited_in_the_admin(admin_client):
    nomination = Nomination.objects.first()
    html = admin_client.get(reverse("admin:awards_nomination_change", args=[nomination.pk])).content.decode()
    assert 'name="status"' not in html
