"""Every form is drawn one way (crispy-forms, core/forms.py): the main form pages open in a real
browser, and a form sent with mistakes shows a summary of them at the top (role="alert") and each
mistake beside its field."""

import pytest

from awards.models import Campaign, CampaignStatus
from competitions.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit_without_browser_checks(page, form="main form[method=post]"):
    """Send the (last) form as typed, bypassing the browser's own required-field checks."""
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    # Wait for the answer page itself: a bare wait_for_load_state() can return on the page being left.
    with page.expect_navigation():
        page.locator(form).last.locator("button[type=submit]").last.click()


def error_summary(page):
    summary = page.locator("main [role=alert].form-errors")
    assert summary.count() == 1
    # It stands above the fields of its form.
    # Compared in one evaluation, in page coordinates: the page scrolls to the summary as it loads,
    # and two separate viewport measurements could straddle that scroll.
    above = page.evaluate(
        """() => {
            const top = (el) => el.getBoundingClientRect().top + window.scrollY;
            const s = document.querySelector("main [role=alert].form-errors");
            const f = s.closest("form").querySelector(".form-control, .form-select");
            return top(s) < top(f);
        }"""
    )
    assert above, "the error summary is not above the form's first field"
    return summary.inner_text()


def field_error(page, name):
    """The error shown beside the field ``name``."""
    field = page.locator(f"main [name={name}].is-invalid")
    assert field.count() == 1, f"{name} is not marked invalid"
    return page.locator(f"main #div_id_{name} .invalid-feedback").inner_text()


def test_the_main_form_pages_open_with_bootstrap_fields(seed_data, login, live_server):
    page = login("tianjin")
    event = Event.objects.filter(competition__slug="haihe-cup-2023").order_by("pk").first()
    campaign = Campaign.objects.filter(conferring_org__name="天津市总工会").first()
    pages = [
        "/competitions/new/",
        "/competitions/haihe-cup-2023/edit/",
        "/competitions/haihe-cup-2023/events/new/",
        f"/competitions/haihe-cup-2023/events/{event.pk}/edit/",
        "/competitions/haihe-cup-2023/entries/new/?q=王",
        f"/competitions/haihe-cup-2023/scoring/{event.pk}/settings/",
        f"/competitions/haihe-cup-2023/scoring/{event.pk}/judges/",
        "/campaigns/new/",
        f"/campaigns/{campaign.pk}/edit/",
    ]
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        # Every visible input is drawn by the template pack: none is left without Bootstrap's class.
        bare = page.evaluate(
            """() => [...document.querySelectorAll('main form[method=post] input, main form[method=post] select,'
                + ' main form[method=post] textarea')]
                .filter(e => !['hidden', 'submit'].includes(e.type) && e.offsetParent !== null)
                .filter(e => !/form-(control|select|check-input)/.test(e.className))
                .map(e => e.name)"""
        )
        assert bare == [], (path, bare)


def test_an_invalid_competition_shows_the_summary_and_the_field_errors(seed_data, login, live_server):
    page = login("tianjin")
    page.goto(f"{live_server.url}/competitions/new/")
    page.fill("input[name=name]", "2026年测试竞赛")
    page.fill("input[name=year]", "2026")
    page.fill("input[name=start_date]", "2026-05-10")
    page.fill("input[name=end_date]", "2026-05-01")
    submit_without_browser_checks(page)

    summary = error_summary(page)
    assert "结束日期不能早于开始日期" in summary and "主办单位" in summary
    assert "结束日期不能早于开始日期" in field_error(page, "end_date")
    assert field_error(page, "organizer")
    # What was typed stays.
    assert page.input_value("input[name=name]") == "2026年测试竞赛"


def test_an_invalid_nomination_and_login_show_the_summary(seed_data, page, login, live_server):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "tianjin")
    page.fill("#id_password", "wrong-password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "用户名或密码不正确" in page.locator("main [role=alert]").inner_text()

    campaign = Campaign.objects.filter(conferring_org__name="天津市总工会").first()
    campaign.status = CampaignStatus.NOMINATING
    campaign.save(update_fields=["status"])
    login("tianjin")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/nominate/person/")
    submit_without_browser_checks(page)
    summary = error_summary(page)
    assert "荣誉称号" in summary and "推荐个人" in summary
    assert field_error(page, "honor_type")
    assert field_error(page, "person")
