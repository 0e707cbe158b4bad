"""The ledger and what it drives: who is cared for, entries recorded and corrected (never deleted),
death and revocation stopping entitlements, rules edited by the responsible union, 疗休养 batches
whose 人次 equal the ledger, hardship applications."""

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from awards.services.awards import award_revoke
from care import services
from care.models import CareEvent, CareKind, HonourTreatment, LifeStatus, SeatStatus
from care.selectors import due_lists, recuperation_count, subject_list
from core.errors import DomainError, NotAllowed
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def names(items):
    return [item.subject.person.name for item in items]


def test_people_cared_for_come_from_the_honours_record(world):
    assert [s.person.name for s in subject_list(None)] == ["丁一", "王伟", "李娜", "欧阳修"]
    HonourTreatment.objects.create(honor_type=world.city_medal, carries=True)
    assert "张三" in [s.person.name for s in subject_list(None)]


def test_the_responsible_union_defaults_to_the_recommending_union_and_can_change(world):
    nomination = NominationFactory(person=world.people["王伟"], nominating_org=world.district_b)
    award = world.awards["王伟"]
    award.nomination = nomination
    award.save()
    by_name = {s.person.name: s for s in subject_list(None)}
    assert by_name["王伟"].responsible_org == world.district_b
    assert by_name["丁一"].responsible_org == world.district_a  # nearest union above the employer
    with pytest.raises(NotAllowed):
        services.care_responsible_change(
            person_id=world.people["丁一"].pk, organization=world.district_b, by=world.users["a_org"]
        )
    profile = services.care_responsible_change(
        person_id=world.people["丁一"].pk, organization=world.district_b, by=world.users["root_org"]
    )
    assert profile.responsible_org == world.district_b and profile.responsible_set_by_hand
    with pytest.raises(Http404):
        services.care_event_record(
            person_id=world.people["丁一"].pk, kind=CareKind.VISIT, date=TODAY, by=world.users["a_org"]
        )


def test_a_recorded_health_check_takes_the_person_off_this_years_list(world):
    user = world.users["a_org"]
    before = names(due_lists(user, TODAY).lists["health_check"])
    assert before == ["丁一", "王伟", "欧阳修"]
    event = services.care_event_record(
        person_id=world.people["王伟"].pk, kind=CareKind.HEALTH_CHECK, date=TODAY, by=user, note="体检中心"
    )
    assert event.recorded_by == user
    assert names(due_lists(user, TODAY).lists["health_check"]) == ["丁一", "欧阳修"]


def test_retired_people_are_checked_every_two_years(world):
    user = world.users["a_org"]
    services.care_profile_update(person_id=world.people["丁一"].pk, by=user, life_status=LifeStatus.RETIRED)
    services.care_event_record(
        person_id=world.people["丁一"].pk, kind=CareKind.HEALTH_CHECK, date=dt.date(TODAY.year - 1, 3, 1), by=user
    )
    assert "丁一" not in names(due_lists(user, TODAY).lists["health_check"])
    assert "丁一" in names(due_lists(user, dt.date(TODAY.year + 1, 1, 2)).lists["health_check"])


def test_a_correction_keeps_the_original_entry_with_the_reason(world):
    user = world.users["a_org"]
    event = services.care_event_record(
        person_id=world.people["王伟"].pk, kind=CareKind.FESTIVAL, date=TODAY, amount=Decimal("800"), by=user
    )
    with pytest.raises(DomainError):
        services.care_event_correct(event=event, by=user, reason=" ", amount=Decimal("1000"))
    fixed = services.care_event_correct(event=event, by=user, reason="金额录错", amount=Decimal("1000"))
    event.refresh_from_db()
    assert event.superseded and event.amount == Decimal("800")
    assert fixed.corrects == event and fixed.amount == Decimal("1000") and fixed.reason == "金额录错"
    voided = services.care_event_correct(event=fixed, by=user, reason="重复登记", void=True)
    assert voided.void and CareEvent.objects.filter(profile=event.profile).count() == 3
    with pytest.raises(DomainError):
        services.care_event_correct(event=event, by=user, reason="再改")


