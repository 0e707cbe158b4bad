"""End-to-end tests in Debian's Chromium driven by Playwright (no browser download).

`page` is a Playwright page on a fresh context; `live_server` is pytest-django's server.
Playwright's sync API runs an event loop in this thread, so Django's async-safety guard is lifted
for these tests only.
"""

import os

import pytest

from tests.programs import require_program

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
    context = playwright_browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    refused: list[str] = []

    def on_console(message):
        if message.type == "error" and ("Refused to" in message.text or "Content Security Policy" in message.text):
            refused.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: refused.append(f"{page.url}: {error}"))
    yield page
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
