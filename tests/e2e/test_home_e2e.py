"""The signed-in home page in a real browser: the to-do board and the two short lists at 1366 and
390 px, and a change shown on the very next visit although the page is cached per user."""

import pytest

from awards.models import CampaignStatus, NominationStatus, Objection
from directory.models import Organization
from tests.factories import CampaignFactory, NominationFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_board_shows_a_new_objection_on_the_next_visit(seed_data, page, login, live_server, shot):
    login("tianjin")
    page.goto(f"{live_server.url}/")
    main = page.locator("main")
    assert "待办" in main.inner_text() and "竞赛" in main.inner_text()
    page.reload()  # the second visit is drawn from the cache
    objections = page.locator("#todo .todo-objections li")
    before = objections.count()
    assert "韩梅梅" not in main.inner_text()

    tianjin = Organization.objects.get(name="天津市总工会")
    campaign = CampaignFactory(conferring_org=tianjin, status=CampaignStatus.NOTICE, name="天津市五一劳动奖章评选")
    nomination = NominationFactory(campaign=campaign, status=NominationStatus.IN_NOTICE,
                                   person=PersonFactory(name="韩梅梅", employer=tianjin))
    Objection.objects.create(nomination=nomination, name="某某", contact="13900000000", content="事迹不实")

    page.reload()
    assert objections.count() == before + 1
    page.locator("#todo .todo-objections a", has_text="对“韩梅梅”的异议").click()
    page.wait_for_load_state()
    assert f"/nominations/{nomination.pk}/" in page.url
    page.go_back()
    widths = shot("home-board")
    assert widths[390] <= 390
