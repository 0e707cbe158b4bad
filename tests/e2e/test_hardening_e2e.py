"""Issue 12 in the browser: the login lock-out page, and confirmations working under the CSP
(the page fixture fails the test on anything the Content-Security-Policy refused)."""

import os
from pathlib import Path

import pytest
from django.test import override_settings

from awards.models import CampaignStatus
from directory.models import Organization
from tests.factories import CampaignFactory, HonorTypeFactory, NominationFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_the_sixth_login_shows_the_lockout_message_even_with_the_right_password(page, live_server, tmp_path):
    UserFactory(username="wangwei")
    page.set_viewport_size({"width": 1366, "height": 768})
    with override_settings(AXES_ENABLED=True):
        for _ in range(5):
            page.goto(f"{live_server.url}/login/")
            page.fill("#id_username", "wangwei")
            page.fill("#id_password", "wrong-password")
            page.click("button[type=submit]")
            page.wait_for_load_state()
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", "wangwei")
        page.fill("#id_password", "pw-123456")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        message = page.inner_text("#lockout-message")
        _shot(page, tmp_path, "login-locked-out")
    assert "登录失败次数过多" in message and "30 分钟后再试" in message
    assert page.locator("nav.navbar").count() == 1  # the site's layout
    assert page.locator("text=退出").count() == 0  # not signed in


def test_dismissing_a_confirmation_sends_nothing(seed_data, page, login, live_server):
    """Buttons that ask first (data-confirm, static/js/jiangxin.js; no inline handler under the CSP):
    dismissing the question sends nothing. 撤回 a nomination asks first."""
    union = Organization.objects.get(name="天津市总工会")
    honour = HonorTypeFactory()
    campaign = CampaignFactory(conferring_org=union, status=CampaignStatus.NOMINATING)
    campaign.honor_types.add(honour)
    nomination = NominationFactory(
        campaign=campaign, honor_type=honour, nominating_org=union, person=PersonFactory(employer=union)
    )
    status = nomination.status
    login("tianjin")
    page.goto(f"{live_server.url}/nominations/{nomination.pk}/")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("button[name=action][value=withdraw]")
    page.wait_for_timeout(300)
    assert asked == ["撤回后不能恢复，确定？"]
    assert posts == []
    nomination.refresh_from_db()
    assert nomination.status == status


def test_the_admin_works_under_the_content_security_policy(page, login, live_server, tmp_path):
    UserFactory(username="site-admin", is_staff=True, is_superuser=True)
    login("site-admin")
    for path in ("/admin/", "/admin/axes/accessattempt/", "/admin/directory/organization/add/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state()
        assert page.locator("#content").count() == 1, path
    # the admin's own scripts ran (the collapsible navigation sidebar toggle exists)
    assert page.evaluate("typeof window.django === 'object' || document.querySelector('#toggle-nav-sidebar') !== null")
    _shot(page, tmp_path, "admin-organization-add")
