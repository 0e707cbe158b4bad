"""Pages and files with full personal data are never cached (Cache-Control: no-store) — everything
a signed-in user receives; public pages keep the default."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from awards.models import Campaign
from directory.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def tianjin(client, seed_data):
    assert client.login(username="tianjin", password="pw-123456")
    return client


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "") and "private" in response["Cache-Control"]


def test_person_page_for_an_organiser(tianjin):
    person = Person.objects.filter(is_demo=True, employer__name__contains="津沽").first()
    response = tianjin.get(reverse("portal:person_detail", args=[person.pk]))
    assert response.status_code == 200 and no_store(response)


def test_export_with_unmasked_id_numbers(tianjin):
    campaign = Campaign.objects.get(name__startswith="2024年天津市五一劳动奖章")
    response = tianjin.get(reverse("awards:campaign_export", args=[campaign.pk, "nominations"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert no_store(response)


def test_import_preview(tianjin):
    wb = Workbook()
    wb.active.append(["姓名", "性别", "身份证号", "工作单位", "荣誉称号", "年份"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "历史表彰.xlsx"
    response = tianjin.post(reverse("awards:history_import"), {"file": buf})
    assert response.status_code == 200 and no_store(response)


def test_public_pages_may_be_cached(client, seed_data):
    response = client.get(reverse("awards:notice_list"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
