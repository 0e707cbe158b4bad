"""The live checker with the 2024 全国五一劳动奖章 composition rules as the case."""

from decimal import Decimal

import pytest

from awards.models import CompositionRule
from awards.selectors import checks
from awards.services import nominations as nomination_services
from awards.services import quotas as quota_services
from core.errors import DomainError
from tests.scenarios.honours import TODAY

NATIONAL = {
    "产业工人": (Decimal("0.35"), None),
    "其他一线职工和专业技术人员": (Decimal("0.20"), None),
    "科教人员": (Decimal("0.20"), None),
    "农民工": (Decimal("0.10"), None),
    "非公有制经济组织人员": (Decimal("0.35"), None),
    "企业负责人": (None, Decimal("0.20")),
}


@pytest.fixture
def national(world):
    quota_services.campaign_set_quotas(campaign=world["campaign"], by=world["users"]["city"], quotas=[])
    quota_services.campaign_apply_national_2024_rules(
        campaign=world["campaign"], by=world["users"]["city"], honor_type=world["medal"]
    )
    return world


def test_preset_holds_the_published_2024_figures(national):
    rules = {r.label: (r.min_share, r.max_share) for r in CompositionRule.objects.filter(campaign=national["campaign"])}
    assert rules == NATIONAL
    assert all(CompositionRule.objects.filter(campaign=national["campaign"]).values_list("hard", flat=True))


def _nominate(world, draft, worker, n, *, submit=True, employer=None, **flags):
    out = []
    for i in range(n):
        nom = draft(
            person=worker(employer or world["a_co"], name=f"{len(flags)}类{i}{employer or ''}", **flags),
            nominating_org=world["b"] if employer == world["b_co"] else world["a"],
        )
        if submit:
            who = world["users"]["b"] if employer == world["b_co"] else world["users"]["a"]
            nomination_services.nomination_submit(nomination=nom, by=who, today=TODAY)
        out.append(nom)
    return out


def test_twenty_nominees_short_of_two_categories_with_the_fixing_drafts_named(national, draft, worker):
    w = national
    # 20 submitted: 6 产业工人 (2 of them 农民工), 4 一线, 4 科教, 2 企业负责人, 4 管理; 甲公司 is non-public.
    _nominate(w, draft, worker, 2, is_industrial_worker=True, is_frontline=True, is_migrant_worker=True)
    _nominate(w, draft, worker, 4, employer=w["b_co"], is_industrial_worker=True)
    _nominate(w, draft, worker, 4, employer=w["b_co"], is_frontline=True)
    _nominate(w, draft, worker, 4, employer=w["b_co"], is_science_education=True, is_professional=True)
    _nominate(w, draft, worker, 2, is_enterprise_leader=True)
    _nominate(w, draft, worker, 4, employer=w["b_co"])
    # Two drafts that would help the 产业工人 rule, one that would not.
    fixers = _nominate(w, draft, worker, 2, submit=False, is_industrial_worker=True, is_enterprise_leader=False)
    _nominate(w, draft, worker, 1, submit=False, employer=w["b_co"], is_science_education=True, is_frontline=False)

    check = checks.campaign_check(w["campaign"])
    by_label = {rc.rule.display_label: rc for rc in check.rules}
    industrial = by_label["产业工人"].result
    assert (industrial.count, industrial.total, industrial.share_display, industrial.ok) == (6, 20, "30%", False)
    assert industrial.shortfall == 2  # (6 + 2) / 22 = 36.4 % ≥ 35 %
    assert industrial.swap_needed == 1  # 7 / 20 = 35 %
    assert {n.pk for n in by_label["产业工人"].fixers} == {n.pk for n in fixers}
    assert "还需增加2名产业工人" in industrial.message
    assert by_label["产业工人"].blocking

    assert by_label["其他一线职工和专业技术人员"].result.count == 4 and by_label["其他一线职工和专业技术人员"].result.ok
    assert by_label["科教人员"].result.share_display == "20%" and by_label["科教人员"].result.ok
    assert by_label["农民工"].result.share_display == "10%" and by_label["农民工"].result.ok
    non_public = by_label["非公有制经济组织人员"].result
    assert (non_public.count, non_public.ok) == (4, False)  # 2 industrial + 2 leaders at 甲公司
    assert by_label["企业负责人"].result.share_display == "10%" and by_label["企业负责人"].result.ok
    assert [rc.rule.display_label for rc in check.blocking_rules] == ["产业工人", "非公有制经济组织人员"]


def test_enterprise_leader_cap_is_reported_when_exceeded(national, draft, worker):
    w = national
    _nominate(w, draft, worker, 3, is_enterprise_leader=True)
    _nominate(w, draft, worker, 7, employer=w["b_co"], is_industrial_worker=True)
    cap = next(rc for rc in checks.campaign_check(w["campaign"]).rules if rc.rule.display_label == "企业负责人")
    assert (cap.result.share_display, cap.result.ok, cap.result.excess) == ("30%", False, 2)
    assert "超过上限20%，须减少2名企业负责人" in cap.result.message


def test_collectives_never_count_towards_personal_shares(national, draft, worker):
    w = national
    quota_services.campaign_set_quotas(
        campaign=w["campaign"], by=w["users"]["city"], quotas=[quota_services.QuotaSpec(w["a"], w["pioneer"], 1)]
    )
    _nominate(w, draft, worker, 1, is_industrial_worker=True)
    n = draft(honor_type=w["pioneer"])
    nomination_services.nomination_submit(nomination=n, by=w["users"]["a"], today=TODAY)
    industrial = next(rc for rc in checks.campaign_check(w["campaign"]).rules if rc.rule.display_label == "产业工人")
    assert (industrial.result.count, industrial.result.total) == (1, 1)


def test_rule_bounds_are_validated_in_chinese(world):
    with pytest.raises(DomainError, match="须至少设置下限或上限"):
        quota_services.campaign_set_rules(
            campaign=world["campaign"], by=world["users"]["city"], rules=[quota_services.RuleSpec("female")]
        )
    with pytest.raises(DomainError, match="下限高于上限"):
        quota_services.campaign_set_rules(
            campaign=world["campaign"],
            by=world["users"]["city"],
            rules=[quota_services.RuleSpec("female", min_share=Decimal("0.5"), max_share=Decimal("0.4"))],
        )
