"""资格规则 in a real browser (issue 11): an organiser sets a competition's rules from its page — a preset
fills the form, 再加一行 adds a rule, a bad row is announced at the top — saves them, sees them on the
competition page, and the published results then list people on 可推荐人员."""

import pytest

from competitions.models import Competition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "langfang-skills-2024"  # the seed's 2024年廊坊市职工职业技能大赛: published demo results, no rules


def test_organiser_sets_rules_and_people_become_eligible(seed_data, page, login, live_server, shot):
    login("langfang")
    page.goto(f"{live_server.url}/competitions/{SLUG}/eligible/")
    assert "没有设置资格规则" in page.inner_text("main")
    page.goto(f"{live_server.url}/competitions/{SLUG}/")
    page.click("#eligibility a:has-text('设置资格规则')")
    page.wait_for_load_state()
    assert page.url.endswith(f"/competitions/{SLUG}/eligibility/")

    page.click("#presets a:has-text('晋升技能等级、三八红旗手')")
    page.wait_for_load_state()
    assert "尚未保存" in page.inner_text("#preset-notice")
    assert page.input_value("#id_rule-0-label") == "可推荐三八红旗手"
    # the first blank row: a medal for first places
    page.fill("#id_rule-1-label", "可申报廊坊市五一劳动奖章")
    page.fill("#id_rule-1-honor_name", "廊坊市五一劳动奖章")
    page.fill("#id_rule-1-max_rank", "1")
    page.fill("#id_rule-1-source", "廊坊市总工会竞赛通知（2024）第八条")
    # a fourth row added in the browser, first by leaving out its condition
    rows = page.locator("tbody[data-formset-body=rule] tr")
    assert rows.count() == 3
    page.click("button[data-formset-add=rule]")
    assert rows.count() == 4
    page.fill("#id_rule-3-label", "可晋升技能等级")
    page.click("main button:has-text('保存')")
    page.wait_for_load_state()
    alert = page.inner_text(".form-errors[role=alert]")
    assert "第 4 行" in alert and "请填写名次，或勾选奖项" in alert
    assert page.input_value("#id_rule-1-label") == "可申报廊坊市五一劳动奖章"  # what was typed stays
    page.check("#id_rule-3-prizes_0")  # 一等奖
    page.check("#id_rule-3-prizes_1")  # 二等奖
    page.uncheck("#id_rule-3-individual_only")
    overflow = shot("eligibility-edit", widths=(1366,))
    assert overflow[1366] <= 1366
    box = page.locator(".rule-formset .table-responsive")
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth")  # the rule table fits at 1366 px
    page.click("main button:has-text('保存')")
    page.wait_for_load_state()
    assert "已保存资格规则（3条）" in page.inner_text("main")
    table = page.inner_text("#eligibility-rules")
    assert "可申报廊坊市五一劳动奖章" in table and "一等奖、二等奖" in table and "第3名以内" in table
    shot("eligibility-competition", widths=(1366,))

    stored = Competition.objects.get(slug=SLUG).eligibility_rules
    assert [r["label"] for r in stored] == ["可推荐三八红旗手", "可申报廊坊市五一劳动奖章", "可晋升技能等级"]
    assert stored[1]["source"] == "廊坊市总工会竞赛通知（2024）第八条"  # full-width brackets kept as typed

    page.goto(f"{live_server.url}/competitions/{SLUG}/eligible/")
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 4
    assert "可申报廊坊市五一劳动奖章" in page.inner_text("main table")
    shot("eligibility-eligible-list", widths=(1366,))
