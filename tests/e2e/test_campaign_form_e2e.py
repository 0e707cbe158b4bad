"""The campaign form in a real browser (issue 11, defects 1 and 2, and the new-campaign form): places
(名额) and composition rules are saved and shown again, the blank extra rows are ignored, a row is
added with 再加一行, an error is announced at the top of the page with what was typed kept, and
percentages read 20, never 2E+1."""

import pytest

from awards.models import Campaign, CompositionRule, HonorType, Quota
from directory.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _new_campaign(page, live_server, shot):
    page.goto(f"{live_server.url}/campaigns/new/")
    # the catalogue is grouped by level and kind, senior first
    groups = page.locator("#div_id_honor_types strong").all_inner_texts()
    assert groups[0] == "全国 · 个人" and "市级 · 集体" in groups and "省级 · 个人" in groups
    shot("campaign-new")
    tianjin = Organization.objects.get(name="天津市总工会")
    page.fill("#id_name", "2026年天津市五一劳动奖章评选（测试）")
    page.select_option("#id_conferring_org", str(tianjin.pk))
    for name in ("天津市五一劳动奖章", "天津市工人先锋号"):
        page.check(f"#div_id_honor_types label:text-is('{name}')")
    page.click("main button:has-text('保存')")
    page.wait_for_load_state()
    assert "评选已创建" in page.inner_text("main")
    return Campaign.objects.get(name="2026年天津市五一劳动奖章评选（测试）")


def test_places_and_rules_are_saved_and_shown_again(seed_data, page, login, live_server, shot):
    login("tianjin")
    campaign = _new_campaign(page, live_server, shot)
    medal = HonorType.objects.get(name="天津市五一劳动奖章")
    pioneer = HonorType.objects.get(name="天津市工人先锋号")
    units = list(campaign.conferring_org.descendants().filter(depth=2).order_by("path")[:2])

    rows = page.locator("tbody[data-formset-body=quota] tr")
    assert rows.count() == 3
    page.click("button[data-formset-add=quota]")
    assert rows.count() == 4
    page.select_option("#id_quota-0-nominating_org", str(units[0].pk))
    page.select_option("#id_quota-0-honor_type", str(medal.pk))
    page.fill("#id_quota-0-places", "3")
    # the added fourth row is a real row of the formset
    page.select_option("#id_quota-3-nominating_org", str(units[1].pk))
    page.select_option("#id_quota-3-honor_type", str(pioneer.pk))
    page.fill("#id_quota-3-places", "2")
    # one rule; the other blank rule row must be ignored (it failed with 请填写最低比例或最高比例)
    page.select_option("#id_rule-0-flag", "is_industrial_worker")
    page.fill("#id_rule-0-min_percent", "20")
    shot("campaign-edit")
    page.click("main button:has-text('保存')")
    page.wait_for_load_state()
    assert "已保存" in page.inner_text("main"), page.inner_text("main")

    quotas = {(q.nominating_org_id, q.honor_type_id): q.places for q in Quota.objects.filter(campaign=campaign)}
    assert quotas == {(units[0].pk, medal.pk): 3, (units[1].pk, pioneer.pk): 2}
    [rule] = CompositionRule.objects.filter(campaign=campaign)
    assert rule.flag == "is_industrial_worker" and str(rule.min_share) == "0.2000" and rule.max_share is None

    # shown again: the places, and the percentage as 20 (never 2E+1)
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/edit/")
    assert page.input_value("#id_quota-0-places") in ("3", "2")
    assert page.input_value("#id_rule-0-min_percent") == "20"
    assert "E+" not in page.content()


def test_an_error_is_announced_at_the_top_and_what_was_typed_is_kept(seed_data, page, login, live_server, shot):
    login("tianjin")
    campaign = _new_campaign(page, live_server, shot)
    medal = HonorType.objects.get(name="天津市五一劳动奖章")
    unit = campaign.conferring_org.descendants().filter(depth=2).order_by("path").first()
    page.select_option("#id_quota-0-nominating_org", str(unit.pk))
    page.select_option("#id_quota-0-honor_type", str(medal.pk))
    page.fill("#id_quota-0-places", "4")
    page.select_option("#id_rule-1-flag", "female")
    page.fill("#id_rule-1-min_percent", "60")
    page.fill("#id_rule-1-max_percent", "10")
    page.click("main button:has-text('保存')")
    page.wait_for_load_state()

    alert = page.locator("main .form-errors[role=alert]").first
    assert "构成比例要求" in alert.inner_text() and "最低比例不能高于最高比例" in alert.inner_text()
    # announced at the top: the summary is in view and has the focus
    assert alert.evaluate("e => e.getBoundingClientRect().top") < 768
    assert page.evaluate("document.activeElement.classList.contains('form-errors')")
    # what was typed is still there; nothing saved
    assert page.input_value("#id_quota-0-places") == "4"
    assert page.input_value("#id_rule-1-min_percent") == "60"
    assert not Quota.objects.filter(campaign=campaign).exists()
    shot("campaign-edit-error")
