"""Care pages: organisers of the responsible union and above see them; another union's person answers
404; the person's profile shows the care history only to those allowed; the public never sees it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from care.models import CareEvent, CareKind
from care.services import care_event_record

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def visited(world):
    return care_event_record(
        person_id=world.people["王伟"].pk, kind=CareKind.FESTIVAL, date=TODAY, amount=888, note="春节慰问", by=None
    )


def test_the_organiser_sees_the_due_lists_and_the_person_page(client, world, visited):
    client.force_login(world.users["a_org"])
    home = client.get(reverse("care:home")).content.decode()
    assert "今年应体检未体检" in home and "王伟" in home and "李娜" not in home
    page = client.get(reverse("care:person", args=[world.people["王伟"].pk])).content.decode()
    assert "春节慰问" in page and "888" in page
    for name in ("care:rules", "care:batch_list", "care:batch_create", "care:import"):
        assert client.get(reverse(name)).status_code == 200, name


def test_another_unions_person_answers_404(client, world, visited):
    client.force_login(world.users["b_org"])
    pk = world.people["王伟"].pk
    for url in (
        reverse("care:person", args=[pk]),
        reverse("care:profile_edit", args=[pk]),
        reverse("care:responsible_edit", args=[pk]),
        reverse("care:hardship_apply", args=[pk]),
        reverse("care:event_correct", args=[visited.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("care:person", args=[pk]), {"kind": "visit", "date": TODAY}).status_code == 404
    assert CareEvent.objects.count() == 1


def test_a_viewer_of_the_union_is_not_shown_care(client, world, visited):
    client.force_login(world.users["a_viewer"])
    assert client.get(reverse("care:home")).status_code == 404
    profile = client.get(reverse("portal:person_detail", args=[world.people["王伟"].pk])).content.decode()
    assert "care-history" not in profile and "888" not in profile


def test_the_profile_shows_care_history_to_the_responsible_organiser(client, world, visited):
    client.force_login(world.users["root_org"])
    profile = client.get(reverse("portal:person_detail", args=[world.people["王伟"].pk])).content.decode()
    assert 'id="care-history"' in profile and "春节慰问" in profile


def test_anonymous_users_are_sent_to_login(client, world):
    response = client.get(reverse("care:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_recording_through_the_page_and_correcting_with_a_reason(client, world):
    client.force_login(world.users["a_org"])
    pk = world.people["欧阳修"].pk
    response = client.post(reverse("care:person", args=[pk]), {"kind": "health_check", "date": TODAY.isoformat()})
    assert response.status_code == 302
    event = CareEvent.objects.get()
    assert event.recorded_by == world.users["a_org"]
    refused = client.post(reverse("care:event_correct", args=[event.pk]), {"reason": ""})
    assert refused.status_code == 200 and "更正须填写理由" in refused.content.decode()
    client.post(reverse("care:event_correct", args=[event.pk]), {"reason": "登记错人", "void": "on"})
    event.refresh_from_db()
    assert event.superseded and CareEvent.objects.count() == 2


def test_a_future_date_is_refused_beside_the_field(client, world):
    client.force_login(world.users["a_org"])
    future = (TODAY + timezone.timedelta(days=3)).isoformat()
    page = client.post(reverse("care:person", args=[world.people["王伟"].pk]), {"kind": "visit", "date": future})
    assert page.status_code == 200 and "日期不能晚于今天" in page.content.decode()


def test_a_union_edits_its_rules_on_the_rules_page(client, world):
    client.force_login(world.users["a_org"])
    page = client.get(reverse("care:rules")).content.decode()
    assert "种子文件000" in page and "甲区总工会" in page
    assert ">健康体检</td>" in page and ">health_check</td>" not in page
    response = client.post(
        f"{reverse('care:rules')}?org={world.district_a.pk}",
        {"kind": "health_check", "honour_level": "", "life_status": "retired", "enabled": "on", "every_years": "1",
         "source": "甲区工会文件"},
    )
    assert response.status_code == 302
    assert world.district_a.care_rules.get().every_years == 1
    assert client.get(f"{reverse('care:rules')}?org={world.district_b.pk}").status_code == 404


def test_a_batch_is_filled_and_answered_on_its_page(client, world):
    from care.models import BatchSeat

    client.force_login(world.users["root_org"])
    start = TODAY + timezone.timedelta(days=20)
    response = client.post(
        reverse("care:batch_create"),
        {"name": "第三批", "base": "蓟州", "start_date": start.isoformat(),
         "end_date": (start + timezone.timedelta(days=5)).isoformat(), "places": "3",
         "organization": world.root.pk},
    )
    assert response.status_code == 302
    url = response["Location"]
    client.post(url, {"action": "fill"})
    seat = BatchSeat.objects.order_by("pk").first()
    client.post(url, {"action": "accept", "seat": seat.pk})
    seat.refresh_from_db()
    assert seat.status == "accepted" and seat.decided_by == world.users["root_org"]
    page = client.get(url).content.decode()
    assert "丁一" in page and "参加" in page
    client.force_login(world.users["b_org"])
    assert client.get(url).status_code == 404


def test_a_hardship_application_is_recorded_and_decided_through_the_pages(client, world):
    from care.models import HardshipApplication

    client.force_login(world.users["b_org"])
    pk = world.people["李娜"].pk
    client.post(reverse("care:hardship_apply", args=[pk]), {"received_on": TODAY.isoformat(), "reason": "子女上学"})
    app = HardshipApplication.objects.get()
    assert "子女上学" in client.get(reverse("care:home")).content.decode()
    client.post(reverse("care:hardship_decide", args=[app.pk]), {"grant": "1", "amount": "2000", "note": "同意"})
    app.refresh_from_db()
    assert app.status == "granted" and app.event.amount == 2000
