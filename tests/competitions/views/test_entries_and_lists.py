"""Entries one by one (bibs, places, teams, withdraw/disqualify) and the list pages with their exports."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from competitions.models import CompetitionStatus, Entry, EntryStatus, RegistrationAction, RegistrationChange, Team
from competitions.services.competitions import competition_advance_status, competition_update
from competitions.services.entries import entry_disqualify, entry_register, entry_reinstate, entry_withdraw
from competitions.services.events import event_create
from core.errors import DomainError, NotAllowed
from core.idcard import mask_id_number
from directory.models import Person, Role
from tests.factories import EntryFactory, EventFactory, PersonFactory
from tests.scenarios.registration_workbooks import new_id

pytestmark = pytest.mark.django_db


def register(reg, event=None, unit=None, **kwargs):
    unit = unit or reg.plant
    person = kwargs.pop("person", None) or PersonFactory(employer=unit)
    kwargs.setdefault("by", None)
    return entry_register(event=event or reg.welding, person=person, delegation=unit, **kwargs)


def test_bibs_are_prefix_plus_three_digits_per_event_and_never_reused(reg):
    a, b = register(reg), register(reg, unit=reg.bus)
    c = register(reg, event=reg.auto)
    assert (a.bib, b.bib, c.bib) == ("01001", "01002", "02001")
    entry_withdraw(entry=b, reason="伤病", by=None)
    assert register(reg, unit=reg.bus).bib == "01003"
    b.refresh_from_db()
    assert b.bib == "01002" and b.status == EntryStatus.WITHDRAWN


def test_seed_style_events_without_prefix_use_their_id(reg):
    event = EventFactory(competition=reg.competition, name="老赛项")
    EntryFactory(event=event, person=PersonFactory(employer=reg.plant), delegation=reg.plant, bib=f"{event.pk:02d}007")
    assert register(reg, event=event).bib == f"{event.pk:02d}008"


def test_places_per_delegation_are_enforced_and_freed_by_withdrawal(reg):
    entries = [register(reg) for _ in range(3)]
    with pytest.raises(DomainError, match=r"名额为 3 人，已报 3 人（不含本次），再报 1 人将超出名额"):
        register(reg)
    register(reg, unit=reg.bus)  # another delegation has its own places
    entry_disqualify(entry=entries[0], reason="资格不符", by=None)
    register(reg)
    with pytest.raises(DomainError, match="名额"):
        entry_reinstate(entry=entries[0], by=None)


def test_who_withdrew_disqualified_or_reinstated_an_entry_is_recorded(reg):
    entry = entry_register(
        event=reg.welding, person=PersonFactory(employer=reg.plant), delegation=reg.plant, by=reg.organizer
    )
    assert entry.registered_by == reg.organizer
    entry_withdraw(entry=entry, reason="伤病", by=reg.organizer)
    entry_reinstate(entry=entry, by=None)
    entry_disqualify(entry=entry, reason="资格不符", by=reg.organizer)
    changes = list(RegistrationChange.objects.filter(entry=entry).order_by("id"))
    assert [(c.action, c.old_value, c.new_value, c.reason, c.changed_by) for c in changes] == [
        (RegistrationAction.ENTRY_WITHDRAW, "registered", "withdrawn", "伤病", reg.organizer),
        (RegistrationAction.ENTRY_REINSTATE, "withdrawn", "registered", "", None),
        (RegistrationAction.ENTRY_DISQUALIFY, "registered", "disqualified", "资格不符", reg.organizer),
    ]


def test_registration_services_refuse_a_user_who_does_not_organise_the_organiser(reg, organizer_of):
    entry = register(reg)
    for user in (organizer_of(reg.other, username="elsewhere"), organizer_of(reg.plant, username="unit-organiser")):
        with pytest.raises(NotAllowed):
            entry_withdraw(entry=entry, reason="伤病", by=user)
        with pytest.raises(NotAllowed):
            register(reg, by=user)
        with pytest.raises(NotAllowed):
            event_create(competition=reg.competition, by=user, name="钳工")
        with pytest.raises(NotAllowed):
            competition_update(competition=reg.competition, by=user, name="改名")
        with pytest.raises(NotAllowed):
            competition_advance_status(competition=reg.competition, to_status=CompetitionStatus.IN_PROGRESS, by=user)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REGISTERED and not RegistrationChange.objects.filter(entry=entry).exists()


def test_a_person_enters_an_event_once(reg):
    entry = register(reg)
    with pytest.raises(DomainError, match="已报名"):
        register(reg, person=entry.person)


def test_age_is_checked(reg):
    child = PersonFactory(employer=reg.plant, birth_date=date(2010, 1, 1))
    with pytest.raises(DomainError, match="16–70"):
        register(reg, person=child)


def test_teams_respect_size_and_places(reg):
    first = register(reg, event=reg.team)
    team = first.team
    assert team.name == "某市第一机床厂" and team.delegation == reg.plant
    register(reg, event=reg.team, team=team)
    register(reg, event=reg.team, team_name="某市第一机床厂")
    with pytest.raises(DomainError, match="已满"):
        register(reg, event=reg.team, team=team)
    with pytest.raises(DomainError, match="1 队"):
        register(reg, event=reg.team, team_name="二队")
    with pytest.raises(DomainError, match="属于代表队"):
        register(reg, event=reg.team, team=team, unit=reg.bus)
    assert Team.objects.count() == 1


def test_registration_window_and_force(reg):
    reg.competition.registration_closes = date(2020, 1, 1)
    reg.competition.save()
    with pytest.raises(DomainError, match="截止"):
        register(reg)
    assert register(reg, force=True).bib == "01001"
    reg.competition.status = CompetitionStatus.CLOSED
    reg.competition.save()
    with pytest.raises(DomainError, match="不能再报名"):
        register(reg, force=True)


def test_withdraw_and_disqualify_need_a_reason(reg):
    entry = register(reg)
    with pytest.raises(DomainError):
        entry_withdraw(entry=entry, reason="  ", by=None)
    entry_disqualify(entry=entry, reason="冒名顶替", by=None)
    entry.refresh_from_db()
    assert (entry.status, entry.status_reason) == (EntryStatus.DISQUALIFIED, "冒名顶替")
    with pytest.raises(DomainError):
        entry_withdraw(entry=entry, reason="x", by=None)
    entry_reinstate(entry=entry, by=None)
    entry.refresh_from_db()
    assert (entry.status, entry.status_reason) == (EntryStatus.REGISTERED, "")


# --- the web forms ----------------------------------------------------------------------------


@pytest.fixture
def organiser(client, reg):
    client.force_login(reg.organizer)
    return client


def test_entry_form_creates_a_new_person(organiser, reg):
    number = new_id("F")
    response = organiser.post(
        reverse("competitions:entry_create", args=[reg.competition.slug]),
        {
            "event": reg.welding.pk,
            "name": "李  娜",
            "id_number": number.lower(),
            "phone": "138 0013 8000",
            "ethnicity": "汉",
            "employer": reg.plant.pk,
            "skill_level": "level3",
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.select_related("person").get()
    assert (entry.person.name, entry.person.gender, entry.person.phone, entry.person.ethnicity) == (
        "李娜",
        "F",
        "13800138000",
        "汉族",
    )
    assert (entry.delegation, entry.bib, entry.registered_by) == (reg.plant, "01001", reg.organizer)


def test_entry_form_reuses_the_person_with_that_id_and_refuses_another_name(organiser, reg):
    person = PersonFactory(name="张伟", employer=reg.plant, phone="")
    url = reverse("competitions:entry_create", args=[reg.competition.slug])
    data = {
        "event": reg.welding.pk,
        "name": "张伟",
        "id_number": person.id_number,
        "phone": "13800138000",
        "employer": reg.plant.pk,
    }
    assert organiser.post(url, data).status_code == 302
    assert Person.objects.count() == 1
    person.refresh_from_db()
    assert person.phone == "13800138000"
    response = organiser.post(url, {**data, "event": reg.auto.pk, "name": "张大伟"})
    assert response.status_code == 200 and "另一姓名" in response.content.decode()


def test_entry_form_picks_an_existing_person_found_by_name_or_id(organiser, reg):
    person = PersonFactory(name="王强", employer=reg.bus)
    url = reverse("competitions:entry_create", args=[reg.competition.slug])
    for term in ("王强", person.id_number.lower()):
        page = organiser.get(url, {"q": term}).content.decode()
        assert f'value="{person.pk}"' in page and mask_id_number(person.id_number) in page
    response = organiser.post(url, {"event": reg.auto.pk, "person": person.pk})
    assert response.status_code == 302
    assert Entry.objects.get().delegation == reg.bus


def test_entry_form_shows_service_errors(organiser, reg):
    reg.competition.status = CompetitionStatus.DRAFT
    reg.competition.save()
    person = PersonFactory(employer=reg.plant)
    url = reverse("competitions:entry_create", args=[reg.competition.slug])
    response = organiser.post(url, {"event": reg.welding.pk, "person": person.pk})
    assert "不在报名期间" in response.content.decode()
    assert organiser.post(url, {"event": reg.welding.pk, "person": person.pk, "force": "on"}).status_code == 302


def test_withdraw_from_the_list(organiser, reg):
    entry = register(reg)
    url = reverse("competitions:entry_status", args=[reg.competition.slug, entry.pk])
    response = organiser.post(url, {"action": "withdraw", "reason": ""})
    assert response.status_code == 200 and "请填写原因" in response.content.decode()
    assert organiser.post(url, {"action": "withdraw", "reason": "工作调动"}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN
    listing = organiser.get(reverse("competitions:entry_list", args=[reg.competition.slug])).content.decode()
    assert "已退赛" in listing and "工作调动" in listing


# --- lists and exports ------------------------------------------------------------------------


@pytest.fixture
def crowd(reg):
    people = [
        PersonFactory(name="张伟", gender="M", employer=reg.plant, phone="13800138001", is_migrant_worker=True),
        PersonFactory(name="李娜", gender="F", employer=reg.plant, phone="13800138002"),
        PersonFactory(name="王强", gender="M", employer=reg.bus, phone="13800138003", is_migrant_worker=True),
    ]
    entries = [register(reg, person=p, unit=p.employer) for p in people]
    entries.append(register(reg, event=reg.auto, person=people[1], unit=reg.plant))
    entry_withdraw(entry=entries[2], reason="伤病", by=None)
    return people, entries


def rows_of(response):
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[c for c in r] for r in ws.iter_rows(min_row=3, values_only=True)]


def test_entry_list_filters_search_sort_and_export_exactly_the_filtered_rows(organiser, reg, crowd):
    people, _entries = crowd
    url = reverse("competitions:entry_list", args=[reg.competition.slug])
    page = organiser.get(url, {"event": reg.welding.pk, "gender": "M"}).content.decode()
    assert "张伟" in page and "王强" in page and "李娜" not in page
    assert people[0].id_number in page  # organisers see everything
    page = organiser.get(url, {"q": people[1].id_number}).content.decode()
    assert page.count("李娜") >= 2 and "张伟" not in page
    page = organiser.get(url, {"status": "withdrawn"}).content.decode()
    assert "王强" in page and "张伟" not in page
    page = organiser.get(url, {"categories": ["is_migrant_worker"], "delegation": reg.plant.pk}).content.decode()
    assert "张伟" in page and "王强" not in page and "李娜" not in page
    assert organiser.get(url, {"sort": "-name"}).status_code == 200
    export = organiser.get(url, {"event": reg.welding.pk, "gender": "M", "export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = rows_of(export)
    assert [(r[2], r[5], r[6]) for r in rows] == [
        ("张伟", people[0].id_number, "13800138001"),
        ("王强", people[2].id_number, "13800138003"),
    ]
    assert [r[13] for r in rows] == ["已报名", "已退赛"]


def test_lists_and_exports_mask_personal_data_for_non_organisers(client, reg, crowd, organizer_of):
    people, _entries = crowd
    client.force_login(organizer_of(reg.root, role=Role.VIEWER, username="viewer"))
    url = reverse("competitions:entry_list", args=[reg.competition.slug])
    page = client.get(url).content.decode()
    assert people[0].id_number not in page and "13800138001" not in page
    assert people[0].id_number[-4:] in page and "138****8001" in page
    rows = rows_of(client.get(url, {"export": "xlsx"}))
    assert all("*" in r[5] and "*" in r[6] for r in rows)
    people_page = client.get(reverse("portal:person_list")).content.decode()
    assert people[0].id_number not in people_page
    rows = rows_of(client.get(reverse("portal:person_list"), {"export": "xlsx"}))
    assert rows and all("*" in r[4] for r in rows)


def test_people_list_filters_and_masks_per_employer(client, reg, crowd, organizer_of):
    people, _entries = crowd
    plant_organiser = organizer_of(reg.plant, username="plant-organiser")
    client.force_login(plant_organiser)
    url = reverse("portal:person_list")
    page = client.get(url).content.decode()
    assert "张伟" in page and "王强" not in page  # only the user's subtree
    client.force_login(reg.organizer)
    page = client.get(url, {"employer": reg.bus.pk}).content.decode()
    assert "王强" in page and "张伟" not in page and people[2].id_number in page
    page = client.get(url, {"q": "李", "gender": "F"}).content.decode()
    assert "李娜" in page and "张伟" not in page
    rows = rows_of(client.get(url, {"categories": ["is_migrant_worker"], "export": "xlsx"}))
    assert sorted(r[1] for r in rows) == ["张伟", "王强"]
    PersonFactory(name="赵六", employer=reg.plant)  # entered nothing
    page = client.get(url, {"competition": reg.competition.pk}).content.decode()
    assert "张伟" in page and "赵六" not in page


def test_competition_list_filters_and_counts(client, reg, crowd):
    client.force_login(reg.organizer)
    page = client.get(reverse("competitions:competition_list"), {"status": "registration", "q": "某市"})
    html = page.content.decode()
    assert "2024年某市职工职业技能大赛" in html and "新建竞赛" in html
    assert page.context["table"].rows[0].get_cell("entry_count") == 3
    html = client.get(reverse("competitions:competition_list"), {"status": "closed"}).content.decode()
    assert "2024年某市职工职业技能大赛" not in html


def test_entries_and_people_exporters_on_the_command_line(reg, crowd, tmp_path):
    out = tmp_path / "名单.xlsx"
    call_command("export", "entries", reg.competition.slug, "--event", "焊工", "--status", "registered", "-o", str(out))
    ws = load_workbook(out).active
    assert ws["A1"].value == "2024年某市职工职业技能大赛报名名单"
    data = list(ws.iter_rows(min_row=3, values_only=True))
    assert [r[2] for r in data] == ["张伟", "李娜"] and "*" not in data[0][5]
    call_command("export", "people", "--organization", str(reg.bus.pk), "-o", str(out))
    assert [r[1] for r in load_workbook(out).active.iter_rows(min_row=3, values_only=True)] == ["王强"]
