"""The site's frame in a real browser (issue 11): Chinese error pages with a way home, a message
after logout, a favicon, the public results index linked from the home page, the menu showing where
the user is, and public pages that fit a 390 px phone."""

import pytest

from competitions.models import Competition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_error_pages_are_chinese_and_lead_home(seed_data, page, login, live_server, shot):
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    assert "页面不存在" in page.inner_text("main")
    shot("error-404")
    page.click("#error-home")
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/"

    login("tianjin")
    response = page.goto(f"{live_server.url}/holidays/")
    assert response.status == 403
    assert "没有权限" in page.inner_text("main") and "Forbidden" not in page.content()
    shot("error-403")


def test_logout_says_so_and_the_favicon_is_served(seed_data, page, login, live_server):
    login("tianjin")
    page.click("nav button:has-text('退出')")
    page.wait_for_load_state()
    assert "您已退出登录" in page.inner_text("main")
    icon = page.request.get(f"{live_server.url}/favicon.ico")
    assert icon.ok and "svg" in icon.headers["content-type"]
    assert page.locator("link[rel=icon]").count() == 1


def test_public_results_index_from_the_home_page_on_a_phone(seed_data, page, live_server, shot):
    published = Competition.objects.filter(events__results_published=True).distinct()
    assert published.exists()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/")
    page.click("main a:has-text('成绩公布')")
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/results/"
    for competition in published:
        assert competition.name in page.inner_text("main")
    widths = shot("public-results-index")
    assert widths[390] <= 390
    page.click(f"#competition-{published[0].slug} .btn >> nth=0")
    page.wait_for_load_state()
    assert "/results/" in page.url and page.locator("table").count() >= 1
    assert shot("public-event-from-index")[390] <= 390


def test_the_menu_shows_where_the_user_is(seed_data, page, login, live_server, shot):
    login("tianjin")
    page.goto(f"{live_server.url}/campaigns/")
    active = page.locator("nav .nav-link.active")
    assert active.count() == 1 and active.inner_text() == "评选表彰"
    assert active.get_attribute("aria-current") == "page"
    page.goto(f"{live_server.url}/competitions/")
    assert page.locator("nav .nav-link.active").inner_text() == "竞赛"
    page.goto(f"{live_server.url}/scoring/")
    assert page.locator("nav .nav-link.active").inner_text() == "评分任务"
    page.goto(f"{live_server.url}/competitions/")
    shot("competition-list")


def test_source_names_the_seed_document_not_its_file(seed_data, page, login, live_server):
    from directory.models import Organization

    unit = Organization.objects.get(name="天津市市级机关工会联合会")
    login("tianjin")
    page.goto(f"{live_server.url}/organizations/{unit.pk}/")
    main = page.inner_text("main")
    assert "《发挥工会作用 彰显责任担当" in main and "未注明日期" in main
    assert ".txt" not in main
