"""Every list's rows come from ``core.table_rows.render_rows`` (one pass per page), and what it writes
is what django-tables2's own cell-by-cell rendering writes, table by table: the choices' labels, the
links, the masked ID numbers, the badges, the check boxes, the defaults of empty cells, the escaping
of user text and the empty-list row."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from awards.models import Campaign, CampaignStatus, Nomination, NominationStatus
from competitions.models import Competition, Entry, EntryStatus
from competitions.views.tables import EntryTable
from core.table_rows import UnsupportedColumn, render_rows
from directory.models import Person

pytestmark = pytest.mark.django_db

STOCK = Template('{% load django_tables2 %}{% render_table table "django_tables2/bootstrap5-responsive.html" %}')


def _rows(html: str) -> str:
    """The rows of the list's table (the one django-tables2 wraps in its table-container)."""
    start = html.find("table-container")
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", html[max(start, 0):], re.S).group(1)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", body)).strip()


def stock_rows(table) -> str:
    """The page's rows as django-tables2's stock template renders them, cell by cell."""
    return _rows(STOCK.render(Context({"table": table, "request": RequestFactory().get("/")})))


def assert_same_rows(client, url, **query) -> int:
    response = client.get(url, query)
    assert response.status_code == 200
    table = response.context["table"]
    ours = _rows(response.content.decode())
    assert ours == _rows(f"<tbody>{render_rows(table)}</tbody>")
    assert ours == stock_rows(table)
    return len(table.page.object_list)


@pytest.fixture
def hostile_text(seed_data):
    """User text that must stay text, in a person's name and an entry's status reason."""
    person = Person.objects.filter(entries__isnull=False).order_by("id").first()
    Person.objects.filter(pk=person.pk).update(name='<b>王"芳</b>')
    entry = Entry.objects.filter(person=person).first()
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.WITHDRAWN, status_reason="<script>x</script>")
    return entry


def test_people_rows_match_django_tables2(client, seed_data, hostile_text):
    client.login(username="demo", password="pw-123456")
    assert assert_same_rows(client, reverse("portal:person_list"), per_page=100) > 50
    assert assert_same_rows(client, reverse("portal:person_list"), sort="-name") > 0


def test_entry_rows_match_django_tables2_for_the_manager_and_masked_for_a_unit(client, seed_data, hostile_text):
    competition = Competition.objects.get(events__entries=hostile_text)
    url = reverse("competitions:entry_list", args=[competition.slug])
    client.login(username="demo", password="pw-123456")
    assert assert_same_rows(client, url, per_page=200) > 10
    response = client.get(url, {"per_page": 200})
    assert "&lt;script&gt;x&lt;/script&gt;" in response.content.decode()
    assert "<script>x</script>" not in response.content.decode()
    assert "&lt;b&gt;王&quot;芳&lt;/b&gt;" in response.content.decode()
    assert "恢复报名" in response.content.decode() and 'name="ids"' in response.content.decode()
    # a unit's view of the same rows: ID numbers and phones masked, no actions
    table = EntryTable(Entry.objects.filter(event__competition=competition).select_related(
        "person__employer", "event", "delegation", "team").order_by("id"), full=False)
    table.paginate(per_page=200)
    ours = _rows(f"<tbody>{render_rows(table)}</tbody>")
    assert ours == stock_rows(table) and "****" in ours and "恢复报名" not in ours


def test_competition_and_award_rows_match_django_tables2(client, seed_data):
    client.login(username="demo", password="pw-123456")
    assert assert_same_rows(client, reverse("competitions:competition_list")) > 0
    assert assert_same_rows(client, reverse("awards:award_list"), per_page=200) > 5


def test_nomination_rows_match_django_tables2_with_the_bulk_boxes(client, seed_data):
    campaign = Campaign.objects.filter(nominations__isnull=False).order_by("id").first()
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.REVIEWING)
    Nomination.objects.filter(campaign=campaign).update(status=NominationStatus.SUBMITTED)
    client.login(username="tianjin", password="pw-123456")  # the campaign's organiser: bulk review
    url = reverse("awards:campaign_detail", args=[campaign.pk])
    assert assert_same_rows(client, url) > 0
    assert 'name="ids"' in client.get(url).content.decode()


def test_an_empty_list_says_so_in_one_row(client, seed_data):
    client.login(username="demo", password="pw-123456")
    response = client.get(reverse("portal:person_list"), {"q": "没有这个人"})
    assert _rows(response.content.decode()) == stock_rows(response.context["table"])
    assert "没有符合条件的人员" in _rows(response.content.decode())


def test_a_column_with_per_cell_attributes_is_refused_not_rendered_differently(client, seed_data):
    import django_tables2 as tables

    class Computed(tables.Table):
        name = tables.Column(attrs={"td": {"data-id": lambda record: record.pk}})

    table = Computed(Person.objects.order_by("id")[:2])
    with pytest.raises(UnsupportedColumn):
        render_rows(table)
