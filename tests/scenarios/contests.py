"""Scoring scenarios: a judged contest, entries in it, marks on them."""

from decimal import Decimal

from competitions.models import CompetitionClass, EntryStatus, JudgeAssignment, Mark
from directory.models import Gender
from tests.factories import (
    CompetitionFactory,
    EntryFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
    member_of,
)


def D(value) -> Decimal:
    return Decimal(str(value))


def scoring_contest(org_tree: dict) -> dict:
    """A 一类 competition organised by 甲工会 (``org_tree["a"]``, see ``org_tree()``) with one individual
    event (理论30/实操70), its organiser, a chief judge and two more judges."""
    org = org_tree["a"]
    competition = CompetitionFactory(
        organizer=org,
        competition_class=CompetitionClass.CLASS1,
        slug="test-contest",
        eligibility_rules=[
            {
                "key": "medal",
                "label": "可申报五一劳动奖章",
                "max_rank": 1,
                "classes": ["class1"],
                "honor_name": "五一劳动奖章",
            },
            {"key": "women", "label": "可推荐三八红旗手", "max_rank": 3, "genders": ["F"]},
        ],
    )
    event = EventFactory(competition=competition, name="焊工", bib_prefix="H")
    theory, practical = list(event.components.order_by("order"))
    chief = UserFactory(username="chief")
    judges = [UserFactory(username=f"judge{i}") for i in range(1, 3)]
    JudgeAssignment.objects.create(event=event, user=chief, is_chief=True)
    for judge in judges:
        JudgeAssignment.objects.create(event=event, user=judge)
    return {
        "org": org,
        "competition": competition,
        "event": event,
        "theory": theory,
        "practical": practical,
        "manager": member_of(org, username="organiser"),
        "chief": chief,
        "judges": judges,
        "outsider": member_of(org_tree["b"], username="outsider"),
    }


def add_entries(event, n, *, delegations=None, prefix="", gender=Gender.MALE):
    delegations = delegations or [OrganizationFactory(name=f"代表队{i}") for i in range(1, 3)]
    entries = []
    for i in range(n):
        person = PersonFactory(name=f"选手{prefix}{i + 1}", gender=gender, employer=delegations[i % len(delegations)])
        entries.append(EntryFactory(event=event, person=person, delegation=person.employer, bib=f"{prefix}{i + 1:03d}"))
    return entries


def give(entry, component, value, judge=None):
    """An imported (judge None) or judge's mark, written directly: for setting up results."""
    return Mark.objects.create(entry=entry, component=component, judge=judge, value=D(value))


def score(entry, theory, practical, contest):
    if theory is not None:
        give(entry, contest["theory"], theory)
    if practical is not None:
        give(entry, contest["practical"], practical)


def withdraw(entry, status=EntryStatus.WITHDRAWN, reason="身体原因"):
    entry.status = status
    entry.status_reason = reason
    entry.save(update_fields=["status", "status_reason"])

