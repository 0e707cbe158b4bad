"""Withdrawing published results (撤回公布) takes them off the public page at once, although the page's
screens are cached on the server (core.pagecache): a visitor who read them before reloads to 404."""

import pytest
from django.contrib.auth import get_user_model

from competitions.models import Competition
from competitions.services.results import event_lock_scores, event_publish_results
from tests.scenarios.contests import give

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_withdrawn_results_leave_the_public_page_at_once(seed_data, page, login, live_server):
    event = Competition.objects.get(slug="haihe-cup-2023").events.get(name="焊工")
    theory, practical = list(event.components.order_by("order"))
    entries = list(event.entries.select_related("person").order_by("bib"))
    for entry in entries:
        give(entry, theory, "80")
        give(entry, practical, "85")
    event_lock_scores(event=event, by=None)
    event_publish_results(event=event, by=get_user_model().objects.get(username="tianjin"))
    public = f"{live_server.url}/results/haihe-cup-2023/{event.pk}/"

    anonymous = page.context.browser.new_context(locale="zh-CN").new_page()
    for _ in range(2):  # the second visit is served from the server's cache
        assert anonymous.goto(public).status == 200
        assert entries[0].person.name in anonymous.locator("tbody").inner_text()

    login("tianjin")
    page.goto(f"{live_server.url}/competitions/haihe-cup-2023/scoring/{event.pk}/unpublish/")
    page.fill("#id_reason", "名次核对有误")
    page.click("main button:has-text('撤回公布')")
    page.wait_for_load_state()
    assert page.locator("text=已撤回公布").count() == 1

    response = anonymous.reload()
    assert response.status == 404
    assert entries[0].person.name not in anonymous.content()
    assert anonymous.goto(f"{live_server.url}/results/haihe-cup-2023/").status in (200, 404)
    assert f"/results/haihe-cup-2023/{event.pk}/" not in anonymous.content()
    anonymous.context.close()
