"""The campaign page at scale (issue 13): its nominations a page at a time, the quota and composition
check counted by the database — the same numbers the pure rules give over every nomination — a
fixed number of queries whatever the number of nominations, and bulk review of the page shown."""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import (
    NOMINATION_DEAD,
    NOMINATION_PENDING,
    CampaignStatus,
    CompositionRule,
    Nomination,
    NominationStatus,
    Objection,
    ObjectionStatus,
    Quota,
)
from awards.rules import composition as rule_comp
from awards.selectors import checks
from directory.models import Gender, Role
from tests.factories import CampaignFactory, HonorTypeFactory, NominationFactory, PersonFactory, member_of

pytestmark = pytest.mark.django_db

FLAGS = ["is_industrial_worker", "is_frontline", "is_professional", "is_science_education", "is_enterprise_leader"]
STATUSES = [
    NominationStatus.SUBMITTED,
    NominationStatus.APPROVED,
    NominationStatus.DRAFT,
    NominationStatus.RETURNED,
    NominationStatus.REJECTED,
]


@pytest.fixture
def campaign(org_tree):
    campaign = CampaignFactory(conferring_org=org_tree["a"], status=CampaignStatus.REVIEWING)
    medal, pioneer = HonorTypeFactory(name="测试奖章"), HonorTypeFactory(name="测试先锋")
    campaign.honor_types.set([medal, pioneer])
    for org in (org_tree["a"], org_tree["a1"]):
        Quota.objects.create(campaign=campaign, nominating_org=org, honor_type=medal, places=3)
    for rule in rule_comp.national_medal_2024_rules():
        CompositionRule.objects.create(
            campaign=campaign, flag=rule.flag, label=rule.label, min_share=rule.min_share, max_share=rule.max_share
        )
    CompositionRule.objects.create(campaign=campaign, flag="female", min_share=Decimal("0.9"), hard=False)
    CompositionRule.objects.create(campaign=campaign, honor_type=pioneer, flag="is_frontline", min_share=Decimal("1"))
    campaign.medal, campaign.pioneer = medal, pioneer
    return campaign


def _add(campaign, org_tree, n, seed=0):
    rng = random.Random(seed)
    made = []
    for i in range(n):
        nomination = NominationFactory(
            campaign=campaign,
            honor_type=campaign.medal if i % 3 else campaign.pioneer,
            # a1 has places; b nominates where it was given none
            nominating_org=[org_tree["a"], org_tree["a1"], org_tree["b"]][i % 3],
            person=PersonFactory(employer=org_tree["a1"], gender=rng.choice([Gender.MALE, Gender.FEMALE])),
            status=STATUSES[i % len(STATUSES)],
            non_public=rng.random() < 0.4,
            **{flag: rng.random() < 0.4 for flag in FLAGS},
        )
        made.append(nomination)
    for nomination in made[:3]:
        Objection.objects.create(
            nomination=nomination, name="某", contact="1", content="异议", status=ObjectionStatus.OPEN
        )
    return made


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_campaign_page_runs_the_same_few_queries_with_twice_the_nominations(client, org_tree, campaign):
    client.force_login(member_of(org_tree["a"], role=Role.ORGANIZER, username="org"))
    url = reverse("awards:campaign_detail", args=[campaign.pk])
    name = _add(campaign, org_tree, 60)[7].person.name
    pages = {"": None, "?status=submitted": None, f"?q={name}": None, "?page=2": None}
    for query in pages:
        pages[query] = _page_queries(client, url + query)
    _add(campaign, org_tree, 60, seed=1)
    for query, before in pages.items():
        after = _page_queries(client, url + query)
        assert len(after) == len(before), query
        assert len(after) <= 12, (query, after)
        assert sum("COUNT(*)" in s.upper() for s in after) == 1, query  # the table's, once
        assert sum("directory_membership" in s for s in after) == 1, query


