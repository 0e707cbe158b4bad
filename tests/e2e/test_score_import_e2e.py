"""Score import in the browser (issue 11, defect 5): the check comes first and says how many judges'
marks the imported scores will replace; nothing changes until confirmed; the success message appears
once and says nothing of 用时 on an untimed event; Back then confirm again says it was imported."""

import io

import pytest
from openpyxl import Workbook

from competitions.models import Competition, JudgeAssignment, Mark
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(entries) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["参赛号", "姓名", "理论成绩", "实操成绩"])
    for i, entry in enumerate(entries):
        ws.append([entry.bib, entry.person.name, 80 + i % 10, 75 + i % 7])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_preview_names_the_judges_marks_replaced_then_confirm_once(seed_data, page, login, live_server, shot):
    event = Competition.objects.get(slug="haihe-cup-2023").events.get(name="焊工")
    assert not event.uses_time
    entries = list(event.entries.order_by("bib"))
    theory, practical = list(event.components.order_by("order"))
    judge = UserFactory(username="e2e-judge-import")
    JudgeAssignment.objects.create(event=event, user=judge)
    for entry in entries[:3]:
        Mark.objects.create(entry=entry, component=theory, judge=judge, value=60)
        Mark.objects.create(entry=entry, component=practical, judge=judge, value=61)

    marks_before = Mark.objects.filter(entry__event=event).count()
    login("tianjin")
    page.goto(f"{live_server.url}/competitions/haihe-cup-2023/scoring/{event.pk}/import/")
    assert page.locator("ol.steps li.current").inner_text() == "上传"
    page.set_input_files(
        "input[name=file]", files=[{"name": "成绩表.xlsx", "mimeType": XLSX, "buffer": _sheet(entries)}]
    )
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    # the check first: nothing saved, the judges' marks that will be replaced are named
    summary = page.inner_text("#dry-run-summary")
    assert "检查通过" in summary and "将取代 6 条裁判评分" in summary and "用时" not in summary
    assert "用时" not in page.inner_text("#import-counts")
    assert page.locator("ol.steps li.current").inner_text() == "确认"
    assert Mark.objects.filter(entry__event=event).count() == marks_before  # nothing saved by the check
    shot("score-import-preview")
    before = list(Mark.objects.filter(judge=judge).values_list("value", flat=True))

    page.click("#confirm-import")
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert main.count("已导入 12 行") == 1, main
    assert "用时" not in page.locator(".alert-success").inner_text()
    shot("score-import-done", widths=(1366,))
    assert list(Mark.objects.filter(judge=judge).values_list("value", flat=True)) == before  # kept, overridden

    # Back, then confirm again: it says the file was imported, and nothing is saved twice
    page.go_back()
    page.wait_for_load_state()
    page.click("#confirm-import")
    page.wait_for_load_state()
    assert "这个文件已经导入过" in page.inner_text("main") and "过期" not in page.inner_text("main")
