"""An innovation contest (创新竞赛): organiser union, two units with their contacts, two categories
with a three-part rubric, three judges, and the voting window open now."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from competitions.models import CompetitionKind, CompetitionStatus, InnovationSettings, JudgeAssignment
from directory.models import AccountProfile, OrgKind
from tests.factories import CompetitionFactory, EventFactory, OrganizationFactory, UserFactory, member_of

RUBRIC = (("innovation", "创新性", Decimal("40")), ("benefit", "效益", Decimal("40")), ("use", "推广性", Decimal("20")))


def innovation_contest(*, judges: int = 3, votes_per_day: int = 3) -> dict:
    union = OrganizationFactory(name="测试矿工会")
    unit_a = OrganizationFactory(name="采矿车间", parent=union, kind=OrgKind.EMPLOYER)
    unit_b = OrganizationFactory(name="选矿车间", parent=union, kind=OrgKind.EMPLOYER)
    competition = CompetitionFactory(
        organizer=union,
        slug="test-innovation",
        name="测试创新竞赛",
        kind=CompetitionKind.INNOVATION,
        status=CompetitionStatus.IN_PROGRESS,
    )
    categories = [
        EventFactory(competition=competition, name=name, components=RUBRIC, bib_prefix=prefix)
        for name, prefix in (("生产提效型", "A"), ("安全保障型", "B"))
    ]
    now = timezone.now()
    InnovationSettings.objects.create(
        competition=competition,
        submission_deadline=now + timedelta(days=7),
        voting_opens=now - timedelta(hours=1),
        voting_closes=now + timedelta(days=7),
        votes_per_day=votes_per_day,
    )
    organiser = member_of(union, username="innov-organiser")
    contact_a = member_of(unit_a, username="contact-a")
    contact_b = member_of(unit_b, username="contact-b")
    panel = []
    for i in range(judges):
        user = UserFactory(username=f"expert{i + 1}")
        for category in categories:
            JudgeAssignment.objects.create(event=category, user=user, is_chief=i == 0)
        panel.append(user)
    # The second expert works in 采矿车间: in conflict with its projects.
    if judges > 1:
        AccountProfile.objects.create(user=panel[1], organization=unit_a)
    return {
        "union": union,
        "unit_a": unit_a,
        "unit_b": unit_b,
        "competition": competition,
        "categories": categories,
        "organiser": organiser,
        "contact_a": contact_a,
        "contact_b": contact_b,
        "judges": panel,
    }


def passed_projects(contest: dict, n: int = 4) -> list:
    """``n`` projects submitted by the two units (alternately) and passed at 初选."""
    from competitions.services.projects import ProjectData, project_save, project_submit, projects_screen

    projects = []
    for i in range(n):
        unit, contact = (("unit_a", "contact_a"), ("unit_b", "contact_b"))[i % 2]
        project = project_save(
            competition=contest["competition"],
            data=ProjectData(
                category=contest["categories"][(i // 2) % 2],
                title=f"成果{i + 1}",
                unit=contest[unit],
                summary="简介",
                benefit=Decimal(i),
                video_url="",
                members=[f"负责人{i + 1}", f"成员{i + 1}"],
            ),
            by=contest[contact],
        )
        projects.append(project_submit(project=project, by=contest[contact]))
    projects_screen(
        competition=contest["competition"], projects=projects, passed=True, reason="", by=contest["organiser"]
    )
    for project in projects:
        project.refresh_from_db()
    return projects
