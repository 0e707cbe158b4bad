"""Error pages (issue 11, defect 3): Chinese, in the site's layout, with a link home; with DEBUG off
as in production. 400 and 500 render without a request context and read nothing from the database."""

import pytest
from django.test import RequestFactory
from django.views import defaults

from tests.factories import UserFactory


@pytest.mark.django_db
def test_404_is_chinese_in_the_site_layout_with_a_link_home(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and 'id="error-home"' in html and "navbar-jx" in html
    assert "Not Found" not in html


@pytest.mark.django_db
def test_403_names_what_is_missing_in_chinese(client, settings):
    settings.DEBUG = False
    client.force_login(UserFactory(username="someone"))
    response = client.get("/holidays/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "没有权限" in html and 'id="error-home"' in html and "403 Forbidden" not in html


@pytest.mark.parametrize(
    ("view", "status", "words"), [(defaults.server_error, 500, "服务器出错"), (defaults.bad_request, 400, "请求有误")]
)
def test_500_and_400_render_without_a_context_or_the_database(view, status, words, django_assert_num_queries, db):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = view(request) if view is defaults.server_error else view(request, Exception("bad"))
    html = response.content.decode()
    assert response.status_code == status and words in html and 'id="error-home"' in html
