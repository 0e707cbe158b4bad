"""One more layer of rows on the permission world (``tests.scenarios.permissions``), for the N+1 test.

``add_layer(w, k)`` adds a copy of every kind of row a page of the world lists, hung on the world's
own objects (its competitions, events, campaigns, contest, care subject, organiser) so that the same
pages show more rows, and on new related rows (a new unit, new people, a new judge, honour type,
batch …) so that a per-row lookup of a related object shows too. Called once for the base world and
once more to double it (``tests/portal/test_no_n_plus_one.py``); a few rows per layer, far below a
page of any paginated list.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from awards.models import (
    Award,
    Campaign,
    CampaignStatus,
    CampaignStatusChange,
    HolidayDate,
    HolidayKind,
    HolidayYear,
    Nomination,
    NominationStatus,
    NominationTransition,
    Objection,
    Quota,
    RecipientKind,
)
from care.models import BatchSeat, CareEvent, CareKind, CareProfile, HardshipApplication, RecuperationBatch
from competitions.models import (
    CompetitionKind,
    CompetitionStatus,
    CompetitionStatusChange,
    EntryStatus,
    InnovationSettings,
    JudgeAssignment,
    Mark,
    Prize,
    Project,
    ProjectAttachment,
    ProjectMember,
    ProjectStatus,
    Recusal,
    RegistrationAction,
    RegistrationChange,
    Result,
    ScoreChange,
    Vote,
    Voter,
    VoterCode,
)
from core.models import Job, JobStatus
from directory.models import AccountAction, AccountLog, Gender, OrgKind, Role
from tests.factories import (
    CompetitionFactory,
    EntryFactory,
    EventFactory,
    HonorTypeFactory,
    OrganizationFactory,
    PersonFactory,
    member_of,
)

NAMES = ("赵敏", "周杰", "孙丽", "吴刚", "郑爽", "冯远", "陈静", "杨磊")


def published_contest(w: dict) -> None:
    """An innovation contest of 甲工会 with published results (its public results page)."""
    contest = CompetitionFactory(organizer=w["a"], slug="pm-innovation-published", kind=CompetitionKind.INNOVATION,
                                 year=2023, status=CompetitionStatus.PUBLISHED)
    InnovationSettings.objects.create(competition=contest, results_published=True,
                                      results_computed_at=timezone.now())
    w["published_contest"] = contest
    w["published_category"] = EventFactory(competition=contest, name="安全保障型", bib_prefix="S")


def add_layer(w: dict, k: int) -> None:
    """Layer ``k`` (1, 2, …): the rows below, each kind at least once."""
    a, a1 = w["a"], w["a1"]
    today = timezone.localdate()
    organiser = w["organizer"]
    unit = OrganizationFactory(name=f"甲{k + 1}公司", parent=a, kind=OrgKind.EMPLOYER)
    union = OrganizationFactory(name=f"甲{k}区工会", parent=a, kind=OrgKind.UNION)
    people = [
        PersonFactory(name=NAMES[(2 * k) % len(NAMES)], employer=unit, gender=Gender.MALE,
                      phone=f"1391000{k:02d}01"),
        PersonFactory(name=NAMES[(2 * k + 1) % len(NAMES)], employer=a1, gender=Gender.FEMALE,
                      phone=f"1391000{k:02d}02"),
    ]
    judge = member_of(unit, role=Role.JUDGE, username=f"layer{k}-judge")
    account = member_of(unit, role=Role.VIEWER, username=f"layer{k}-contact")
    member_of(union, role=Role.REVIEWER, username=f"layer{k}-reviewer")
    AccountLog.objects.create(by=organiser, user=account, action=AccountAction.CREATE, detail="新账号")
    AccountLog.objects.create(by=organiser, user=w["account"], action=AccountAction.RESET_PASSWORD)

    # Competitions: more entries (with marks, a recusal, changes) in the scoring event, one more event,
    # one more judge; more results in the published event; one more competition in the list.
    competition, event = w["competition"], w["event"]
    components = list(event.components.order_by("order"))
    assignment = JudgeAssignment.objects.create(event=event, user=judge)
    assignment.components.set(components[:1])
    entries = [
        EntryFactory(event=event, person=p, delegation=p.employer, bib=f"H{k}{i:02d}", registered_by=organiser)
        for i, p in enumerate(people)
    ]
    withdrawn = PersonFactory(name=NAMES[k], employer=unit)
    entries.append(EntryFactory(event=event, person=withdrawn, delegation=union, bib=f"H{k}99",
                                status=EntryStatus.WITHDRAWN))
    for entry in entries[:2]:
        for component in components:
            Mark.objects.create(entry=entry, component=component, judge=w["marker"], value=Decimal("70") + k)
            Mark.objects.create(entry=entry, component=component, judge=judge, value=Decimal("75") + k)
        Result.objects.create(entry=entry, total=Decimal("72.50") + k, rank=k, prize=Prize.THIRD)
        ScoreChange.objects.create(event=event, entry=entry, component=components[0], old_value="70",
                                   new_value=str(70 + k), changed_by=w["marker"], reason="复核")
        RegistrationChange.objects.create(competition=competition, event=event, entry=entry,
                                          action=RegistrationAction.ENTRY_WITHDRAW, old_value="已报名",
                                          new_value="已退赛", reason="伤病", changed_by=organiser)
    # The world's own entry (entry_scores) gets marks of this layer's judge and a score change.
    for component in components:
        Mark.objects.create(entry=w["entry"], component=component, judge=judge, value=Decimal("80") + k)
    ScoreChange.objects.create(event=event, entry=w["entry"], component=components[0], old_value="80",
                               new_value=str(80 + k), changed_by=judge, reason="复核")
    Recusal.objects.create(entry=entries[0], judge=w["marker"], reason="同单位", declared_by=w["marker"])
    # computed a while ago (its results book checks whether marks changed since)
    other_event = EventFactory(competition=competition, name=f"钳工{k}", bib_prefix=f"Q{k}",
                               results_computed_at=timezone.now() - dt.timedelta(days=1))
    JudgeAssignment.objects.create(event=other_event, user=judge, is_chief=True)
    EntryFactory(event=other_event, person=people[1], delegation=a1, bib=f"Q{k}01")
    CompetitionStatusChange.objects.create(competition=competition, from_status=CompetitionStatus.REGISTRATION,
                                           to_status=CompetitionStatus.SCORING, changed_by=organiser)
    CompetitionFactory(organizer=union, slug=f"pm-layer-{k}", year=2024, status=CompetitionStatus.REGISTRATION)

    pub_event = w["pub_event"]
    for i, person in enumerate(people):
        entry = EntryFactory(event=pub_event, person=person, delegation=person.employer, bib=f"D{k}{i:02d}")
        Result.objects.create(entry=entry, total=Decimal("85.00") - k - i, rank=2 * k + i, prize=Prize.SECOND)
    pub_other = EventFactory(competition=w["published"], name=f"车工{k}", bib_prefix=f"C{k}",
                             results_published=True, results_published_at=timezone.now(), scores_locked=True,
                             results_computed_at=timezone.now())
    entry = EntryFactory(event=pub_other, person=people[0], delegation=unit, bib=f"C{k}01")
    Result.objects.create(entry=entry, total=Decimal("88.00"), rank=1, prize=Prize.FIRST)

    # Honours: one more honour type, awards (to the world's person, to new people, to a unit), more
    # nominations in both campaigns (with transitions and an objection), one more campaign and quota.
    medal = w["medal"]
    honour = HonorTypeFactory(name=f"甲{k}号先进集体", series="工人先锋号", conferring_body=a,
                              recipient_kind=RecipientKind.COLLECTIVE)
    campaign, notice = w["campaign"], w["notice"]
    campaign.honor_types.add(honour)
    Quota.objects.create(campaign=campaign, nominating_org=union, honor_type=medal, places=2)
    for person in [w["person"], *people]:
        Award.objects.create(honor_type=medal, year=2015 + k, person=person, recipient_name=person.name,
                             conferring_org=a, unit_and_title=f"{person.employer.name}焊工")
    Award.objects.create(honor_type=honour, year=2015 + k, organization=unit, recipient_name=unit.name,
                         conferring_org=a, campaign=notice)
    Award.objects.create(honor_type=honour, year=2015 + k, organization=a1, recipient_name=a1.name,
                         conferring_org=union)
    for i, person in enumerate(people):
        nomination = Nomination.objects.create(
            campaign=campaign, honor_type=medal, nominating_org=union if i else a, person=person,
            unit_and_title=f"{person.employer.name}技师", citation="事迹", created_by=organiser,
            status=NominationStatus.SUBMITTED if i else NominationStatus.DRAFT)
        NominationTransition.objects.create(nomination=nomination, from_status=NominationStatus.DRAFT,
                                            to_status=nomination.status, by=organiser, comment="提交")
    Nomination.objects.create(campaign=campaign, honor_type=honour, nominating_org=a, organization=unit,
                              unit_and_title=unit.name, citation="集体事迹", created_by=organiser)
    in_notice = Nomination.objects.create(campaign=notice, honor_type=medal, nominating_org=union, person=people[0],
                                          unit_and_title="甲公司电工", citation="事迹",
                                          status=NominationStatus.IN_NOTICE)
    NominationTransition.objects.create(nomination=w["in_notice"], from_status=NominationStatus.APPROVED,
                                        to_status=NominationStatus.IN_NOTICE, by=organiser)
    for nomination in (in_notice, w["in_notice"]):
        Objection.objects.create(nomination=nomination, name=f"异议人{k}", contact="13800002222",
                                 content="反映问题，请核查。", receipt=f"LAYR-{k:04d}-{nomination.pk:04d}-WXYZ")
    NominationTransition.objects.create(nomination=w["nomination"], from_status=NominationStatus.DRAFT,
                                        to_status=NominationStatus.DRAFT, by=organiser, comment=f"修改{k}")
    approved = Nomination.objects.create(campaign=campaign, honor_type=medal, nominating_org=a, person=people[1],
                                         unit_and_title="甲一公司技师", citation="事迹", created_by=organiser,
                                         status=NominationStatus.APPROVED)
    Award.objects.create(honor_type=medal, year=2024, person=people[1], recipient_name=people[1].name,
                         conferring_org=a, campaign=campaign, nomination=approved, unit_and_title="甲一公司技师")
    in_public = Campaign.objects.create(name=f"202{k}年甲{k}区公示", conferring_org=union, year=2020 + k,
                                        status=CampaignStatus.NOTICE, notice_start=today,
                                        notice_end=today + dt.timedelta(days=10))
    in_public.honor_types.add(medal)
    Nomination.objects.create(campaign=in_public, honor_type=medal, nominating_org=union, person=people[1],
                              unit_and_title="甲一公司电工", citation="事迹", status=NominationStatus.IN_NOTICE)
    CampaignStatusChange.objects.create(campaign=campaign, from_status=CampaignStatus.PREPARING,
                                        to_status=CampaignStatus.NOMINATING, by=organiser)
    Campaign.objects.create(name=f"202{k}年甲{k}区评选", conferring_org=union, year=2020 + k,
                            status=CampaignStatus.NOMINATING, nomination_deadline=dt.date(2099, 1, 1))
    holidays = HolidayYear.objects.create(year=2090 + k)
    HolidayDate.objects.create(arrangement=holidays, date=dt.date(2090 + k, 5, 1), kind=HolidayKind.HOLIDAY,
                               name="劳动节")

    # 劳模关爱: a new model worker with a profile, more ledger entries and applications for the world's
    # care subject and the new one, a seat in the world's batch, one more batch.
    model_worker = HonorTypeFactory(name="甲市劳动模范")
    person = people[0]
    Award.objects.create(honor_type=model_worker, year=2010 + k, person=person, recipient_name=person.name,
                         conferring_org=a)
    profile = CareProfile.objects.create(person=person, responsible_org=a if k == 1 else union,
                                         honour_level=model_worker.level, honours=model_worker.name,
                                         entitled_from_year=2010 + k)
    old = CareProfile.objects.get(person=w["care_person"])
    batch = RecuperationBatch.objects.create(organization=a, name=f"2024年第{k + 1}批", base="北戴河",
                                             start_date=today, end_date=today + dt.timedelta(days=5), places=10,
                                             created_by=organiser)
    for p in (old, profile):
        for kind, amount in ((CareKind.VISIT, None), (CareKind.ALLOWANCE, Decimal("500.00")),
                             (CareKind.HEALTH_CHECK, None)):
            CareEvent.objects.create(profile=p, kind=kind, date=today - dt.timedelta(days=k), amount=amount,
                                     note=f"第{k}层", recorded_by=organiser)
        HardshipApplication.objects.create(profile=p, received_on=today, reason="家庭困难", recorded_by=organiser)
        BatchSeat.objects.create(batch=w["batch"], profile=p) if p is profile or k == 1 else None
        BatchSeat.objects.create(batch=batch, profile=p)
    CareEvent.objects.create(profile=profile, kind=CareKind.RECUPERATION, date=today, batch=w["batch"],
                             recorded_by=organiser)

    # 群众性创新: more projects (with members, attachments, votes) in the world's contest, ranked
    # projects in the published one.
    contest, category = w["contest"], w["project"].category
    voter = Voter.objects.create(competition=contest, key=f"layer-{k}", kind="code")
    VoterCode.objects.create(competition=contest, code_hash=f"layer-code-{k}", unit=unit, created_by=organiser)
    ProjectAttachment.objects.create(project=w["project"], file=f"innovation/layer{k}.pdf", name=f"附件{k}.pdf",
                                     content_type="application/pdf", size=10)
    ProjectMember.objects.create(project=w["project"], person=people[k % 2], order=k)
    for i, (owner_unit, status) in enumerate(((unit, ProjectStatus.SUBMITTED), (a1, ProjectStatus.PASSED))):
        project = Project.objects.create(competition=contest, category=category, title=f"革新{k}-{i}",
                                         unit=owner_unit, summary="简介", status=status, submitted_by=organiser,
                                         submitted_at=timezone.now())
        ProjectMember.objects.create(project=project, person=people[i], is_lead=True)
        ProjectMember.objects.create(project=project, person=people[1 - i], order=1)
        ProjectAttachment.objects.create(project=project, file=f"innovation/l{k}-{i}.pdf", name="说明.pdf",
                                         content_type="application/pdf", size=10)
        Vote.objects.create(project=project, voter=voter, day=today, origin_hash=f"o{k}{i}")
    pub = w["published_contest"]
    for i, person in enumerate(people):
        project = Project.objects.create(competition=pub, category=w["published_category"], title=f"成果{k}-{i}",
                                         unit=person.employer, summary="简介", status=ProjectStatus.PASSED,
                                         rank=2 * k + i, combined_score=Decimal("90") - k, review_score=Decimal("88"),
                                         vote_score=Decimal("95"), votes=10 + k, prize=Prize.SECOND)
        ProjectMember.objects.create(project=project, person=person, is_lead=True)
        ProjectMember.objects.create(project=project, person=people[1 - i], order=1)

    # 我的任务: jobs of the demo organiser.
    for status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        Job.objects.create(owner=w["demo"], kind=Job.Kind.EXPORT, title=f"导出{k}", builder="core.jobs.run_export",
                           status=status)
