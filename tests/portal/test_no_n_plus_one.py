"""No N+1 anywhere (issue 13): every page the demo organiser can open runs as many queries on twice the
data as on the data.

The world is the permission matrix's (``tests.scenarios.permissions``: an object behind every URL),
seen by ``demo``, an organiser of its root union like the demo organiser of ``setup_demo``, plus one
layer of rows of every kind (``tests.scenarios.layers.add_layer``). Every GET page is opened and its
queries counted; a second layer is added (more entries, marks, results, people, awards, nominations,
objections, care entries, projects, jobs, history … on the same competitions, events, campaigns and
people, with new related rows) and every page is opened again: each must run the same number of
queries. Far fewer rows than a page of any paginated list, so pagination hides nothing.

The pages are the permission matrix's cases (``CASES``: every URL pattern has one), those whose GET
is refused by everyone (405) left out, plus every export name of the two pages that take one.
A URL pattern added to the project gets a case there, hence a page here.

Pages are opened by ``demo`` unless the case names another right user that ``demo`` is not (the
assigned judge of the mark sheet, the chief judge, a superuser for 节假日 and 变更记录).

Exceptions, each with its reason where it is declared: ``XFAIL`` (a known N+1 left to work in
progress), ``PER_HONOUR`` (one query per honour section by design), and the dashboard's current
campaigns, filled to its ``MAX_CAMPAIGNS`` from the start (``world``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Campaign, CampaignStatus
from awards.views.exports import CAMPAIGN_EXPORTS
from care.views.care import EXPORTS as CARE_EXPORTS
from competitions.models import Event
from core.models import Job, JobStatus
from portal.selectors.dashboard import MAX_CAMPAIGNS
from tests.factories import member_of
from tests.portal.test_permission_matrix import CASES, resolve_kwargs, url_patterns
from tests.scenarios.layers import add_layer, published_contest
from tests.scenarios.permissions import permission_world

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("no-n-plus-one")]


@dataclass(frozen=True)
class Page:
    name: str
    kw: str = ""
    who: str = "demo"
    status: int = 200

    @property
    def id(self) -> str:
        return f"{self.name} {self.kw}".strip()


# Cases whose world object is not the one the demo organiser reaches, or whose answer is not 200.
OVERRIDES = {
    # the published contest: the world's own contest has not published its results
    "competitions:innovation_public_results": {"kw": "slug=published_contest"},
    # the file of the attachment is not on disk: a 404 after the same lookups
    "competitions:innovation_attachment": {"status": 404},
    "core:job_download": {"status": 302},  # a finished export without a file: back to the job
    "favicon": {"status": 301},
}


def pages() -> list[Page]:
    found = []
    for case in CASES:
        if case.get.split()[-1] == "405":
            continue  # POST only: no page
        who = "demo" if case.who == "organizer" else case.who
        options = {"kw": case.kw, "who": who, **OVERRIDES.get(case.name, {})}
        if case.name == "awards:campaign_export":
            found += [Page(case.name, f"pk=campaign name=:{name}", who) for name in CAMPAIGN_EXPORTS]
        elif case.name == "care:export":
            found += [Page(case.name, f"name=:{name}", who) for name in CARE_EXPORTS]
        else:
            found.append(Page(case.name, **options))
    return found


# The same pages on the other world objects that take other paths: the results book and standings of
# the competition still in scoring (unpublished events, results not computed).
EXTRA = [
    Page("competitions:results_book", "slug=competition"),
    Page("competitions:standings", "slug=competition"),
    Page("competitions:eligible_list", "slug=competition"),
]

PAGES = pages() + EXTRA

# Known N+1s left to the campaign pages' rewrite (awards/views/campaigns.py, issue 13): the quota and
# rule formsets read each form's organisation and honour choices again (two queries per quota).
XFAIL: dict[str, str] = {}

# Pages that read one query per honour present, by design: the roster streams each honour's section
# in stroke order with its own query (awards/selectors/rosters.py, measured 45 % less CPU per row than
# one query for the whole roster). Their number follows the honour catalogue, never the number of
# awards: each layer adds one honour with awards (the collective honour), hence one query.
PER_HONOUR = {"awards:award_export"}


def world() -> dict:
    w = permission_world()
    w["demo"] = member_of(w["root"], username="demo")
    w["job"] = Job.objects.create(owner=w["demo"], kind=Job.Kind.EXPORT, title="导出人员名单",
                                  builder="core.jobs.run_export", status=JobStatus.SUCCEEDED)
    published_contest(w)
    # Results computed in the published event: the standings list each such event's teams.
    Event.objects.filter(pk=w["pub_event"].pk).update(results_computed_at=timezone.now())
    # The dashboard shows the newest MAX_CAMPAIGNS current campaigns, six queries each: older ones fill
    # it from the start, so that the layers' campaigns replace them (its page size, as it were).
    for i in range(MAX_CAMPAIGNS):
        Campaign.objects.create(name=f"往年评选{i}", conferring_org=w["a"], year=2000 + i,
                                status=CampaignStatus.NOMINATING, nomination_deadline=dt.date(2099, 1, 1))
    return w


def visit(w: dict, page: Page) -> tuple[int, list[str]]:
    client = Client()
    client.force_login(w[page.who])
    url = reverse(page.name, kwargs=resolve_kwargs(page.kw, w))
    cache.clear()  # nothing remembered from the first visit
    with transaction.atomic():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        transaction.set_rollback(True)  # a page that writes (a job, a log) leaves the world as it was
    return response.status_code, [q["sql"] for q in ctx.captured_queries]


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker) -> dict:
    """{page id: ((status, queries) on the data, (status, queries) on twice the data)}."""
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    with django_db_blocker.unblock(), transaction.atomic():
        w = world()
        add_layer(w, 1)
        first = {page.id: visit(w, page) for page in PAGES}
        add_layer(w, 2)
        second = {page.id: visit(w, page) for page in PAGES}
        transaction.set_rollback(True)
    request_log.setLevel(level)
    return {key: (first[key], second[key]) for key in first}


def _shape(sql: str) -> str:
    """A query with its numbers and quoted values blanked, to name what the doubled data added."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _marked(page: Page):
    if page.name in XFAIL:
        return pytest.param(page, marks=pytest.mark.xfail(reason=XFAIL[page.name], strict=True), id=page.id)
    return pytest.param(page, id=page.id)


@pytest.mark.parametrize("page", [_marked(p) for p in PAGES])
def test_page_runs_as_many_queries_on_twice_the_data(counts, page):
    (status, before), (status2, after) = counts[page.id]
    assert (status, status2) == (page.status, page.status), page.id
    if page.name in PER_HONOUR:
        sections = [sum("roster_name" in sql for sql in sqls) for sqls in (before, after)]
        assert len(after) - len(before) == sections[1] - sections[0] == 1, page.id
    elif len(after) != len(before):
        extra = list(map(_shape, after))
        for sql in map(_shape, before):
            if sql in extra:
                extra.remove(sql)
        more = "\n".join(sql[:300] for sql in extra[:4])
        pytest.fail(f"{page.id}: {len(before)} queries on the data, {len(after)} on twice the data; more:\n{more}")


def test_every_url_pattern_is_a_page_or_post_only():
    names = {name for name, _route in url_patterns()}
    post_only = {case.name for case in CASES if case.get.split()[-1] == "405"}
    assert names - post_only == {page.name for page in PAGES}
