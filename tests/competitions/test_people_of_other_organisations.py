"""People across organisations (README “谁的数据”): an organiser who registers a person whose record
belongs to another organisation — by the form or by the 报名表 import — never learns a detail of that
record (not the name under an ID number, not the phone), never changes it, and keeps what they typed
on their own entry. The owner (organiser of the person's employer or above) still fills in blanks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competitions.importers.entries import EntryImporter
from competitions.models import Entry
from competitions.services.entries import entry_person_for
from core.errors import DomainError
from directory.models import Person
from directory.selectors import person_owned_by
from tests.factories import OrganizationFactory, PersonFactory, member_of
from tests.scenarios.registration_workbooks import line, workbook

pytestmark = pytest.mark.django_db

SECRET_PHONE = "13987654321"


@pytest.fixture
def outsider(reg):
    """A worker of 外市 (not under the competition's organiser), with a phone and blank fields."""
    works = OrganizationFactory(name="外市机械厂", parent=reg.other, kind="employer")
    return PersonFactory(name="孙悟", employer=works, phone=SECRET_PHONE, job_title="", ethnicity="", skill_level="")


def master(person) -> tuple:
    person.refresh_from_db()
    return (person.name, person.phone, person.job_title, person.ethnicity, person.skill_level, person.employer_id)


def form_data(reg, person, **kw):
    return {"event": reg.welding.pk, "name": person.name, "id_number": person.id_number, "phone": "13800000001",
            "ethnicity": "汉族", "job_title": "钳工", "skill_level": "level3", "employer": reg.plant.pk, **kw}


def test_ownership_follows_the_employer(reg, outsider):
    assert not person_owned_by(reg.organizer, outsider)
    assert person_owned_by(member_of(reg.other, username="other-org"), outsider)
    assert person_owned_by(None, outsider)  # the command line


def test_the_form_registers_another_organisations_person_without_touching_or_revealing_the_record(
    client, reg, outsider
):
    before = master(outsider)
    client.force_login(reg.organizer)
    response = client.post(reverse("competitions:entry_create", args=[reg.competition.slug]), form_data(reg, outsider))
    assert response.status_code == 302
    assert master(outsider) == before  # no blank filled in, nothing overwritten
    entry = Entry.objects.get(person=outsider)
    assert entry.entered_details == {"phone": "13800000001", "job_title": "钳工", "skill_level": "level3",
                                     "ethnicity": "汉族", "unit": reg.plant.name}
    listing = client.get(reverse("competitions:entry_list", args=[reg.competition.slug])).content.decode()
    assert SECRET_PHONE not in listing and outsider.id_number not in listing
    assert "13800000001" in listing and outsider.id_number[-4:] in listing  # what they typed, the masked ID
    export = client.get(reverse("competitions:entry_list", args=[reg.competition.slug]), {"export": "xlsx"})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    from io import BytesIO

    from openpyxl import load_workbook

    cells = {str(c) for row in load_workbook(BytesIO(body)).active.iter_rows(values_only=True) for c in row}
    assert SECRET_PHONE not in cells and outsider.id_number not in cells and "13800000001" in cells


def test_the_form_never_names_the_person_behind_an_id_number(client, reg, outsider):
    client.force_login(reg.organizer)
    response = client.post(
        reverse("competitions:entry_create", args=[reg.competition.slug]), form_data(reg, outsider, name="猪八戒")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "另一姓名" in page
    assert outsider.name not in page and SECRET_PHONE not in page and "外市机械厂" not in page
    assert not Entry.objects.exists()


def test_the_owner_still_fills_in_blank_fields(reg):
    own = PersonFactory(name="张伟", employer=reg.plant, phone="", job_title="")
    values = {"name": "张伟", "id_number": own.id_number, "phone": "13800000002", "job_title": "焊工"}
    person = entry_person_for(values, competition=reg.competition, by=reg.organizer)
    assert person == own and master(own)[1:3] == ("13800000002", "焊工")


def test_the_service_refuses_a_different_name_without_naming(reg, outsider):
    values = {"name": "猪八戒", "id_number": outsider.id_number}
    with pytest.raises(DomainError) as caught:
        entry_person_for(values, competition=reg.competition, by=reg.organizer)
    assert outsider.name not in caught.value.message


def run_import(reg, rows, *, dry_run):
    return EntryImporter(reg.competition, by=reg.organizer).run(workbook(rows), filename="报名表.xlsx", dry_run=dry_run)


def test_the_import_registers_another_organisations_person_without_touching_the_record(reg, outsider):
    before = master(outsider)
    rows = [line(outsider.name, outsider.id_number, phone="13800000003", job="钳工", skill="技师")]
    report = run_import(reg, rows, dry_run=False)
    assert report.ok, report.errors
    assert master(outsider) == before
    assert report.people_updated == 0
    [notice] = [n for n in report.notices if "其他单位" in n.message]
    assert SECRET_PHONE not in notice.message and "外市机械厂" not in notice.message
    entry = Entry.objects.get(person=outsider)
    assert entry.entered_details["phone"] == "13800000003" and entry.entered_details["job_title"] == "钳工"


def test_the_import_never_names_the_person_behind_an_id_number(reg, outsider):
    report = run_import(reg, [line("猪八戒", outsider.id_number)], dry_run=True)
    [error] = report.errors
    assert "另一姓名" in error.message and outsider.name not in error.message
    assert not any(outsider.name in str(e) or SECRET_PHONE in str(e) for e in [*report.errors, *report.notices])


def test_the_import_page_shows_nothing_of_the_record(client, reg, outsider):
    client.force_login(reg.organizer)
    url = reverse("competitions:import_upload", args=[reg.competition.slug])
    for name in (outsider.name, "猪八戒"):
        data = workbook([line(name, outsider.id_number, phone="13800000004")])
        page = client.post(url, {"file": SimpleUploadedFile("报名表.xlsx", data)}).content.decode()
        assert SECRET_PHONE not in page and "外市机械厂" not in page
        if name != outsider.name:
            assert outsider.name not in page


def test_the_import_still_fills_in_blanks_for_the_owner(reg):
    own = PersonFactory(name="李娜", employer=reg.plant, phone="", gender="F")
    report = run_import(reg, [line("李娜", own.id_number, phone="13800000005")], dry_run=False)
    assert report.ok, report.errors
    own.refresh_from_db()
    assert own.phone == "13800000005" and Person.objects.count() == 1


def test_an_entry_made_by_another_organisation_stays_out_of_the_owners_records(client, reg, outsider):
    run_import(reg, [line(outsider.name, outsider.id_number)], dry_run=False)
    assert Entry.objects.filter(person=outsider).exists()
    owner = member_of(reg.other, username="other-owner")
    client.force_login(owner)
    page = client.get(reverse("portal:person_detail", args=[outsider.pk])).content.decode()
    assert outsider.name in page and SECRET_PHONE in page  # the owner sees their own record in full
    assert reg.competition.name not in page
    # the registering organiser does not see the person's record at all
    client.force_login(reg.organizer)
    assert client.get(reverse("portal:person_detail", args=[outsider.pk])).status_code == 404
