"""No list answers 500 on a bad query string: per_page, page and sort are bounded in one place
(``core.tables.configure_table``), and malformed or huge ids answer 404."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from awards.models import Award
from competitions.models import Competition
from core.tables import MAX_PER_PAGE, query_int
from directory.models import Person

pytestmark = pytest.mark.django_db

BAD_QUERIES = [
    "per_page=-1", "per_page=0", "per_page=abc", "per_page=99999999", "per_page=1e3", "per_page=",
    "page=0", "page=-3", "page=999999", "page=abc", "page=1e9", "page=99999999999999999999999",
    "sort=zzz", "sort=-zzz", "sort=__class__", "sort=name&sort=-nonexistent", "sort=", "per_page=-5&page=-5",
]


def list_urls():
    haihe = Competition.objects.get(slug="haihe-cup-2023")
    return [
        reverse("competitions:competition_list"),
        reverse("competitions:entry_list", args=[haihe.slug]),
        reverse("awards:award_list"),
        reverse("portal:person_list"),
        reverse("portal:organization_detail", args=[Person.objects.filter(employer__isnull=False).first().employer_id]),
        reverse("directory:organization_list"),
        reverse("awards:campaign_list"),
        reverse("awards:notice_list"),
        reverse("awards:honor_catalogue"),
        reverse("competitions:scoring_tasks"),
    ]


def test_bad_paging_and_sorting_parameters_answer_a_sane_page(client, seed_data):
    client.login(username="demo", password="pw-123456")
    for url in list_urls():
        for query in BAD_QUERIES:
            response = client.get(f"{url}?{query}")
            assert response.status_code == 200, (url, query, response.status_code)


def test_per_page_is_capped(client, seed_data, monkeypatch):
    assert MAX_PER_PAGE == 200
    monkeypatch.setattr("core.tables.MAX_PER_PAGE", 60)  # the seed data has about 120 people
    client.login(username="demo", password="pw-123456")
    assert Person.objects.count() > 60
    response = client.get(reverse("portal:person_list"), {"per_page": 10**8})
    assert len(response.context["table"].page.object_list) == 60
    response = client.get(reverse("portal:person_list"), {"per_page": 0})
    assert len(response.context["table"].page.object_list) == 50  # the view's default
    response = client.get(reverse("portal:person_list"), {"per_page": 7, "page": 10**12})
    page = response.context["table"].page
    assert page.number == page.paginator.num_pages and len(page.object_list) <= 7


def test_an_unknown_sort_key_is_ignored_and_a_known_one_applies(client, seed_data):
    client.login(username="demo", password="pw-123456")
    response = client.get(reverse("awards:award_list"), {"sort": ["zzz", "-year"]})
    # (where the years the documents do not give sort depends on the database: leave them out)
    years = [row.record.year for row in response.context["table"].page.object_list if row.record.year]
    assert years
    assert years == sorted(years, reverse=True)


@pytest.mark.parametrize("value,expected", [
    ("12", 12), ("0", 50), ("-1", 50), ("abc", 50), (None, 50), ("", 50), (" 7 ", 7), ("10000", 200), ("1.5", 50),
])
def test_query_int(value, expected):
    assert query_int(value, default=50, maximum=200) == expected


def test_malformed_and_huge_ids_answer_404(client, seed_data):
    client.login(username="demo", password="pw-123456")
    award = Award.objects.first()
    for url in [
        "/people/abc/", "/people/-1/", f"/people/{10**30}/", f"/awards/{10**25}/", "/awards/1e3/",
        f"/nominations/{2**63}/", f"/notices/{10**20}/", "/competitions/%00/", "/competitions/../etc/",
        f"/honours/person/{10**20}/", f"/awards/{award.pk}x/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)


def test_every_table_is_configured_through_the_one_helper():
    """django-tables2's RequestConfig trusts per_page: only core/tables.py may replace it."""
    offenders = []
    for path in Path(settings.BASE_DIR).glob("*/views/**/*.py"):
        if re.search(r"\bRequestConfig\b", path.read_text(encoding="utf-8")):
            offenders.append(str(path))
    assert offenders == []
