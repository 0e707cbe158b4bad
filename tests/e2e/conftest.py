"""End-to-end tests in Debian's Chromium driven by Playwright (no browser download).

`page` is a Playwright page on a fresh context; `live_server` is pytest-django's server.
Playwright's sync API runs an event loop in this thread, so Django's async-safety guard is lifted
for these tests only.
"""

import contextlib
import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.programs import require_program
from tests.scenarios.browser import record_refusals

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_path():
    return require_program("chromium", "chromium-browser")


@pytest.fixture(scope="session")
def playwright_browser(chromium_path):
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(playwright_browser):
    """A fresh page. The test fails if the browser refused anything under the Content-Security-Policy
    (an inline script, handler or style left in a template) or a script threw."""
    context = playwright_browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15000)
    refused: list[str] = []
    record_refusals(page, refused)
    yield page
    # let late requests (the favicon, a redirect's target) finish before the live server stops
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=3000)
    context.close()
    assert refused == [], "the browser refused or failed:\n" + "\n".join(refused)


@pytest.fixture
def login(page, live_server):
    """login(username, password) → the page, logged in through the real login form."""

    def do(username, password="pw-123456"):
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    return do


@pytest.fixture
def open_competition(seed_data):
    """The current year's demo competition (build_demo_current, as make run builds it): 报名中 today,
    events 焊工 and 电工, the demo judges assigned."""
    import io

    from django.core.management import call_command
    from django.utils import timezone

    from competitions.models import Competition

    call_command("build_demo_current", "--password", "pw-123456", stdout=io.StringIO())
    return Competition.objects.get(slug=f"demo-skills-{timezone.localdate().year}")
def screenshot_folder() -> Path:
    """Where the browser tests' screenshots go: test-output/screenshots/ (git-ignored, kept by CI),
    or $E2E_SCREENSHOTS."""
    folder = Path(os.environ.get("E2E_SCREENSHOTS") or Path(settings.BASE_DIR) / "test-output" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def shot(page):
    """shot(name, widths=(1366, 390), on=page): full-page screenshots NAME-1366.png, NAME-390.png …
    at each width (the viewport is put back afterwards). Returns {width: the document's scroll width},
    so that a test can assert the page body does not scroll sideways."""

    def do(name, widths=(1366, 390), on=None):
        target = on or page
        before = target.viewport_size
        overflow = {}
        for width in widths:
            target.set_viewport_size({"width": width, "height": 768})
            target.wait_for_timeout(50)
            target.screenshot(path=str(screenshot_folder() / f"{name}-{width}.png"), full_page=True)
            overflow[width] = target.evaluate("document.documentElement.scrollWidth")
        if before:
            target.set_viewport_size(before)
        return overflow

    return do
