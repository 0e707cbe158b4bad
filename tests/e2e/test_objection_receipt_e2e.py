"""An objector in a real browser (a phone's 390 px and a desk's 1366 px): lodges an objection on the
public notice, gets a 回执号, and later reads the answer with it; the nominee's unit never sees who
objected. Screenshots go to $E2E_SCREENSHOTS when set."""

import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache

from awards.models import Objection
from awards.services import objections as objection_services
from tests.scenarios.permissions import permission_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 768)])
def test_objector_gets_a_receipt_and_reads_the_answer(page, live_server, tmp_path, width, height):
    cache.clear()
    world = permission_world()
    folder = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/notices/{world['notice'].pk}/")
    page.click("text=提出异议")
    page.wait_for_load_state()
    page.fill("input[name=name]", "赵举报")
    page.fill("input[name=contact]", "13800009999")
    page.fill("textarea[name=content]", "反映该同志的事迹材料与实际情况不符，请核查。")
    page.click("button:has-text('提交异议')")
    page.wait_for_load_state()
    body = page.inner_text("body")
    objection = Objection.objects.get(name="赵举报")
    assert objection.receipt in body and "正在核查" in body
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", objection.receipt)
    page.screenshot(path=str(folder / f"objection-receipt-{width}.png"), full_page=True)

    objection_services.objection_answer(objection=objection, by=world["organizer"],
                                        answer="经核查，该同志事迹属实，异议不成立。", outcome="dismissed")
    page.goto(f"{live_server.url}/notices/receipt/")
    page.fill("input[name=receipt]", objection.receipt.lower().replace("-", ""))
    page.click("button:has-text('查询')")
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert "经核查，该同志事迹属实，异议不成立。" in body and "赵举报" not in body and "13800009999" not in body
    page.screenshot(path=str(folder / f"objection-answer-{width}.png"), full_page=True)
    cache.clear()
