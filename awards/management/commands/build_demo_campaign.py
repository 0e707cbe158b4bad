"""Build the demo honours campaign on top of the seed fixtures and dump it to fixtures/07_demo_campaign.json.

Run after the other fixture builders, in the same database (``make fixtures``): the primary keys
follow on from theirs. Every person and record it creates is fictitious demo data (``is_demo``,
source 演示数据（虚构）) with made-up ID numbers (area 120102) whose check digits are valid.

The campaign is 2024年天津市五一劳动奖章、五一劳动奖状、工人先锋号评选, conferred by 天津市总工会,
with places for four nominating units, the 2024 national composition rules on the medal, and
nominations at every status: in 公示 (one with an open objection, one hard rule overridden with a
recorded reason), rejected, returned, withdrawn, and drafts (one blocked by an honour already held).
All steps go through awards.services, so the history (NominationTransition, CampaignStatusChange)
is the one the application itself writes.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.models import (
    Campaign,
    CampaignStatusChange,
    CompositionOverride,
    CompositionRule,
    HonorType,
    Nomination,
    NominationTransition,
    Objection,
    Quota,
)
from awards.selectors.checks import STAGE_NOTICE, campaign_check
from awards.services import campaigns as campaign_services
from awards.services import from_results
from awards.services import nominations as nomination_services
from awards.services import objections as objection_services
from awards.services import quotas as quota_services
from competitions.models import Result
from core.idcard import make_demo_id_number
from directory.models import Organization, Person

DEMO_SOURCE = "演示数据（虚构）"
CAMPAIGN_NAME = "2024年天津市五一劳动奖章、五一劳动奖状、工人先锋号评选"
AREA = "120102"
SUBMITTED_ON = dt.date(2024, 3, 20)
NOTICE_START = dt.date(2024, 4, 15)
OBJECTION_ON = dt.date(2024, 4, 16)

# name, gender, birth, employer, job title, trade, flags, final status
PEOPLE = [
    ("王建国", "M", dt.date(1978, 6, 12), "（演示）津沽机械制造有限公司", "焊工班班长", "焊工",
     {"is_industrial_worker", "is_frontline", "is_migrant_worker"}, "in_notice"),
    ("刘秀英", "F", dt.date(1985, 9, 3), "（演示）津沽机械制造有限公司", "数控车工", "车工",
     {"is_industrial_worker", "is_frontline", "is_migrant_worker"}, "in_notice"),
    ("张志刚", "M", dt.date(1982, 1, 25), "（演示）海河汽车服务有限公司", "新能源汽车维修技师", "汽车维修工",
     {"is_industrial_worker", "is_frontline"}, "in_notice"),
    ("陈丽娟", "F", dt.date(1975, 11, 8), "（演示）海河汽车服务有限公司", "总经理", "",
     {"is_enterprise_leader"}, "in_notice"),
    ("李文博", "M", dt.date(1988, 4, 17), "（演示）滨城智能装备集团", "工艺工程师", "",
     {"is_professional"}, "in_notice"),
    ("周明", "M", dt.date(1990, 7, 30), "（演示）滨城智能装备集团", "装配钳工", "装配钳工",
     {"is_industrial_worker", "is_frontline"}, "in_notice"),
    ("赵海燕", "F", dt.date(1980, 2, 14), "天津市计量监督检测科学研究院", "高级工程师", "",
     {"is_science_education", "is_professional"}, "in_notice"),
    ("孙立新", "M", dt.date(1972, 10, 5), "天津铁道职业技术学院", "教授", "",
     {"is_science_education", "is_professional"}, "in_notice"),
    ("吴静", "F", dt.date(1992, 5, 21), "（演示）滨城智能装备集团", "质检员", "",
     {"is_frontline"}, "rejected"),
    ("郑强", "M", dt.date(1987, 8, 9), "天津滨海高新技术产业开发区消防救援支队", "消防员", "",
     {"is_frontline"}, "withdrawn"),
    ("何丽", "F", dt.date(1993, 12, 1), "（演示）海河汽车服务有限公司", "客户服务专员", "",
     {"is_frontline", "is_new_employment"}, "returned"),
    ("冯晓东", "M", dt.date(1995, 3, 16), "（演示）津沽机械制造有限公司", "技术员", "",
     {"is_professional"}, "draft"),
]

# nominating unit per employer (the unit whose places the nomination uses)
NOMINATOR_OF = {
    "（演示）津沽机械制造有限公司": "（演示）津沽机械制造有限公司",
    "（演示）海河汽车服务有限公司": "（演示）海河汽车服务有限公司",
    "（演示）滨城智能装备集团": "（演示）滨城智能装备集团",
    "天津市计量监督检测科学研究院": "天津市市级机关工会联合会",
    "天津铁道职业技术学院": "天津市市级机关工会联合会",
    "天津滨海高新技术产业开发区消防救援支队": "天津市市级机关工会联合会",
}

CITATION = (
    "{name}同志（演示数据，人物与事迹均为虚构）扎根{unit}生产一线，爱岗敬业、精益求精。"
    "近年来带领团队开展技术攻关和岗位练兵，解决生产难题多项，提出合理化建议被采纳，"
    "为企业降本增效作出了突出贡献，在职工中发挥了示范带动作用。"
)


class Command(BaseCommand):
    help = "在已加载种子数据的数据库上生成演示评选（虚构人员），并写出 fixtures/07_demo_campaign.json"

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "fixtures" / "07_demo_campaign.json"))

    def handle(self, *args, out, **options):
        if Campaign.objects.filter(name=CAMPAIGN_NAME).exists():
            raise CommandError("演示评选已存在：请在新建的数据库上运行 make fixtures。")
        try:
            tianjin = Organization.objects.get(name="天津市总工会")
        except Organization.DoesNotExist as exc:
            raise CommandError("找不到“天津市总工会”：请先运行 build_seed_fixtures。") from exc
        with transaction.atomic():
            created = self.build(tianjin)
        with open(out, "w", encoding="utf-8") as fh:
            serializers.serialize("json", created, stream=fh, indent=1, ensure_ascii=False)
        self.stdout.write(f"{Path(out).name}: {len(created)} 条")

    def build(self, tianjin):
        """The campaign from 筹备 to 公示 with one objection, through the services; the records made."""
        User = get_user_model()
        builder = User.objects.create(username="__demo_campaign_builder__", is_superuser=True)
        orgs = {o.name: o for o in Organization.objects.filter(path__startswith=tianjin.path)}
        honours = {
            "medal": HonorType.objects.get(name="天津市五一劳动奖章"),
            "certificate": HonorType.objects.get(name="天津市五一劳动奖状"),
            "pioneer": HonorType.objects.get(name="天津市工人先锋号"),
        }
        campaign = self.open_campaign(tianjin, builder, orgs, **honours)
        people, nominations, collectives = self.nominate(campaign, builder, orgs, **honours)
        self.link_a_result(campaign, builder, honours["medal"], orgs)
        self.review(campaign, builder, nominations, collectives)
        self.start_notice(campaign, builder, nominations)

        # The builder account is not part of the fixture: the records keep no operator.
        NominationTransition.objects.filter(nomination__campaign=campaign).update(by=None)
        CampaignStatusChange.objects.filter(campaign=campaign).update(by=None)
        CompositionOverride.objects.filter(campaign=campaign).update(by=None)
        Nomination.objects.filter(campaign=campaign).update(created_by=None)
        builder.delete()

        campaign.refresh_from_db()
        return [
            *people,
            campaign,
            *Quota.objects.filter(campaign=campaign).order_by("pk"),
            *CompositionRule.objects.filter(campaign=campaign).order_by("pk"),
            *CampaignStatusChange.objects.filter(campaign=campaign).order_by("pk"),
            *CompositionOverride.objects.filter(campaign=campaign).order_by("pk"),
            *Nomination.objects.filter(campaign=campaign).order_by("pk"),
            *NominationTransition.objects.filter(nomination__campaign=campaign).order_by("pk"),
            *Objection.objects.filter(nomination__campaign=campaign).order_by("pk"),
        ]

    def open_campaign(self, tianjin, builder, orgs, *, medal, certificate, pioneer):
        """筹备 → 推荐中, with places and the national composition rules."""
        campaign = campaign_services.campaign_create(
            by=builder,
            name=CAMPAIGN_NAME,
            conferring_org=tianjin,
            year=2024,
            honor_types=[medal, certificate, pioneer],
            nomination_deadline=dt.date(2024, 3, 29),
            citation_max_chars=1500,
            notice_working_days=5,
            source=DEMO_SOURCE,
            is_demo=True,
        )
        jiguan = orgs["天津市市级机关工会联合会"]
        jingu, haihe, bincheng = (
            orgs["（演示）津沽机械制造有限公司"],
            orgs["（演示）海河汽车服务有限公司"],
            orgs["（演示）滨城智能装备集团"],
        )
        quota_services.campaign_set_quotas(
            campaign=campaign,
            by=builder,
            quotas=[
                quota_services.QuotaSpec(jiguan, medal, 4),
                quota_services.QuotaSpec(jiguan, pioneer, 1),
                quota_services.QuotaSpec(jingu, medal, 3),
                quota_services.QuotaSpec(haihe, medal, 3),
                quota_services.QuotaSpec(haihe, pioneer, 1),
                quota_services.QuotaSpec(bincheng, medal, 3),
                quota_services.QuotaSpec(bincheng, certificate, 1),
            ],
        )
        quota_services.campaign_apply_national_2024_rules(campaign=campaign, by=builder, honor_type=medal)
        campaign_services.campaign_open(campaign=campaign, by=builder, comment="演示：印发评选通知")
        return campaign

    def nominate(self, campaign, builder, orgs, *, medal, certificate, pioneer):
        """The fictitious people and their drafts, two collectives, and one draft the checks block."""
        bincheng, jiguan = orgs["（演示）滨城智能装备集团"], orgs["天津市市级机关工会联合会"]
        people = []
        nominations: dict[str, Nomination] = {}
        for seq, (name, gender, birth, employer, title, trade, flags, _status) in enumerate(PEOPLE, start=1):
            person = Person.objects.create(
                name=name,
                gender=gender,
                ethnicity="汉族",
                birth_date=birth,
                id_number=make_demo_id_number(AREA, birth, 400 + seq, gender),
                employer=orgs[employer],
                job_title=title,
                trade=trade,
                source=DEMO_SOURCE,
                is_demo=True,
                **{f: True for f in flags},
            )
            people.append(person)
            nominations[name] = nomination_services.nomination_create(
                campaign=campaign,
                by=builder,
                nominating_org=orgs[NOMINATOR_OF[employer]],
                honor_type=medal,
                person=person,
                citation=CITATION.format(name=name, unit=employer),
            )
        collectives = [
            nomination_services.nomination_create(
                campaign=campaign,
                by=builder,
                nominating_org=bincheng,
                honor_type=certificate,
                organization=bincheng,
                citation="（演示数据，事迹为虚构）该集团坚持创新驱动，建成智能制造示范车间，职工技能竞赛参与率逐年提高。",
            ),
            nomination_services.nomination_create(
                campaign=campaign,
                by=builder,
                nominating_org=jiguan,
                honor_type=pioneer,
                organization=orgs["鲁志宝创新工作室"],
                citation="（演示数据，事迹为虚构）工作室围绕消防科研难题开展攻关，形成多项创新成果并在一线推广应用。",
            ),
        ]
        # Already holds 全国工人先锋号 (2023): the check blocks it, so it stays a draft.
        nomination_services.nomination_create(
            campaign=campaign,
            by=builder,
            nominating_org=jiguan,
            honor_type=pioneer,
            organization=orgs["物华道消防救援站"],
            citation="（演示数据）该站已于2023年获全国工人先锋号，系统提示不能推荐同系列较低级别荣誉。",
        )
        return people, nominations, collectives

    def review(self, campaign, builder, nominations, collectives):
        """Submit, close the nominations, and review each as PEOPLE says."""
        for name, *_rest, status in PEOPLE:
            if status == "draft":
                continue
            nomination_services.nomination_submit(nomination=nominations[name], by=builder, today=SUBMITTED_ON)
        for n in collectives:
            nomination_services.nomination_submit(nomination=n, by=builder, today=SUBMITTED_ON)
        campaign_services.campaign_close_nominations(campaign=campaign, by=builder, comment="演示：推荐截止")

        for name, *_rest, status in PEOPLE:
            n = nominations[name]
            if status == "in_notice":
                nomination_services.nomination_approve(nomination=n, by=builder, comment="材料齐全，符合条件")
            elif status == "rejected":
                nomination_services.nomination_reject(
                    nomination=n, by=builder, comment="演示：事迹材料与实际不符，不予通过"
                )
            elif status == "returned":
                nomination_services.nomination_return(
                    nomination=n, by=builder, comment="演示：请补充近三年主要业绩的具体数据"
                )
            elif status == "withdrawn":
                nomination_services.nomination_withdraw(
                    nomination=n, by=builder, comment="演示：本人工作调动，推荐单位撤回"
                )
        for n in collectives:
            nomination_services.nomination_approve(nomination=n, by=builder)

    def start_notice(self, campaign, builder, nominations):
        """审核 → 公示 (with reasons for the shares the review left short), and one objection."""
        blocking = campaign_check(campaign, stage=STAGE_NOTICE).blocking_rules
        campaign_services.campaign_start_notice(
            campaign=campaign,
            by=builder,
            start=NOTICE_START,
            overrides={
                rc.rule.pk: "演示：该类别人选经审核未通过，经评审委员会研究，本批次按现有人选公示，下批次优先考虑"
                for rc in blocking
            },
        )
        objection_services.objection_lodge(
            nomination=nominations["陈丽娟"],
            name="孙红梅",
            contact="13900001111",
            content="（演示数据）反映该公司2023年曾拖欠部分职工加班工资，请核查其是否符合推荐条件。",
            today=OBJECTION_ON,
        )

    def link_a_result(self, campaign, builder, medal, orgs):
        """From results to nominations: a first place of the 海河工匠杯, when results were built."""
        result = (
            Result.objects.filter(entry__event__competition__slug="haihe-cup-2023", rank=1)
            .select_related("entry__person__employer", "entry__event__competition")
            .order_by("entry__event_id")
            .first()
        )
        if result is None or result.entry.person.employer is None:
            return
        employer = result.entry.person.employer
        nominator = next((orgs[n] for n in NOMINATOR_OF.values() if employer.is_in_subtree_of(orgs[n])), None)
        if nominator is not None:
            from_results.nominations_from_results(
                campaign=campaign, by=builder, nominating_org=nominator, items=[(result, medal)]
            )
