"""The 变更记录 page: organisation admins read who changed what and when, by record and by person,
within their scope (404 outside it), with Chinese field names and personal numbers masked unless they
organise the record's unit; every log and history is read-only in the admin."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import CampaignStatusChange, CompositionOverride, NominationTransition, Objection
from competitions.models import CompetitionStatusChange, Mark, RegistrationChange, ScoreChange
from competitions.services.marks import mark_save
from core.history import acting
from core.models import ImportRecord
from directory.models import Membership, Person, Role
from directory.services.people import person_create
from portal.selectors import AUDITED
from tests.factories import demo_id, member_of
from tests.scenarios.contests import D, add_entries

pytestmark = pytest.mark.django_db

URL = reverse("portal:change_list")


@pytest.fixture
def people(world):
    """A person at 甲公司 created and then changed by 甲工会's organiser."""
    organiser = world["users"]["a"]
    person = person_create(by=organiser, name="王伟", employer=world["a_co"], id_number=demo_id(), phone="13912345678")
    with acting(organiser):
        person.job_title = "高级技师"
        person.phone = "13900001111"
        person.save()
    return {"person": person, "organiser": organiser}


def table(response) -> str:
    """The rows of the page (not its filter form, which lists every user in scope)."""
    html = response.content.decode()
    return html[html.index('id="change-table"') :]


@pytest.fixture
def admin_of(world):
    def make(org, username):
        return member_of(org, role=Role.ADMIN, username=username)

    return make


def page(client, as_user, **params):
    client.force_login(as_user)
    return client.get(URL, params)


def test_only_organisation_admins_open_the_page(client, world, admin_of):
    assert client.get(URL).status_code == 302  # to the login page
    assert page(client, world["users"]["a"]).status_code == 404  # an organiser, not an admin
    assert page(client, admin_of(world["a"], "a-admin")).status_code == 200


def test_a_records_changes_show_who_when_and_each_field_from_what_to_what_in_chinese(client, world, people, admin_of):
    response = page(client, admin_of(world["a"], "a-admin"), type="person", id=people["person"].pk)
    html = response.content.decode()
    assert response.status_code == 200
    assert "变更记录" in html and "王伟" in html and "a-organizer" in html
    assert "新建" in html and "修改" in html
    assert "<strong>职务</strong>" in html and "高级技师" in html  # the verbose name, the new value
    assert "<strong>手机号</strong>" in html and "13912345678" in html and "13900001111" in html  # organiser: full
    assert "<strong>工作单位</strong>" in html and "甲公司" in html  # a relation by its name
    assert "stroke_key" not in html and "updated_at" not in html


def test_another_organisations_admin_gets_404_and_sees_none_of_its_rows(client, world, people, admin_of):
    outsider = admin_of(world["other"], "other-admin")
    assert page(client, outsider, type="person", id=people["person"].pk).status_code == 404
    assert page(client, outsider, type="person", id=99999).status_code == 404
    listing = page(client, outsider).content.decode()
    assert "王伟" not in listing and "13900001111" not in listing


def test_numbers_are_masked_for_an_admin_who_only_views_the_records_unit(client, world, people, admin_of):
    viewer = admin_of(world["other"], "other-admin")
    Membership.objects.create(user=viewer, organization=world["city"], role=Role.VIEWER)
    html = page(client, viewer, type="person", id=people["person"].pk).content.decode()
    person = people["person"]
    assert "王伟" in html
    assert person.id_number not in html and person.id_number[:3] + "*" * 11 + person.id_number[-4:] in html
    assert "13900001111" not in html and "139****1111" in html


def test_filtered_by_person_shows_only_that_users_changes(client, world, people, admin_of, draft, worker):
    draft(person=worker(employer=world["b_co"], name="赵敏"), nominating_org=world["b"])  # by 乙工会's organiser
    reader = admin_of(world["city"], "city-admin")
    mine = table(page(client, reader, user=people["organiser"].pk))
    assert "王伟" in mine and "a-organizer" in mine and "b-organizer" not in mine
    theirs = table(page(client, reader, user=world["users"]["b"].pk))
    assert "b-organizer" in theirs and "赵敏" in theirs and "高级技师" not in theirs and "a-organizer" not in theirs


