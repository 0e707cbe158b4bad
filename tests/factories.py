"""The one factories module: factory_boy factories for the domain model (IDs are made-up numbers with
valid check digits) and ``member_of`` for a user with a role. Bigger worlds built from these are the
named scenarios in ``tests/scenarios/``; conftest.py files hand them to tests as fixtures."""

import itertools
from datetime import date

import factory
from django.contrib.auth import get_user_model

from awards.models import Award, Campaign, HonorType, Nomination, RecipientKind
from competitions.models import DEFAULT_COMPONENTS, Competition, Entry, Event, Level, ScoreComponent
from competitions.services.common import registered_count_refresh
from core.idcard import make_demo_id_number
from directory.models import Gender, Membership, Organization, OrgKind, Person, Role

_seq = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-123456")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = OrgKind.UNION
    parent = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.ORGANIZER


def demo_id(gender=Gender.MALE, birth=date(1990, 5, 17)):
    return make_demo_id_number("120101", birth, next(_seq) % 500, gender)


def member_of(org: Organization, role=Role.ORGANIZER, username: str | None = None):
    """A user holding ``role`` in ``org`` (an organiser unless told otherwise)."""
    user = UserFactory(username=username or f"u-{org.pk}-{role}")
    MembershipFactory(user=user, organization=org, role=role)
    return user


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Iterator(["王伟", "李娜", "张强", "刘洋", "陈静", "杨磊", "赵敏", "周杰"])
    gender = Gender.MALE
    employer = factory.SubFactory(OrganizationFactory)
    id_number = factory.LazyAttribute(lambda p: demo_id(p.gender))
    is_demo = True


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition

    name = factory.Sequence(lambda n: f"测试竞赛{n}")
    slug = factory.Sequence(lambda n: f"test-competition-{n}")
    year = 2024
    level = Level.CITY
    organizer = factory.SubFactory(OrganizationFactory)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    competition = factory.SubFactory(CompetitionFactory)
    name = factory.Sequence(lambda n: f"赛项{n}")

    @factory.post_generation
    def components(self, create, extracted, **kwargs):
        if create:
            for order, (key, label, weight) in enumerate(extracted or DEFAULT_COMPONENTS):
                ScoreComponent.objects.create(event=self, key=key, name=label, weight=weight, order=order)


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    delegation = factory.SelfAttribute("person.employer")

    @factory.post_generation
    def registered_count(obj, create, extracted, **kwargs):
        # written directly, not by entry_register: the event's 报名人数 counted again, as the services keep it
        if create:
            registered_count_refresh([obj.event_id])


class HonorTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HonorType
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试荣誉{n}")
    series = "五一劳动奖章"
    level = Level.CITY
    recipient_kind = RecipientKind.INDIVIDUAL


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    honor_type = factory.SubFactory(HonorTypeFactory)
    year = 2024
    person = factory.SubFactory(PersonFactory)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"测试评选{n}")
    conferring_org = factory.SubFactory(OrganizationFactory)
    year = 2024


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    campaign = factory.SubFactory(CampaignFactory)
    honor_type = factory.SubFactory(HonorTypeFactory)
    nominating_org = factory.SelfAttribute("campaign.conferring_org")
    person = factory.SubFactory(PersonFactory)
