"""Dashboard scenario: ``dashboard_world()``, a union with two districts whose every number is counted
by hand in the docstring, so tests/portal/test_dashboard.py can compare each chart with it.

测试总工会 (R)
  ├─ 甲区总工会 (A) ─ 甲区机械厂 (A1): p1 p2 p4 (p4 withdraws)
  └─ 乙区总工会 (B) ─ 乙区纺织厂 (B1): p3 p5 p6 (p6 is a woman)
外省总工会 (X) ─ 外省公司 (X1): px

Honours (全国测试奖章 national individual, 省测试模范 provincial individual, 省测试集体 provincial
collective):
  2024  全国测试奖章 p1 p2 · 省测试模范 p3, p4 (revoked), tally at B: 5 · 省测试集体 A1 · 全国测试奖章 px (outside)
  2023  省测试模范 p1
Competitions:
  2024 技能竞赛 C1 by A: E1 p1 一等奖, p2 二等奖, p3 三等奖, p4 withdrawn; E2 p1 优胜奖, p5 未获奖
  2024 劳动竞赛 C2 by B: E3 p6 (no result)
  2023 技能竞赛 C3 by A: E4 p1 p2
  2024 技能竞赛 CX by X: EX p1 for 甲区机械厂 (counts for A's participation, not for R's competitions)
Campaign (推荐中) by R for 省测试模范: 3 places for A; p1 p2 submitted, p4 a draft; rule 女性 ≥ 50 %.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from awards.models import (
    AwardStatus,
    AwardTally,
    CampaignStatus,
    CompositionFlag,
    CompositionRule,
    NominationStatus,
    Quota,
    RecipientKind,
)
from competitions.models import CompetitionKind, EntryStatus, Prize, Result
from directory.models import Gender, OrgKind
from tests.factories import (
    AwardFactory,
    CampaignFactory,
    CompetitionFactory,
    EntryFactory,
    EventFactory,
    HonorTypeFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    member_of,
)


def dashboard_world() -> SimpleNamespace:
    r = OrganizationFactory(name="测试总工会")
    a = OrganizationFactory(name="甲区总工会", parent=r)
    b = OrganizationFactory(name="乙区总工会", parent=r)
    a1 = OrganizationFactory(name="甲区机械厂", parent=a, kind=OrgKind.EMPLOYER)
    b1 = OrganizationFactory(name="乙区纺织厂", parent=b, kind=OrgKind.EMPLOYER)
    x = OrganizationFactory(name="外省总工会")
    x1 = OrganizationFactory(name="外省公司", parent=x, kind=OrgKind.EMPLOYER)
    p1, p2, p4 = (PersonFactory(name=n, employer=a1) for n in ("王一", "王二", "王四"))
    p3, p5 = (PersonFactory(name=n, employer=b1) for n in ("李三", "李五"))
    p6 = PersonFactory(name="李六", employer=b1, gender=Gender.FEMALE)
    px = PersonFactory(name="赵外", employer=x1)

    national = HonorTypeFactory(name="全国测试奖章", level="national", precedence=10)
    model = HonorTypeFactory(name="省测试模范", series="劳动模范", level="provincial", precedence=1)
    collective = HonorTypeFactory(
        name="省测试集体", series="先进集体", level="provincial", precedence=3, recipient_kind=RecipientKind.COLLECTIVE
    )
    for person in (p1, p2, px):
        AwardFactory(honor_type=national, person=person, year=2024)
    AwardFactory(honor_type=model, person=p3, year=2024)
    AwardFactory(honor_type=model, person=p4, year=2024, status=AwardStatus.REVOKED)
    AwardFactory(honor_type=collective, person=None, organization=a1, year=2024)
    AwardFactory(honor_type=model, person=p1, year=2023)
    AwardTally.objects.create(honor_type=model, year=2024, organization=b, count=5)

    c1 = CompetitionFactory(name="甲区技能大赛", organizer=a, year=2024, kind=CompetitionKind.SKILL)
    c2 = CompetitionFactory(name="乙区劳动竞赛", organizer=b, year=2024, kind=CompetitionKind.LABOUR)
    c3 = CompetitionFactory(name="甲区技能大赛2023", organizer=a, year=2023, kind=CompetitionKind.SKILL)
    cx = CompetitionFactory(name="外省大赛", organizer=x, year=2024, kind=CompetitionKind.SKILL)
    e1 = EventFactory(competition=c1, name="焊工")
    e2 = EventFactory(competition=c1, name="电工")
    e3 = EventFactory(competition=c2, name="安装")
    e4 = EventFactory(competition=c3, name="钳工")
    ex = EventFactory(competition=cx, name="外省焊工")

    def enter(event, person, prize=None, status=EntryStatus.REGISTERED):
        entry = EntryFactory(event=event, person=person, status=status)
        if prize is not None:
            Result.objects.create(entry=entry, prize=prize)
        return entry

    enter(e1, p1, Prize.FIRST)
    enter(e1, p2, Prize.SECOND)
    enter(e1, p3, Prize.THIRD)
    enter(e1, p4, status=EntryStatus.WITHDRAWN)
    enter(e2, p1, Prize.MERIT)
    enter(e2, p5, Prize.NONE)
    enter(e3, p6)
    enter(e4, p1)
    enter(e4, p2)
    EntryFactory(event=ex, person=p1, delegation=a1)

    campaign = CampaignFactory(name="测试评选", conferring_org=r, year=2024, status=CampaignStatus.NOMINATING)
    campaign.honor_types.add(model)
    Quota.objects.create(campaign=campaign, nominating_org=a, honor_type=model, places=3)
    CompositionRule.objects.create(
        campaign=campaign, honor_type=model, flag=CompositionFlag.FEMALE, min_share=Decimal("0.5")
    )
    NominationFactory(
        campaign=campaign, honor_type=model, nominating_org=a, person=p1, status=NominationStatus.SUBMITTED
    )
    NominationFactory(
        campaign=campaign, honor_type=model, nominating_org=a, person=p6, status=NominationStatus.SUBMITTED
    )
    NominationFactory(campaign=campaign, honor_type=model, nominating_org=a, person=p4, status=NominationStatus.DRAFT)

    return SimpleNamespace(
        r=r,
        a=a,
        b=b,
        a1=a1,
        b1=b1,
        x=x,
        x1=x1,
        people={"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "p6": p6, "px": px},
        national=national,
        model=model,
        collective=collective,
        competitions={"c1": c1, "c2": c2, "c3": c3, "cx": cx},
        events={"e1": e1, "e2": e2, "e3": e3, "e4": e4, "ex": ex},
        campaign=campaign,
        users={"r": member_of(r, username="dash-r"), "b": member_of(b, username="dash-b")},
    )
