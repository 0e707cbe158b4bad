"""The public results page of a big event (issue 13): one screen at a time, a search for one's own
name or bib, the whole list as the 成绩册 download, a fixed number of queries whatever the size."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competitions.models import Entry, EntryStatus, Event, Result
from competitions.selectors.results import public_results
from competitions.views.public import PUBLIC_PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[500, 1000], ids=["n", "2n"])
def big_event(request):
    call_command("build_scale_data", entries=request.param, awards=0, people=request.param, stdout=None)
    return Event.objects.filter(competition__slug="scale-1").order_by("id").first()


def _url(event, **query):
    url = reverse("competitions:public_event_results", args=[event.competition.slug, event.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_first_screen_is_one_page_in_rank_order_with_a_fixed_number_of_queries(client, big_event):
    ranked = Result.objects.filter(entry__event=big_event, entry__status="registered", rank__isnull=False)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(_url(big_event))
    assert page.status_code == 200
    assert len(ctx.captured_queries) == 9  # same at both sizes
    rows = page.context["rows"]
    assert len(rows) == PUBLIC_PAGE_SIZE
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    assert rows[0]["rank"] == 1
    html = page.content.decode()
    assert f"共 {ranked.count()} 名选手参加排名" in html
    assert "下载完整成绩（Excel）" in html and "page=2" in html
    second = client.get(_url(big_event, page=2)).context["rows"]
    assert second[0]["rank"] >= rows[-1]["rank"]
    assert client.get(_url(big_event, page="abc")).status_code == 200


def test_search_finds_ones_own_name_or_bib(client, big_event):
    result = (
        Result.objects.filter(entry__event=big_event, rank__isnull=False, entry__status="registered")
        .select_related("entry__person")
        .order_by("-rank")
        .first()
    )
    by_bib = client.get(_url(big_event, q=result.entry.bib))
    assert [r["name"] for r in by_bib.context["rows"]] == [result.entry.person.name]
    by_name = client.get(_url(big_event, q=result.entry.person.name)).context["rows"]
    assert result.entry.person.name in [r["name"] for r in by_name]
    assert all(r["name"].startswith(result.entry.person.name[:2]) for r in by_name)
    assert "全部名单" in by_bib.content.decode()
    assert client.get(_url(big_event, q="<script>")).status_code == 200


def test_the_whole_list_downloads_as_the_results_book_and_only_when_published(client, big_event):
    url = reverse("competitions:public_event_results_xlsx", args=[big_event.competition.slug, big_event.pk])
    response = client.get(url)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = book.worksheets[0]
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    assert "身份证" not in text and "手机" not in text
    entries = big_event.entries.count()
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) >= entries
    Event.objects.filter(pk=big_event.pk).update(results_published=False)
    assert client.get(url).status_code == 404
    assert client.get(_url(big_event)).status_code == 404


def test_a_ranked_entry_withdrawn_since_the_computation_is_neither_listed_nor_counted(client, big_event):
    """The count is two index counts (ranked results of the event, less those whose entry is no
    longer registered); it must agree with the rows listed."""
    top = Result.objects.filter(event=big_event, rank=1).select_related("entry").first()
    listed_before = Result.objects.filter(event=big_event, rank__isnull=False, entry__status="registered").count()
    Entry.objects.filter(pk=top.entry_id).update(status=EntryStatus.WITHDRAWN)
    page = client.get(_url(big_event))
    assert f"共 {listed_before - 1} 名选手参加排名" in page.content.decode()
    assert not public_results(big_event).filter(pk=top.pk).exists()
    assert page.context["page_obj"].paginator.count == listed_before - 1


def test_every_result_carries_its_entrys_event(big_event):
    """Result.event is what the public page's index walks: filled however a result is created."""
    assert not Result.objects.exclude(event_id=models.F("entry__event_id")).exists()
    entry = Entry.objects.filter(event=big_event, result__isnull=True).first() or Entry.objects.create(
        event=big_event, person=Result.objects.first().entry.person, delegation=Result.objects.first().entry.delegation,
        bib="X-1",
    )
    Result.objects.filter(entry=entry).delete()
    created = Result.objects.create(entry=entry)
    assert created.event_id == big_event.pk
    created.delete()
    Result.objects.bulk_create([Result(entry=entry)])
    assert Result.objects.get(entry=entry).event_id == big_event.pk
