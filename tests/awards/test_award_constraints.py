"""One award per recipient, honour and year; a recipient is a person or an organisation."""

import pytest
from django.db import IntegrityError, transaction

from awards.models import Award
from tests.factories import AwardFactory, HonorTypeFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


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
