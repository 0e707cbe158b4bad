"""The shared import page on a phone (390 px): the error list and the preview stay readable.

Before, the 行 and 列 cells of the error list and every cell of the preview wrapped one character per
line (第/7/行, 身/份/证/号, 王/晓/明) at 390 px; the preview now scrolls sideways inside its own box.
"""

import pytest

from tests.scenarios.registration_workbooks import row, workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# How many rendered lines each cell of `selector` takes (a cell wrapped character by character takes several).
LINES_PER_CELL = """(selector) => [...document.querySelectorAll(selector)].map((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    return [cell.innerText, tops.size];
})"""


def _upload(page, live_server, competition, rows):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/competitions/{competition.slug}/import/")
    data = workbook(rows)
    page.set_input_files("input[name=file]", files=[{"name": "报名表.xlsx", "mimeType": XLSX, "buffer": data}])
    page.click("#import-form button[type=submit]")
    page.wait_for_load_state()


def test_error_list_keeps_row_and_column_on_one_line_at_390px(open_competition, login, live_server):
    page = login("tianjin")
    _upload(
        page,
        live_server,
        open_competition,
        [
            row("王晓明"),
            row("赵强", id_number="120101198503121234"),
            row("孙丽", gender="女", event="木工"),
            row(None),
        ],
    )
    assert "发现 3 处问题" in page.inner_text("#import-errors-summary")
    cells = page.evaluate(LINES_PER_CELL, "#import-errors td:nth-child(1), #import-errors td:nth-child(2)")
    assert {text for text, _ in cells} >= {"身份证号", "赛项", "姓名"}
    assert [c for c in cells if c[1] != 1] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_preview_scrolls_sideways_instead_of_wrapping_at_390px(open_competition, login, live_server):
    page = login("tianjin")
    _upload(page, live_server, open_competition, [row("王晓明"), row("李红梅", gender="女", event="电工")])
    assert "检查通过" in page.inner_text("#dry-run-summary")
    cells = page.evaluate(LINES_PER_CELL, "#dry-run-table th, #dry-run-table td")
    assert any(text == "王晓明" for text, _ in cells)
    assert [c for c in cells if c[1] > 1] == []
    # The page itself does not get wider than the phone: only the preview box scrolls.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator("#confirm-import").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
