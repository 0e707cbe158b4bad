"""统计看板 in a real browser with no network beyond the test server: every chart is drawn (SVG), no
console error, the charts link to the filtered lists, and the summary's buttons work."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def offline(page, live_server):
    """Refuse every request that leaves the test server; record what was refused."""
    host = urlsplit(live_server.url).netloc
    refused = []

    def handle(route):
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == host:
            if url.path == "/favicon.ico":  # the site has no icon; the browser asks anyway
                route.fulfill(status=204, body="")
            else:
                route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return refused


def _shot(page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def test_every_chart_renders_without_network_or_console_errors(seed_data, page, login, live_server, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 768})
    refused = offline(page, live_server)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    login("demo")
    page.goto(f"{live_server.url}/dashboard/?year=2024")
    page.wait_for_load_state("networkidle")
    panels = page.query_selector_all("section.jx-panel")
    assert len(panels) == 9
    for panel in panels:
        has_rows = panel.query_selector("table tbody td a, table tbody td.text-end") is not None
        svg = panel.query_selector("svg")
        if has_rows:
            assert svg is not None, panel.get_attribute("data-panel")
            box = svg.bounding_box()
            assert box["width"] > 300 and box["height"] > 150
            assert panel.query_selector_all("svg rect.rect, svg path.rect"), panel.get_attribute("data-panel")
    # the chart stylesheet applied: bars are coloured, not the default black
    fill = page.eval_on_selector("#panel-honours_by_type svg .series rect.rect", "e => getComputedStyle(e).fill")
    assert fill not in ("rgb(0, 0, 0)", "")
    # the labels are Chinese, in a CJK font that has the glyphs
    assert "河北省劳动模范" in page.eval_on_selector("#panel-honours_by_type svg", "e => e.textContent")
    _shot(page, tmp_path, "dashboard-1366")

    # a bar opens the list behind it
    page.locator("#panel-honours_by_type svg .series a rect").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/awards/"
    assert "year=2024" in page.url and "honor_type=" in page.url

    page.goto(f"{live_server.url}/dashboard/summary/?year=2024")
    page.wait_for_load_state("networkidle")
    _shot(page, tmp_path, "dashboard-summary-1366")
    text = page.input_value("#id_text")
    assert text.startswith("2024年")
    page.fill("#id_text", "改过的文字")
    page.click("[data-jx-restore]")
    assert page.input_value("#id_text") == text
    assert errors == []
    assert refused == []
