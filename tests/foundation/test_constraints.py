import pytest
from django.db import IntegrityError, transaction

from awards.models import Award
from competitions.models import Entry
from directory.models import Person
from tests.factories import (
    AwardFactory,
    EntryFactory,
    EventFactory,
    HonorTypeFactory,
    OrganizationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_a_person_cannot_enter_the_same_event_twice():
    entry = EntryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(event=entry.event, person=entry.person, delegation=entry.delegation)


def test_the_same_person_may_enter_two_events():
    entry = EntryFactory()
    other = EventFactory(competition=entry.event.competition)
    Entry.objects.create(event=other, person=entry.person, delegation=entry.delegation)
    assert Entry.objects.filter(person=entry.person).count() == 2


def test_bib_numbers_are_unique_within_an_event_but_blank_is_allowed_many_times():
    event = EventFactory()
    EntryFactory(event=event, bib="")
    EntryFactory(event=event, bib="")
    EntryFactory(event=event, bib="001")
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryFactory(event=event, bib="001")


def test_one_award_per_person_honor_and_year():
    award = AwardFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(honor_type=award.honor_type, year=award.year, person=award.person)
    # another year is fine
    Award.objects.create(honor_type=award.honor_type, year=award.year + 5, person=award.person)


def test_one_award_per_organization_honor_and_year():
    honor = HonorTypeFactory(recipient_kind="collective")
    org = OrganizationFactory()
    Award.objects.create(honor_type=honor, year=2023, organization=org)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(honor_type=honor, year=2023, organization=org)


def test_an_award_goes_to_a_person_or_an_organization_never_both():
    honor = HonorTypeFactory()
    person = PersonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            honor_type=honor, year=2024, person=person, organization=person.employer, recipient_name="x"
        )


def test_an_award_needs_a_recipient():
    honor = HonorTypeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(honor_type=honor, year=2024, recipient_name="无人")


def test_id_numbers_are_unique_but_optional():
    p = PersonFactory()
    Person.objects.create(name="历史劳模甲", id_number=None)
    Person.objects.create(name="历史劳模乙", id_number="")  # stored as NULL, no clash
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="重复", id_number=p.id_number)
    assert Person.objects.filter(id_number__isnull=True).count() == 2


def test_women_are_marked_on_the_roster_name():
    assert PersonFactory(name="李娜", gender="F").display_name == "李娜(女)"
    assert PersonFactory(name="张强", gender="M").display_name == "张强"