def test_an_entrys_record_lists_its_marks_too(client, contest):
    entry = add_entries(contest["event"], 1)[0]
    mark_save(entry=entry, component=contest["theory"], by=contest["judges"][0], value=D(80), expected_version=None)
    reader = member_of(contest["org"], role=Role.ADMIN, username="contest-admin")
    html = page(client, reader, type="entry", id=entry.pk).content.decode()
    assert str(Mark._meta.verbose_name) in html and "80.00" in html and "judge1" in html


def test_a_record_loaded_without_history_answers_an_empty_page_not_404(client, world, admin_of):
    person = Person.objects.create(name="李娜", employer=world["a_co"])  # outside any service: history, no user
    Person.history.all().delete()
    response = page(client, admin_of(world["a"], "a-admin"), type="person", id=person.pk)
    assert response.status_code == 200 and "没有符合条件的变更记录" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"type": "nonsense"},
        {"id": "abc", "type": "person"},
        {"id": "5"},
        {"id": "-1", "type": "person"},
        {"id": "99999999999999999999", "type": "person"},
        {"user": "x"},
        {"page": "999"},
        {"page": "-3"},
    ],
)
def test_bad_parameters_answer_a_page_not_an_error(client, world, people, admin_of, params):
    assert page(client, admin_of(world["a"], "a-admin"), **params).status_code == 200


def test_the_page_costs_the_same_queries_for_ten_or_forty_rows(client, world, admin_of):
    reader = admin_of(world["a"], "a-admin")
    client.force_login(reader)

    def count(n):
        with acting(world["users"]["a"]):
            for i in range(n):
                Person.objects.create(name=f"职工{i}", employer=world["a_co"], id_number=demo_id())
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, {"type": "person"}).status_code == 200
        return len(ctx.captured_queries)

    assert count(10) == count(30)


def test_every_log_and_history_is_read_only_in_the_admin(client, contest):
    root = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw-123456")
    client.force_login(root)
    logs = [
        ScoreChange,
        RegistrationChange,
        CompetitionStatusChange,
        NominationTransition,
        CampaignStatusChange,
        CompositionOverride,
        ImportRecord,
        *(a.model.history.model for a in AUDITED),
    ]
    request = type("Request", (), {"user": root})()
    for model in logs:
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        opts = model._meta
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    entry = add_entries(contest["event"], 1)[0]
    change = ScoreChange.objects.create(event=contest["event"], entry=entry, field="mark", new_value="80")
    change_url = reverse("admin:competitions_scorechange_change", args=[change.pk])
    assert client.post(change_url, {"new_value": "99"}).status_code == 403
    assert (
        client.post(reverse("admin:competitions_scorechange_delete", args=[change.pk]), {"post": "yes"}).status_code
        == 403
    )
    change.refresh_from_db()
    assert change.new_value == "80"
    history_row = Person.history.first()
    opts = Person.history.model._meta
    delete_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[history_row.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Person.history.filter(pk=history_row.pk).exists()


def test_an_objectors_name_is_read_only_by_the_conferring_unions_organisers(client, world, draft, admin_of):
    nomination = draft()
    objection = Objection.objects.create(nomination=nomination, name="举报人甲", contact="13800001234", content="不实")
    nominees_admin = admin_of(world["a"], "a-admin")
    viewing_admin = admin_of(world["other"], "other-admin")
    Membership.objects.create(user=viewing_admin, organization=world["city"], role=Role.VIEWER)
    for reader in (nominees_admin, viewing_admin):
        assert page(client, reader, type="objection", id=objection.pk).status_code == 404
        assert "举报人甲" not in page(client, reader, type="nomination", id=nomination.pk).content.decode()
    city_admin = admin_of(world["city"], "city-admin")
    html = page(client, city_admin, type="nomination", id=nomination.pk).content.decode()
    assert "举报人甲" in html and "13800001234" in html
