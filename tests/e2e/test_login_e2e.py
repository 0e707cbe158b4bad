import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organiser_logs_in_and_sees_the_competitions_in_chinese(seed_data, login, live_server):
    page = login("demo")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.click("nav a.nav-link:text-is('竞赛')")
    page.wait_for_load_state()
    assert page.locator("text=2023年“海河工匠杯”职工职业技能大赛").count() == 1
    # the stylesheet is served locally, not from a CDN
    css = page.evaluate("Array.from(document.styleSheets).map(s => s.href).filter(Boolean)")
    assert css and all(href.startswith(live_server.url) for href in css)