def test_death_stops_entitlements_and_the_allowance_list_shows_the_last_payment(world):
    user = world.users["a_org"]
    pid = world.people["丁一"].pk
    first, last = TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=30)
    for day in (first, last):
        services.care_event_record(person_id=pid, kind=CareKind.ALLOWANCE, date=day, amount=Decimal(500), by=user)
    died = TODAY - dt.timedelta(days=10)
    services.care_profile_update(person_id=pid, by=user, life_status=LifeStatus.DECEASED, died_on=died)
    lists = due_lists(user, TODAY).lists
    assert "丁一" not in names(lists["health_check"]) and "丁一" not in names(lists["recuperation"])
    (stop,) = lists["allowance_stop"]
    assert stop.subject.person.name == "丁一" and stop.last == last and stop.when == died
    with pytest.raises(DomainError) as refused:
        services.care_event_record(person_id=pid, kind=CareKind.ALLOWANCE, date=TODAY, amount=Decimal(500), by=user)
    assert "去世" in refused.value.fields["date"]
    services.care_event_record(person_id=pid, kind=CareKind.BEREAVEMENT, date=TODAY, amount=Decimal(2000), by=user)
    services.care_allowance_stop(person_id=pid, by=user)
    assert due_lists(user, TODAY).lists["allowance_stop"] == []


def test_a_death_date_needs_the_deceased_status(world):
    with pytest.raises(DomainError) as refused:
        services.care_profile_update(person_id=world.people["王伟"].pk, by=None, died_on=TODAY)
    assert "died_on" in refused.value.fields


def test_revocation_stops_entitlements_from_its_date(world):
    user = world.users["a_org"]
    pid = world.people["王伟"].pk
    services.care_event_record(
        person_id=pid, kind=CareKind.ALLOWANCE, date=TODAY - dt.timedelta(days=5), amount=Decimal(500), by=user
    )
    assert "王伟" not in names(due_lists(user, TODAY).lists["allowance_start"])
    assert "丁一" in names(due_lists(user, TODAY).lists["allowance_start"])
    award = world.awards["王伟"]
    award.conferring_org = world.root
    award.save()
    award_revoke(award=award, by=world.users["root_org"], reason="弄虚作假")
    lists = due_lists(user, TODAY).lists
    assert "王伟" not in names(lists["health_check"])
    assert names(lists["allowance_stop"]) == ["王伟"]
    assert "荣誉撤销" in lists["allowance_stop"][0].detail


def test_a_union_rule_replaces_the_default_for_its_subtree_only(world):
    with pytest.raises(NotAllowed):
        services.care_rule_save(organization=world.district_b, kind="health_check", by=world.users["a_org"])
    services.care_rule_save(
        organization=world.district_a, kind="health_check", life_status="serving", every_years=2,
        source="甲区规定", by=world.users["a_org"],
    )
    services.care_event_record(
        person_id=world.people["王伟"].pk, kind=CareKind.HEALTH_CHECK, date=dt.date(TODAY.year - 1, 5, 1),
        by=world.users["a_org"],
    )
    lists = due_lists(world.users["root_org"], TODAY).lists
    assert names(lists["health_check"]) == ["丁一", "李娜", "欧阳修"]


def test_a_batch_fills_from_the_due_list_and_its_people_count_in_the_ledger(world):
    user = world.users["root_org"]
    start = TODAY - dt.timedelta(days=10)
    batch = services.batch_create(
        organization=world.root, by=user, name="第一批", base="疗休养基地", start_date=start,
        end_date=start + dt.timedelta(days=5), places=2,
    )
    with pytest.raises(NotAllowed):
        services.batch_fill(batch=batch, by=world.users["a_org"])
    assert services.batch_fill(batch=batch, by=user, today=TODAY) == 2
    seats = list(batch.seats.order_by("pk"))
    assert [s.profile.person.name for s in seats] == ["丁一", "王伟"]  # 姓氏笔画, serving people only
    services.seat_decide(seat=seats[0], by=user, accept=False)
    assert services.batch_fill(batch=batch, by=user, today=TODAY) == 1  # the declined place is offered again
    with pytest.raises(DomainError):
        services.batch_complete(batch=batch, by=user)  # someone has not answered yet
    for seat in batch.seats.filter(status=SeatStatus.INVITED):
        services.seat_decide(seat=seat, by=user, accept=True)
    assert services.batch_complete(batch=batch, by=user) == 2
    assert recuperation_count(start.year) == 2 == batch.events.count()
    assert "王伟" not in names(due_lists(user, TODAY).lists["recuperation"])


def test_hardship_applications_wait_until_decided(world):
    user = world.users["b_org"]
    app = services.hardship_apply(person_id=world.people["李娜"].pk, by=user, received_on=TODAY, reason="住院")
    assert [i.extra for i in due_lists(user, TODAY).lists["hardship"]] == [app]
    services.hardship_decide(application=app, by=user, grant=True, amount=Decimal(3000), note="给予帮扶")
    app.refresh_from_db()
    assert app.event.kind == CareKind.HARDSHIP and app.event.amount == Decimal(3000) and app.decided_by == user
    assert due_lists(user, TODAY).lists["hardship"] == []
    with pytest.raises(DomainError):
        services.hardship_decide(application=app, by=user, grant=False)
