"""Permission scenario: ``permission_world()``, one small world holding an object behind every URL.

    根工会 ─ 甲工会 (organises everything below) ─ 甲一公司 (employs the people)
           └ 乙工会 (the outsider organises it)

Users, by the roles the permission matrix tries (tests/portal/test_permission_matrix.py):
``outsider`` (组织者 of 乙工会), ``viewer`` / ``judge`` (no assignment) / ``reviewer`` / ``organizer``
of 甲工会, the event's assigned ``marker`` judge and ``chief`` judge, and a ``superuser``.
Objects: a competition in scoring with an event, two entries, marks and a judge assignment; a published
competition with results; a campaign taking nominations with a draft nomination; a campaign in 公示
with a nomination in notice and an objection; an award; a holiday year.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from awards.models import (
    Award,
    Campaign,
    CampaignStatus,
    HolidayYear,
    Nomination,
    NominationStatus,
    Objection,
    Quota,
)
from care.models import CareEvent, CareKind, CareProfile, HardshipApplication, RecuperationBatch
from competitions.models import (
    CompetitionKind,
    CompetitionStatus,
    InnovationSettings,
    JudgeAssignment,
    Mark,
    Prize,
    Project,
    ProjectAttachment,
    ProjectStatus,
    Result,
)
from core.models import Job, JobStatus
from directory.models import Gender, Membership, Role
from tests.factories import (
    CompetitionFactory,
    EntryFactory,
    EventFactory,
    HonorTypeFactory,
    PersonFactory,
    UserFactory,
    member_of,
)
from tests.scenarios.organizations import org_tree


def permission_world() -> dict:
    tree = org_tree()
    a, a1, b = tree["a"], tree["a1"], tree["b"]
    w: dict = {**tree}
    w["organizer"] = member_of(a, username="pm-organizer")
    w["viewer"] = member_of(a, role=Role.VIEWER, username="pm-viewer")
    w["judge"] = member_of(a, role=Role.JUDGE, username="pm-judge")
    w["reviewer"] = member_of(a, role=Role.REVIEWER, username="pm-reviewer")
    w["outsider"] = member_of(b, username="pm-outsider")
    w["marker"] = member_of(a, role=Role.JUDGE, username="pm-marker")
    w["chief"] = member_of(a, role=Role.JUDGE, username="pm-chief")
    w["superuser"] = UserFactory(username="pm-root", is_superuser=True, is_staff=True)

    # A competition in scoring: an event with judges, two entries and marks.
    competition = CompetitionFactory(organizer=a, slug="pm-contest", status=CompetitionStatus.SCORING, year=2024)
    event = EventFactory(competition=competition, name="焊工", bib_prefix="H")
    theory, _practical = list(event.components.order_by("order"))
    assignment = JudgeAssignment.objects.create(event=event, user=w["marker"])
    JudgeAssignment.objects.create(event=event, user=w["chief"], is_chief=True)
    people = [
        PersonFactory(name="王伟", employer=a1, phone="13912345678", gender=Gender.MALE),
        PersonFactory(name="李娜", employer=a1, phone="13912345679", gender=Gender.FEMALE),
    ]
    entries = [EntryFactory(event=event, person=p, delegation=a1, bib=f"H{i:03d}") for i, p in enumerate(people, 1)]
    Mark.objects.create(entry=entries[0], component=theory, judge=w["marker"], value=Decimal("80"))
    w.update(competition=competition, event=event, assignment=assignment, entry=entries[0], person=people[0])

    # A published competition: the public results pages.
    published = CompetitionFactory(organizer=a, slug="pm-published", status=CompetitionStatus.PUBLISHED, year=2023)
    pub_event = EventFactory(competition=published, name="电工", bib_prefix="D", results_published=True,
                             results_published_at=timezone.now(), scores_locked=True)
    pub_entry = EntryFactory(event=pub_event, person=people[0], delegation=a1, bib="D001")
    Result.objects.create(entry=pub_entry, total=Decimal("91.50"), rank=1, prize=Prize.FIRST)
    w.update(published=published, pub_event=pub_event)

    # Honours: a campaign taking nominations (a draft), one in 公示 (a nomination with an objection), an award.
    medal = HonorTypeFactory(name="甲五一劳动奖章", conferring_body=a)
    campaign = Campaign.objects.create(name="2024年甲评选", conferring_org=a, year=2024,
                                       status=CampaignStatus.NOMINATING, nomination_deadline=dt.date(2099, 1, 1))
    campaign.honor_types.add(medal)
    Quota.objects.create(campaign=campaign, nominating_org=a, honor_type=medal, places=3)
    nomination = Nomination.objects.create(campaign=campaign, honor_type=medal, nominating_org=a, person=people[0],
                                           unit_and_title="甲一公司焊工", citation="事迹", created_by=w["organizer"])
    today = timezone.localdate()
    notice = Campaign.objects.create(name="2023年甲评选", conferring_org=a, year=2023, status=CampaignStatus.NOTICE,
                                     notice_start=today, notice_end=today + dt.timedelta(days=10))
    notice.honor_types.add(medal)
    in_notice = Nomination.objects.create(campaign=notice, honor_type=medal, nominating_org=a, person=people[1],
                                          unit_and_title="甲一公司电工", citation="事迹",
                                          status=NominationStatus.IN_NOTICE)
    objection = Objection.objects.create(nomination=in_notice, name="异议人", contact="13800001111",
                                         content="反映事迹不实，请核查。", receipt="ABCD-EFGH-JKMN-PQRS")
    award = Award.objects.create(honor_type=medal, year=2022, person=people[0], recipient_name=people[0].name,
                                 conferring_org=a, unit_and_title="甲一公司焊工")
    HolidayYear.objects.create(year=2099)
    w.update(medal=medal, campaign=campaign, nomination=nomination, notice=notice, in_notice=in_notice,
             objection=objection, award=award)

    # 账号管理: an account of a unit of the organiser's union; 我的任务: a finished export of the organiser
    w["account"] = member_of(a1, role=Role.VIEWER, username="pm-unit-contact")
    w["account_membership"] = Membership.objects.get(user=w["account"])
    # 劳模关爱: a model worker of the organiser's union, a ledger entry, a hardship application, a batch
    model_worker = HonorTypeFactory(name="甲市劳动模范", series="劳动模范", conferring_body=a)
    Award.objects.create(honor_type=model_worker, year=2020, person=people[0], recipient_name=people[0].name,
                         conferring_org=a, unit_and_title="甲一公司焊工")
    profile = CareProfile.objects.create(person=people[0], responsible_org=a)
    care_event = CareEvent.objects.create(profile=profile, kind=CareKind.VISIT, date=today, note="走访",
                                          recorded_by=w["organizer"])
    hardship = HardshipApplication.objects.create(profile=profile, received_on=today, reason="家庭困难",
                                                  recorded_by=w["organizer"])
    batch = RecuperationBatch.objects.create(organization=a, name="2024年第一批", base="北戴河", start_date=today,
                                             end_date=today + dt.timedelta(days=5), places=10,
                                             created_by=w["organizer"])
    w.update(care_person=people[0], care_event=care_event, hardship=hardship, batch=batch)
    # 群众性创新: a contest of the organiser's union, one submitted project of a unit with an attachment
    contest = CompetitionFactory(organizer=a, slug="pm-innovation", kind=CompetitionKind.INNOVATION, year=2024,
                                 status=CompetitionStatus.REGISTRATION)
    InnovationSettings.objects.create(competition=contest)
    category = EventFactory(competition=contest, name="成本节约型", bib_prefix="C")
    project = Project.objects.create(competition=contest, category=category, title="降本小革新", unit=a1,
                                     summary="节约材料。", status=ProjectStatus.SUBMITTED,
                                     submitted_by=w["organizer"])
    attachment = ProjectAttachment.objects.create(project=project, file="innovation/pm.pdf", name="说明.pdf",
                                                  content_type="application/pdf", size=10)
    w.update(contest=contest, project=project, attachment=attachment)
    w["job"] = Job.objects.create(owner=w["organizer"], kind=Job.Kind.EXPORT, title="导出人员名单",
                                  builder="core.jobs.run_export", status=JobStatus.SUCCEEDED)
    return w
