"""Logins resist guessing (django-axes): 5 failures lock the username and the address for a while,
the right password is refused meanwhile, the page says so in Chinese, and an admin can unlock."""

import datetime as dt
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.management import call_command
from django.test import override_settings

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes_on")]
GOOD = "pw-123456"


@pytest.fixture
def axes_on():
    with override_settings(AXES_ENABLED=True):
        yield


def attempt(client, username, password, address="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_four_failures_then_the_right_password_logs_in(client):
    UserFactory(username="zhang")
    for _ in range(4):
        assert attempt(client, "zhang", "wrong").status_code == 200
    response = attempt(client, "zhang", GOOD)
    assert response.status_code == 302 and logged_in(client)


def test_five_failures_lock_the_username_even_for_the_right_password(client):
    UserFactory(username="zhang")
    for i in range(5):
        attempt(client, "zhang", "wrong", address=f"10.0.1.{i}")  # a different address each time
    response = attempt(client, "zhang", GOOD, address="10.0.2.1")
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "登录已暂时锁定" in page and "请在 30 分钟后再试" in page and "即使输入正确的密码" in page
    assert 'class="navbar' in page  # in the site's layout


def test_five_failures_from_one_address_lock_that_address_for_every_username(client):
    UserFactory(username="li")
    for i in range(5):
        attempt(client, f"guess{i}", "wrong", address="10.0.3.3")
    assert attempt(client, "li", GOOD, address="10.0.3.3").status_code == 429
    assert attempt(client, "li", GOOD, address="10.0.3.4").status_code == 302  # another address may


def test_the_lock_ends_after_the_cool_off(client):
    UserFactory(username="zhang")
    for _ in range(5):
        attempt(client, "zhang", "wrong")
    assert attempt(client, "zhang", GOOD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))
    assert attempt(client, "zhang", GOOD).status_code == 302


def test_axes_reset_command_unlocks(client):
    UserFactory(username="zhang")
    for _ in range(5):
        attempt(client, "zhang", "wrong")
    call_command("axes_reset_username", "zhang", stdout=StringIO())
    call_command("axes_reset_ip", "10.0.0.1", stdout=StringIO())
    assert attempt(client, "zhang", GOOD).status_code == 302


def test_an_admin_unlocks_by_deleting_the_attempt_in_the_admin(client):
    UserFactory(username="zhang")
    for _ in range(5):
        attempt(client, "zhang", "wrong")
    assert AccessAttempt in admin.site._registry
    staff = UserFactory(username="root-admin", is_staff=True, is_superuser=True)
    admin_client = type(client)()
    admin_client.force_login(staff)
    changelist = admin_client.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200 and "zhang" in changelist.content.decode()
    pk = AccessAttempt.objects.get(username="zhang").pk
    response = admin_client.post(f"/admin/axes/accessattempt/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert attempt(client, "zhang", GOOD).status_code == 302


def test_the_admin_login_is_guarded_too(client):
    UserFactory(username="boss", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "boss", "password": "wrong"}, REMOTE_ADDR="10.0.9.9")
    response = client.post("/admin/login/", {"username": "boss", "password": GOOD}, REMOTE_ADDR="10.0.9.9")
    assert response.status_code == 429


def test_behind_a_proxy_the_forwarded_address_is_locked_not_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="li")
    proxy = "10.0.0.254"
    for i in range(5):
        client.post("/login/", {"username": f"guess{i}", "password": "x"}, REMOTE_ADDR=proxy,
                    HTTP_X_FORWARDED_FOR="203.0.113.7")
    locked = client.post("/login/", {"username": "li", "password": GOOD}, REMOTE_ADDR=proxy,
                         HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429
    # a spoofed left-hand entry changes nothing; another real client behind the same proxy may log in
    other = client.post("/login/", {"username": "li", "password": GOOD}, REMOTE_ADDR=proxy,
                        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.8")
    assert other.status_code == 302
