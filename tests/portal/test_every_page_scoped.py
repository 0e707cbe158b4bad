"""Every page answers 200 for the demo organiser, 404 for an outsider and redirects anonymous users."""

import pytest
from django.urls import reverse

from awards.models import Award
from competitions.models import Competition
from directory.models import Organization, Person, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_client(client, seed_data):
    assert client.login(username="demo", password="pw-123456")
    return client


@pytest.fixture
def langfang_client(client, seed_data):
    assert client.login(username="langfang", password="pw-123456")
    return client


def tianjin_objects():
    return {
        "organization": Organization.objects.get(name="物华道消防救援站"),
        "person": Person.objects.filter(is_demo=True, employer__name__contains="津沽").first(),
        "competition": Competition.objects.get(slug="haihe-cup-2023"),
    }


def detail_urls(objs):
    return [
        reverse("portal:organization_detail", args=[objs["organization"].pk]),
        reverse("portal:person_detail", args=[objs["person"].pk]),
        reverse("competitions:competition_detail", args=[objs["competition"].slug]),
    ]


LIST_URLS = ["portal:home", "competitions:competition_list", "awards:award_list", "directory:organization_list"]


def test_every_page_answers_200_for_the_demo_organiser(demo_client):
    for url in [reverse(name) for name in LIST_URLS] + detail_urls(tianjin_objects()):
        response = demo_client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="zh-Hans">' in response.content.decode()


def test_anonymous_users_are_sent_to_login(client, seed_data):
    for url in [reverse(n) for n in LIST_URLS[1:]] + detail_urls(tianjin_objects()):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_another_organisations_objects_answer_404(langfang_client):
    for url in detail_urls(tianjin_objects()):
        assert langfang_client.get(url).status_code == 404, url


def test_lists_show_only_the_users_subtree(langfang_client):
    page = langfang_client.get(reverse("competitions:competition_list")).content.decode()
    assert "廊坊市职工职业技能大赛" in page
    assert "海河工匠杯" not in page
    orgs = langfang_client.get(reverse("directory:organization_list")).content.decode()
    assert "中铁建工集团" in orgs and "天津市总工会" not in orgs


def test_home_shows_visible_competitions_and_latest_awards(demo_client):
    page = demo_client.get(reverse("portal:home")).content.decode()
    assert "海河工匠杯" in page
    assert "物华道消防救援站" in page


def test_organisation_page_lists_its_honours(demo_client):
    wuhuadao = Organization.objects.get(name="物华道消防救援站")
    page = demo_client.get(reverse("portal:organization_detail", args=[wuhuadao.pk])).content.decode()
    assert "全国工人先锋号" in page and "2023" in page


def test_person_page_lists_entries_and_honours(demo_client):
    yao = Person.objects.get(name="姚正新")
    page = demo_client.get(reverse("portal:person_detail", args=[yao.pk])).content.decode()
    assert "江苏省五一劳动奖章" in page
    contestant = Person.objects.filter(is_demo=True, entries__event__competition__slug="haihe-cup-2023").first()
    page = demo_client.get(reverse("portal:person_detail", args=[contestant.pk])).content.decode()
    assert "海河工匠杯" in page


def test_id_numbers_are_masked_for_viewers_and_shown_to_organisers(client, seed_data, organizer_of):
    person = Person.objects.filter(is_demo=True).first()
    url = reverse("portal:person_detail", args=[person.pk])
    viewer = organizer_of(person.employer, role=Role.VIEWER, username="viewer")
    client.force_login(viewer)
    page = client.get(url).content.decode()
    assert person.id_number not in page and person.id_number[-4:] in page
    client.force_login(organizer_of(person.employer, username="boss"))
    assert person.id_number in client.get(url).content.decode()


def test_user_text_is_escaped(demo_client):
    org = Organization.objects.get(name="物华道消防救援站")
    org.short_name = "<script>alert(1)</script>"
    org.save()
    page = demo_client.get(reverse("portal:organization_detail", args=[org.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_login_page_and_logout(client, seed_data):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "demo", "password": "pw-123456"})
    assert response.status_code == 302
    assert client.get(reverse("awards:award_list")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("awards:award_list")).status_code == 302


def test_admin_is_in_chinese_and_searchable(demo_client):
    response = demo_client.get(reverse("admin:directory_person_changelist"), {"q": "姚正新"})
    assert response.status_code == 200
    assert "姚正新" in response.content.decode()
    assert Award.objects.exists()