def _reference(campaign, stage):
    """The composition results the pure rules give over every live nomination, loaded one by one."""
    counted, pending = checks.STAGE_STATUSES[stage]
    individual = {h.pk for h in campaign.honor_types.all()}
    out = {}
    live = Nomination.objects.filter(campaign=campaign).exclude(status__in=NOMINATION_DEAD).select_related("person")
    for rule in campaign.composition_rules.all():
        honours = {rule.honor_type_id} if rule.honor_type_id else individual
        candidates = [
            rule_comp.Candidate(
                n.pk, n.recipient_name, checks.nomination_flags(n), "counted" if n.status in counted else "pending"
            )
            for n in live
            if n.person_id and n.honor_type_id in honours and (n.status in counted or n.status in pending)
        ]
        result = rule_comp.check_composition(candidates, [checks._rule_to_pure(rule)]).results[0]
        out[rule.pk] = (result.count, result.total, result.ok, result.shortfall, result.excess, result.fixers)
    return out


@pytest.mark.parametrize("stage", [checks.STAGE_SUBMIT, checks.STAGE_NOTICE])
def test_counted_check_gives_what_the_rules_give_over_every_nomination(org_tree, campaign, stage, monkeypatch):
    monkeypatch.setattr(checks, "FIXERS_SHOWN", 3)
    _add(campaign, org_tree, 90)
    check = checks.campaign_check(campaign, stage=stage)
    got = {
        rc.rule.pk: (rc.result.count, rc.result.total, rc.result.ok, rc.result.shortfall, rc.result.excess)
        for rc in check.rules
    }
    expected = _reference(campaign, stage)
    assert got == {pk: r[:5] for pk, r in expected.items()}
    for rc in check.rules:  # the first FIXERS_SHOWN of the fixers, in id order, and whether there are more
        fixers = expected[rc.rule.pk][5]
        assert [n.pk for n in rc.fixers] == fixers[: checks.FIXERS_SHOWN]
        assert rc.fixers_more == (len(fixers) > checks.FIXERS_SHOWN)
    assert any(rc.fixers_more for rc in check.rules)
    # places: a and a1 have places for the medal; b's medal nominations count against none
    live = Nomination.objects.filter(campaign=campaign, honor_type=campaign.medal)
    counted, pending = checks.STAGE_STATUSES[stage]
    for q in check.quotas:
        mine = live.filter(nominating_org=q.org)
        assert (q.used, q.pending) == (mine.filter(status__in=counted).count(), mine.filter(status__in=pending).count())
    assert [q.org for q in check.quotas] == [org_tree["a"], org_tree["a1"], org_tree["b"]]


def test_submitting_counts_the_nomination_being_submitted(org_tree, campaign):
    _add(campaign, org_tree, 15)
    draft = Nomination.objects.filter(campaign=campaign, status__in=NOMINATION_PENDING, honor_type=campaign.medal)
    draft = draft.first()
    before = checks.campaign_check(campaign)
    after = checks.campaign_check(campaign, adding=draft)
    line = {q.org: q for q in before.quotas}[draft.nominating_org]
    line_after = {q.org: q for q in after.quotas}[draft.nominating_org]
    assert (line_after.used, line_after.pending) == (line.used + 1, line.pending - 1)
    for rc_before, rc_after in zip(before.rules, after.rules, strict=True):
        if rc_before.rule.honor_type_id in (None, campaign.medal.pk):
            assert rc_after.result.total == rc_before.result.total + 1
        assert draft not in rc_after.fixers


def test_bulk_review_takes_the_rows_ticked_on_the_page_shown(client, org_tree, campaign):
    _add(campaign, org_tree, 120)
    client.force_login(member_of(org_tree["a"], role=Role.REVIEWER, username="rev"))
    url = reverse("awards:campaign_detail", args=[campaign.pk])
    first = client.get(url).content.decode()
    assert "data-bulk-all" in first and "全选本页" in first and 'form="bulk-form"' in first
    assert "共 120 项" in first
    page = client.get(url + "?page=2&per_page=20").context["table"].page
    rows = [row.record for row in page.object_list]
    assert len(rows) == 20
    html = client.get(url + "?page=2&per_page=20").content.decode()
    boxes = [n for n in rows if f'name="ids" value="{n.pk}"' in html]
    assert boxes == [n for n in rows if n.status == NominationStatus.SUBMITTED] and boxes
    response = client.post(
        reverse("awards:nomination_bulk", args=[campaign.pk]),
        {"action": "approve", "ids": [n.pk for n in boxes], "confirm": "1"},
    )
    assert response.status_code == 302
    assert set(Nomination.objects.filter(pk__in=[n.pk for n in boxes]).values_list("status", flat=True)) == {
        NominationStatus.APPROVED
    }
