"""An entry per person and event; bib numbers unique within an event."""

import pytest
from django.db import IntegrityError, transaction

from competitions.models import Entry
from tests.factories import EntryFactory, EventFactory

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
