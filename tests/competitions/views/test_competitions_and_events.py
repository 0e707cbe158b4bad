"""Competitions and events from the web: create, edit, the status flow, score components."""

from decimal import Decimal

import pytest
from django.urls import reverse

from competitions.models import Competition, CompetitionStatus, CompetitionStatusChange, Event, Mark
from competitions.services.competitions import competition_advance_status, competition_create
from competitions.services.events import event_create, event_update
from core.errors import DomainError
from directory.models import Role
from tests.factories import EntryFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client, reg):
    client.force_login(reg.organizer)
    return client


def test_organiser_creates_a_competition_in_draft(organiser, reg):
    response = organiser.post(
        reverse("competitions:competition_create"),
        {
            "name": "2025年某市“工匠杯”焊工大赛",
            "slug": "",
            "kind": "skill",
            "level": "city",
            "competition_class": "class2",
            "year": 2025,
            "organizer": reg.root.pk,
            "co_organizers": [reg.bus.pk],
            "start_date": "2025-06-01",
            "end_date": "2025-06-03",
            "registration_opens": "2025-04-01",
            "registration_closes": "2025-05-15",
            "description": "",
        },
    )
    competition = Competition.objects.get(name="2025年某市“工匠杯”焊工大赛")
    assert response.status_code == 302
    assert response["Location"] == reverse("competitions:registration_manage", args=[competition.slug])
    assert competition.status == CompetitionStatus.DRAFT
    assert (competition.competition_class, competition.year, competition.organizer) == ("class2", 2025, reg.root)
    assert list(competition.co_organizers.all()) == [reg.bus]
    assert competition.slug == "2025-mou-shi-gong-jiang-bei-han-gong-da-sai"


def test_competition_form_refuses_reversed_dates_and_foreign_organisers(organiser, reg):
    data = {
        "name": "x",
        "kind": "skill",
        "level": "city",
        "year": 2025,
        "organizer": reg.other.pk,
        "start_date": "2025-06-03",
        "end_date": "2025-06-01",
    }
    response = organiser.post(reverse("competitions:competition_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "organizer" in form.errors and "end_date" in form.errors
    assert not Competition.objects.filter(name="x").exists()


def test_editing_keeps_organiser_and_slug(organiser, reg):
    url = reverse("competitions:competition_edit", args=[reg.competition.slug])
    page = organiser.get(url)
    assert page.status_code == 200
    response = organiser.post(
        url,
        {
            "name": "新名称",
            "kind": "labour",
            "level": "county",
            "year": 2024,
            "registration_closes": "2024-05-31",
            "organizer": reg.other.pk,
            "slug": "hijack",
        },
    )
    assert response.status_code == 302
    reg.competition.refresh_from_db()
    assert (reg.competition.name, reg.competition.kind, reg.competition.slug) == ("新名称", "labour", "city-2024")
    assert reg.competition.organizer == reg.root


def test_status_moves_one_step_at_a_time_and_each_change_is_recorded(organiser, reg):
    competition = reg.competition
    url = reverse("competitions:competition_status", args=[competition.slug])
    for target in ("in_progress", "scoring", "published", "closed"):
        response = organiser.post(url, {"to_status": target, "comment": f"到{target}"})
        assert response.status_code == 302
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.CLOSED
    changes = list(
        CompetitionStatusChange.objects.filter(competition=competition).values_list(
            "from_status", "to_status", "changed_by"
        )
    )
    assert changes == [
        ("registration", "in_progress", reg.organizer.pk),
        ("in_progress", "scoring", reg.organizer.pk),
        ("scoring", "published", reg.organizer.pk),
        ("published", "closed", reg.organizer.pk),
    ]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("draft", "in_progress"),
        ("registration", "scoring"),
        ("in_progress", "registration"),
        ("closed", "draft"),
        ("scoring", "closed"),
        ("draft", "nonsense"),
    ],
)
def test_skipping_or_going_back_is_refused(reg, start, target):
    reg.competition.status = start
    reg.competition.save()
    with pytest.raises(DomainError):
        competition_advance_status(competition=reg.competition, to_status=target, by=None)
    assert not CompetitionStatusChange.objects.exists()


def test_registration_can_be_paused_back_to_draft_and_reopened(reg):
    competition_advance_status(competition=reg.competition, to_status="draft", by=None, comment="暂停")
    competition_advance_status(competition=reg.competition, to_status="registration", by=None)
    assert reg.competition.status == "registration"
    assert CompetitionStatusChange.objects.count() == 2


def test_registration_cannot_open_without_events(reg):
    competition = competition_create(by=None, name="空竞赛", year=2025, organizer=reg.root)
    with pytest.raises(DomainError, match="赛项"):
        competition_advance_status(competition=competition, to_status="registration", by=None)


