"""The list pages at scale (issue 13): a fixed number of queries whatever the data's size, one COUNT
per page, filter choices that never read the entries, and a name search an index serves.

Built with ``build_scale_data`` (the benchmarks' fixture) at two sizes, the second twice the first:
the query counts pinned below hold for both."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Campaign
from competitions.models import Competition, Entry
from competitions.selectors.entries import competition_delegations
from directory.models import Organization, Person
from directory.selectors import person_name_q
from portal.management.commands.build_scale_data import ORGANISER, ROOT_NAME

pytestmark = pytest.mark.django_db

# (page, queries) for the scale data's organiser (not a superuser); at most 12 each (issue 13).
# The entries list's first visit: + its cached part's stamps (competitions.selectors.entry_list_stamps).
PAGES = {
    "entries": 10,
    "entries ?event": 11,
    "entries ?delegation": 11,
    "entries ?q=name": 10,
    "people": 7,
    "people ?q=name": 7,
    "competitions": 5,
    # + the visible organisations' ids, which choose the scope's form (awards.selectors.awards)
    "awards": 8,
    "awards ?year": 8,
}


def _urls():
    big = Competition.objects.get(slug="scale-1")
    event = big.events.order_by("id").first()
    city = Organization.objects.filter(parent__name=ROOT_NAME).order_by("id").first()
    name = Person.objects.order_by("id")[5].name
    return {
        "entries": f"/competitions/{big.slug}/entries/",
        "entries ?event": f"/competitions/{big.slug}/entries/?event={event.pk}",
        "entries ?delegation": f"/competitions/{big.slug}/entries/?delegation={city.pk}",
        "entries ?q=name": f"/competitions/{big.slug}/entries/?q={name}",
        "people": "/people/",
        "people ?q=name": f"/people/?q={name}",
        "competitions": "/competitions/",
        "awards": "/awards/",
        "awards ?year": "/awards/?year=2020",
    }


@pytest.fixture(params=[300, 600], ids=["n", "2n"])
def scale_client(request, client):
    call_command("build_scale_data", entries=request.param, awards=request.param // 3, people=400, stdout=None)
    client.force_login(get_user_model().objects.get(username=ORGANISER))
    return client


def test_list_pages_run_a_fixed_number_of_queries_and_one_count(scale_client):
    counts = {}
    for page, url in _urls().items():
        with CaptureQueriesContext(connection) as ctx:
            response = scale_client.get(url)
        assert response.status_code == 200, page
        sqls = [q["sql"] for q in ctx.captured_queries]
        counts[page] = len(sqls)
        assert sum('COUNT(*) AS "__count"' in s for s in sqls) <= 1, (page, sqls)
        memberships = [s for s in sqls if "directory_membership" in s]
        assert len(memberships) == 1, (page, "memberships read once per request", memberships)
    assert counts == PAGES


def test_delegation_choices_are_the_delegations_with_entries(scale_client):
    competition = Competition.objects.get(slug="scale-1")
    expected = set(Entry.objects.filter(event__competition=competition).values_list("delegation_id", flat=True))
    assert {o.pk for o in competition_delegations(competition)} == expected
    with CaptureQueriesContext(connection) as ctx:
        list(competition_delegations(competition))
    assert len(ctx.captured_queries) == 1


@pytest.mark.parametrize("length", [1, 2, 3, 4])
def test_name_search_finds_what_a_scan_finds(length):
    call_command("build_scale_data", entries=200, awards=0, people=300, stdout=None)
    for person in Person.objects.order_by("id")[:20]:
        if len(person.name) < length:
            continue
        start = person.name[:length]
        middle = person.name[1 : 1 + length] if len(person.name) > length else start
        for term in {start, middle}:
            found = set(Person.objects.filter(person_name_q(term)).values_list("pk", flat=True))
            if length < 3:
                expected = {p.pk for p in Person.objects.all() if p.name.startswith(term)}
            else:
                expected = {p.pk for p in Person.objects.all() if term in p.name}
            assert found == expected, term
            assert person.pk in found or length < 3


def test_name_search_follows_renames_and_new_people():
    call_command("build_scale_data", entries=0, awards=0, people=50, stdout=None)
    person = Person.objects.order_by("id").first()
    person.name = "欧阳测试甲"
    person.save()
    assert list(Person.objects.filter(person_name_q("阳测试")).values_list("pk", flat=True)) == [person.pk]
    other = Person.objects.create(name="司马测试乙")
    assert list(Person.objects.filter(person_name_q("测试乙")).values_list("pk", flat=True)) == [other.pk]
    other.delete()
    assert not Person.objects.filter(person_name_q("测试乙")).exists()


def test_scale_data_is_fictitious_and_built_once():
    call_command("build_scale_data", entries=100, awards=30, people=100, stdout=None)
    assert Entry.objects.count() == 100
    assert not Person.objects.filter(is_demo=False).exists()
    assert Campaign.objects.filter(is_demo=True).count() == 1
    with pytest.raises(Exception, match="只能生成一次"):
        call_command("build_scale_data", entries=10, stdout=None)
