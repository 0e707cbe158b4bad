"""导出 buttons and downloads: the filtered rows, scoped to the user, streamed."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import AwardStatus
from directory.models import Role
from tests.factories import OrganizationFactory
from tests.scenarios.exports import HOSTILE, assert_no_formulas, data_rows, read_back, sheet_rows

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    assert response.streaming  # FileResponse over the spooled temporary file
    data = b"".join(response.streaming_content)
    assert_no_formulas(data)
    return data


def names(data: bytes, column: int = 1) -> list:
    """The name column of the first sheet (1 in rosters and notices, 2 in the nominations summary)."""
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    return [r[column] for r in data_rows(ws) if len(r) > 1]


@pytest.fixture
def organiser_client(client, honours, user_with):
    client.force_login(user_with((honours.root, Role.ORGANIZER)))
    return client


def test_award_list_has_an_export_button_carrying_the_filters(organiser_client, honours):
    page = organiser_client.get(reverse("awards:award_list"), {"year": 2024, "honor_type": honours.medal.pk})
    html = page.content.decode()
    # A GET form to the export (with the 排序 / 标注少数民族 options) carrying the page's filters.
    assert f'action="{reverse("awards:award_export")}"' in html
    assert '<input type="hidden" name="year" value="2024">' in html
    assert f'<input type="hidden" name="honor_type" value="{honours.medal.pk}">' in html
    assert 'name="rule"' in html and 'name="ethnicity"' in html
    assert reverse("awards:statistics") in html


def test_export_button_exports_exactly_the_filtered_rows(organiser_client, honours):
    params = {"year": 2024, "honor_type": honours.medal.pk}
    page = organiser_client.get(reverse("awards:award_list"), params)
    shown = {a.display_name for a in page.context["filter"].qs if a.status == AwardStatus.ACTIVE}
    response = organiser_client.get(reverse("awards:award_export"), params)
    data = download(response)
    assert set(names(data)) == shown and len(names(data)) == len(shown) == 12
    assert sheet_rows(load_workbook(io.BytesIO(data)).active)[0] == ["2024年天津市五一劳动奖章获得者名单"]
    assert "filename*=utf-8''" in response["Content-Disposition"]

    searched = download(organiser_client.get(reverse("awards:award_export"), {"q": "司马"}))
    assert names(searched) == ["司马", "司马光"]


def test_export_is_scoped_to_the_users_organisations(client, honours, user_with):
    client.force_login(user_with((honours.district_b, Role.ORGANIZER)))
    exported = names(download(client.get(reverse("awards:award_export"), {"year": 2024})))
    assert "孔明" in exported and "乙区计量研究院" in exported
    assert "于敏" not in exported and "张三" not in exported


def test_anonymous_users_are_sent_to_login(client, honours):
    for url in (
        reverse("awards:award_export"),
        reverse("awards:statistics"),
        reverse("awards:statistics_export"),
        reverse("awards:campaign_export", args=[honours.campaign.pk, "notice"]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("name", ["roster", "notice", "nominations"])
def test_campaign_exports_download_for_the_conferring_organiser(organiser_client, honours, name):
    data = download(organiser_client.get(reverse("awards:campaign_export", args=[honours.campaign.pk, name])))
    assert names(data)


def test_campaign_exports_answer_404_outside_the_users_scope(client, honours, user_with):
    stranger_root = OrganizationFactory(name="外省总工会")
    client.force_login(user_with((stranger_root, Role.ORGANIZER)))
    for name in ("roster", "notice", "nominations"):
        assert client.get(reverse("awards:campaign_export", args=[honours.campaign.pk, name])).status_code == 404


def test_unknown_campaign_export_is_404(organiser_client, honours):
    url = reverse("awards:campaign_export", args=[honours.campaign.pk, "passwords"])
    assert organiser_client.get(url).status_code == 404


def test_campaign_page_offers_the_three_exports_and_passes_its_filters(organiser_client, honours):
    html = organiser_client.get(reverse("awards:campaign_detail", args=[honours.campaign.pk])).content.decode()
    for name in ("roster", "notice", "nominations"):
        assert reverse("awards:campaign_export", args=[honours.campaign.pk, name]) in html
    url = reverse("awards:campaign_export", args=[honours.campaign.pk, "nominations"])
    drafts = download(organiser_client.get(url, {"status": "draft"}))
    assert names(drafts, 2) == ["文化(女)"]
    searched = download(organiser_client.get(url, {"q": "孔"}))
    assert names(searched, 2) == ["孔亮"]


def test_notice_download_holds_no_personal_data(organiser_client, honours):
    url = reverse("awards:campaign_export", args=[honours.campaign.pk, "notice"])
    data = download(organiser_client.get(url, {"all": "1"}))
    person = honours.nominations["王芳"].person
    ws = load_workbook(io.BytesIO(data)).active
    texts = {str(c) for row in sheet_rows(ws) for c in row}
    assert person.id_number not in texts and person.phone not in texts
    assert "方正" in names(data)  # approved, included with all=1


def test_nominating_unit_downloads_only_its_own_nominations(client, honours, user_with):
    client.force_login(user_with((honours.district_b, Role.ORGANIZER)))
    url = reverse("awards:campaign_export", args=[honours.campaign.pk, "nominations"])
    exported = names(download(client.get(url)), 2)
    assert "孔亮" in exported and "王芳(女)" not in exported
    assert read_back(HOSTILE[5]) in exported


def test_statistics_page_shows_the_table_it_exports(organiser_client, honours):
    page = organiser_client.get(reverse("awards:statistics"), {"year": 2024, "depth": 1})
    assert page.status_code == 200
    html = page.content.decode()
    assert "2024年表彰统计表" in html and "乙区总工会" in html and "全国五一劳动奖章" in html
    assert f'{reverse("awards:statistics_export")}?year=2024&amp;depth=1' in html
    data = download(organiser_client.get(reverse("awards:statistics_export"), {"year": 2024, "depth": 1}))
    rows = sheet_rows(load_workbook(io.BytesIO(data)).active)
    assert rows[-1] == [None, None, "总计", None, None, 16, 3, 19]


def test_statistics_with_bad_parameters_explains_instead_of_failing(organiser_client, honours):
    page = organiser_client.get(reverse("awards:statistics"), {"year": "abc"})
    assert page.status_code == 200 and "exporter" in page.context and page.context["exporter"] is None
    response = organiser_client.get(reverse("awards:statistics_export"), {"year": "abc"})
    assert response.status_code == 302


def test_download_names_are_safe_file_names(organiser_client, honours):
    from core.exports import safe_filename

    assert safe_filename('2024/2025年"先进"名单:终稿?.xlsx') == "2024_2025年_先进_名单_终稿_.xlsx"
    assert safe_filename(" \t ") == "export.xlsx"
    honours.campaign.name = "2024年市/区两级评选"
    honours.campaign.save()
    response = organiser_client.get(reverse("awards:campaign_export", args=[honours.campaign.pk, "nominations"]))
    disposition = response["Content-Disposition"]
    assert "%2F" not in disposition and "/" not in disposition.split("filename")[-1]
    download(response)