def test_status_buttons_and_manage_page(organiser, reg, client, organizer_of):
    page = organiser.get(reverse("competitions:registration_manage", args=[reg.competition.slug])).content.decode()
    assert "截止报名，开始比赛" in page and "暂停报名（退回草稿）" in page
    assert "导入报名表" in page and "下载模板" in page and "报名名单" in page
    viewer = organizer_of(reg.root, role=Role.VIEWER, username="viewer")
    client.force_login(viewer)
    page = client.get(reverse("competitions:registration_manage", args=[reg.competition.slug])).content.decode()
    assert "截止报名" not in page and "导入报名表" not in page
    response = client.post(
        reverse("competitions:competition_status", args=[reg.competition.slug]), {"to_status": "in_progress"}
    )
    assert response.status_code == 403


def test_other_organisations_get_404(client, reg, organizer_of):
    client.force_login(organizer_of(reg.other, username="outsider"))
    for name in ("registration_manage", "competition_edit", "entry_list", "entry_create", "event_create"):
        assert client.get(reverse(f"competitions:{name}", args=[reg.competition.slug])).status_code == 404, name


def test_co_organiser_sees_but_may_not_manage(client, reg, organizer_of):

    partner = OrganizationFactory(name="某市人社局")
    reg.competition.co_organizers.add(partner)
    client.force_login(organizer_of(partner, username="partner"))
    assert client.get(reverse("competitions:registration_manage", args=[reg.competition.slug])).status_code == 200
    assert client.get(reverse("competitions:event_create", args=[reg.competition.slug])).status_code == 403


def test_event_created_with_default_components_and_a_bib_prefix(organiser, reg):
    url = reverse("competitions:event_create", args=[reg.competition.slug])
    form = organiser.get(url).context["formset"]
    assert [(f.initial["name"], f.initial["weight"]) for f in form.forms[:2]] == [("理论", 30), ("实操", 70)]
    data = {
        "name": "钳工",
        "trade": "钳工",
        "kind": "individual",
        "places_per_delegation": "2",
        "bib_prefix": "",
        "components-TOTAL_FORMS": "3",
        "components-INITIAL_FORMS": "0",
        "components-0-name": "理论",
        "components-0-weight": "30",
        "components-1-name": "实操",
        "components-1-weight": "70",
        "components-2-name": "",
        "components-2-weight": "",
    }
    assert organiser.post(url, data).status_code == 302
    event = Event.objects.get(name="钳工")
    assert event.bib_prefix == "04" and event.places_per_delegation == 2
    assert [(c.key, c.name, c.weight) for c in event.components.all()] == [
        ("theory", "理论", Decimal("30")),
        ("practical", "实操", Decimal("70")),
    ]


def test_weights_must_add_up_to_100(organiser, reg):
    url = reverse("competitions:event_create", args=[reg.competition.slug])
    data = {
        "name": "钳工",
        "kind": "individual",
        "components-TOTAL_FORMS": "2",
        "components-INITIAL_FORMS": "0",
        "components-0-name": "理论",
        "components-0-weight": "40",
        "components-1-name": "实操",
        "components-1-weight": "70",
    }
    response = organiser.post(url, data)
    assert response.status_code == 200
    assert "各项权重之和应为 100，当前为 110" in response.content.decode()
    assert not Event.objects.filter(name="钳工").exists()


def test_team_event_needs_a_team_size(reg):
    with pytest.raises(DomainError, match="每队人数"):
        event_create(competition=reg.competition, by=None, name="团体", kind="team")
    event = event_create(competition=reg.competition, by=None, name="团体", kind="team", team_size=4)
    assert event.team_size == 4


def test_event_names_must_differ_after_normalisation(reg):
    with pytest.raises(DomainError, match="已有赛项"):
        event_create(competition=reg.competition, by=None, name="汽车维修工(新能源汽車)")


def test_editing_components_keeps_keys_and_refuses_removing_scored_ones(reg):
    event = reg.welding
    event_update(event=event, by=None, components=[("理论", 20), ("实操", 60), ("答辩", 20)])
    assert [(c.key, c.weight) for c in event.components.all()] == [
        ("theory", Decimal("20")),
        ("practical", Decimal("60")),
        ("part3", Decimal("20")),
    ]
    entry = EntryFactory(event=event, person=PersonFactory(employer=reg.plant), delegation=reg.plant)
    Mark.objects.create(entry=entry, component=event.components.get(key="part3"), value=Decimal("80"))
    with pytest.raises(DomainError, match="已有评分"):
        event_update(event=event, by=None, components=[("理论", 30), ("实操", 70)])


def test_events_are_frozen_once_scoring_starts(reg):
    reg.competition.status = CompetitionStatus.SCORING
    reg.competition.save()
    with pytest.raises(DomainError):
        event_update(event=reg.welding, by=None, name="新焊工")
    with pytest.raises(DomainError):
        event_create(competition=reg.competition, by=None, name="新赛项")
