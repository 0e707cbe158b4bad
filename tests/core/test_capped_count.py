"""Lists count at most ``core.tables.COUNT_CAP`` rows (a COUNT over a LIMIT subquery), say "超过 N"
beyond it, count exactly on ``?count=exact``, and stay navigable past the cap one page at a time."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr("core.tables.COUNT_CAP", 30)


def people_page(client, **query):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("portal:person_list"), query)
    assert response.status_code == 200
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    return response, counts


def test_a_list_longer_than_the_cap_says_more_than_and_counts_with_a_limit(client, seed_data, small_cap):
    client.login(username="demo", password="pw-123456")
    total = Person.objects.count()
    assert total > 60
    response, counts = people_page(client, per_page=20)
    text = response.content.decode()
    assert "超过 30 人" in text and "精确计数" in text
    assert len(counts) == 1 and "LIMIT 31" in counts[0].upper()
    paginator = response.context["table"].paginator
    assert paginator.capped and paginator.count == 30


def test_count_exact_counts_every_row(client, seed_data, small_cap):
    client.login(username="demo", password="pw-123456")
    response, counts = people_page(client, per_page=20, count="exact")
    assert f"共 {Person.objects.count()} 人" in response.content.decode()
    assert len(counts) == 1 and "LIMIT" not in counts[0].upper()


def test_pages_past_the_cap_are_reached_one_next_at_a_time_until_the_rows_end(client, seed_data, small_cap):
    client.login(username="demo", password="pw-123456")
    total = Person.objects.count()
    per_page = 20
    seen, number = [], 1
    while True:
        response, _ = people_page(client, per_page=per_page, page=number)
        page = response.context["table"].page
        assert page.number == number
        seen += [row.record.pk for row in page.object_list]
        if not page.has_next():
            break
        assert re.search(rf'page={number + 1}\b', response.content.decode())  # the next link is offered
        number += 1
    assert len(seen) == total == len(set(seen))  # every row once, in page order, none lost at the cap
    assert number == -(-total // per_page)


def test_a_page_past_the_end_of_a_capped_list_answers_the_last_counted_page(client, seed_data, small_cap):
    client.login(username="demo", password="pw-123456")
    response, _ = people_page(client, per_page=20, page=10**6)
    page = response.context["table"].page
    assert page.number == 2 and len(page.object_list) == 20  # 30 counted rows: pages 1–2 are certain
