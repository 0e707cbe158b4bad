"""An organisation admin reads the 变更记录 in the browser: from a person's page to that person's
changes (who, when, which field from what to what), then to everything one user changed."""

import os
from pathlib import Path

import pytest

from competitions.services.entries import entry_register, entry_withdraw
from core.history import acting
from directory.models import Membership, Role
from directory.services.organizations import organization_create_unit
from directory.services.people import person_create
from tests.factories import demo_id, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_admin_follows_a_persons_changes_and_then_one_users_changes(
    seed_data, open_competition, page, login, live_server, tmp_path
):
    organiser = Membership.objects.select_related("user", "organization").get(user__username="tianjin").user
    union = Membership.objects.get(user=organiser).organization
    employer = organization_create_unit(name="天津市演示机床厂", parent=union, by=organiser)
    member_of(union, role=Role.ADMIN, username="tj-admin")
    event = open_competition.events.order_by("pk").first()  # 报名中 today (海河工匠杯 2023 is closed)

    person = person_create(
        by=organiser, name="王建国", gender="M", employer=employer, id_number=demo_id(), phone="13912345678"
    )
    with acting(organiser):
        person.job_title = "高级技师"
        person.phone = "13900001111"
        person.save()
    entry = entry_register(event=event, person=person, delegation=employer, by=organiser, force=True)
    entry_withdraw(entry=entry, reason="因病退赛", by=organiser)

    page = login("tj-admin")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.click("#changes-link")
    page.wait_for_load_state()
    assert "变更记录" in page.inner_text("h1")
    rows = page.inner_text("#change-table")
    who = organiser.get_full_name() or organiser.username
    assert "新建" in rows and "修改" in rows and who in rows
    assert "职务" in rows and "高级技师" in rows and "13900001111" in rows  # the admin organises 王建国's unit
    _shot(page, tmp_path, "change_list_person")

    page.click(f"#change-table >> a:text('{who}') >> nth=0")
    page.wait_for_load_state()
    assert who in page.inner_text("h1 ~ span, .text-muted")
    rows = page.inner_text("#change-table")
    assert "王建国" in rows and "报名" in rows  # the person and the entry, both by tianjin
    assert "已退赛" in rows
    _shot(page, tmp_path, "change_list_by_user")
