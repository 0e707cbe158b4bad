"""Registration scenario: ``registration_world()``, a city union running an open competition."""

from datetime import date

from competitions.models import CompetitionStatus, EventKind
from competitions.services.events import event_create
from tests.factories import CompetitionFactory, OrganizationFactory, member_of


class Reg:
    """A small world: a city union running an open competition, three units under it."""

    def __init__(self):
        self.root = OrganizationFactory(name="某市总工会")
        self.plant = OrganizationFactory(name="某市第一机床厂", parent=self.root, kind="employer")
        self.bus = OrganizationFactory(name="某市公交集团有限公司", parent=self.root, kind="employer")
        self.power = OrganizationFactory(
            name="国网某市供电公司", short_name="某市供电", parent=self.root, kind="employer"
        )
        self.other = OrganizationFactory(name="外市总工会")
        self.competition = CompetitionFactory(
            name="2024年某市职工职业技能大赛",
            slug="city-2024",
            organizer=self.root,
            status=CompetitionStatus.REGISTRATION,
            year=2024,
            start_date=date(2024, 6, 1),
        )
        self.welding = event_create(
            competition=self.competition, by=None, name="焊工", trade="焊工", places_per_delegation=3
        )
        self.auto = event_create(competition=self.competition, by=None, name="汽车维修工（新能源汽车）")
        self.team = event_create(
            competition=self.competition,
            by=None,
            name="电工团体赛",
            kind=EventKind.TEAM,
            team_size=3,
            places_per_delegation=1,
        )
        self.organizer = member_of(self.root, username="city-organizer")


def registration_world() -> Reg:
    return Reg()


def registered_counts_hold() -> bool:
    """Every event's 报名人数 counter (Event.registered_count) equals its entries 已报名 counted now."""
    from django.db.models import Count

    from competitions.models import Entry, EntryStatus, Event

    real = dict(
        Entry.objects.filter(status=EntryStatus.REGISTERED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values_list("event", "n")
    )
    kept = dict(Event.objects.values_list("pk", "registered_count"))
    return all(kept[pk] == real.get(pk, 0) for pk in kept)
