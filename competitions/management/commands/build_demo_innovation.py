"""The 学巴登·做五型创新职工 contest of seed 002 made tryable (run by ``make run``).

    python manage.py build_demo_innovation [--password PW]

On a database where the fixtures are loaded (the contest ``xingshan-five-types`` of 首钢杏山铁矿
with its five categories 生产提效型 … 以人为本型 as events), creates through the services:

- the innovation settings: submission open for two more weeks, voting open from yesterday for two
  weeks (3 votes a voter a day, voting codes and phone codes), 80 % review + 20 % vote, prizes
  1 / 2 / 3 by count; the rubric 创新性 40 / 效益 30 / 推广应用 30 on every category (while unmarked);
- four fictitious 作业区 under 杏山铁矿, with contacts ``xs-caikuang`` … (联络员 = 组织者 of the unit)
  and the organiser ``xs-union`` (组织者 of 杏山铁矿);
- five experts ``xs-expert1`` (评审组长) … ``xs-expert5`` on every category — ``xs-expert2`` works in
  the 采矿作业区, so 执裁回避 shows on the judges' pages;
- 14 fictitious demo projects (``is_demo``), all submitted and waiting for 初选;
- an eligibility rule: the lead of a 一等奖 project may be drafted for 新时代职工创新创业之星
  (评选表彰 → 从竞赛成绩生成推荐, as for skills results).

Running it again changes nothing that exists (accounts' passwords are reset).
"""

import datetime as dt
import os
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from competitions.models import Competition, InnovationSettings, JudgeAssignment, Mark, Project, ScoreComponent
from competitions.services.projects import ProjectData, project_save, project_submit
from core.text import clean_text
from directory.models import AccountProfile, Membership, Organization, Role
from directory.services.organizations import organization_create_unit

SLUG = "xingshan-five-types"
DEMO = "演示数据（虚构）"
UNITS = (
    ("caikuang", "（演示）采矿作业区"),
    ("xuankuang", "（演示）选矿作业区"),
    ("jidong", "（演示）机动设备作业区"),
    ("yunshu", "（演示）运输作业区"),
)
RUBRIC = (
    ("innovation", "创新性", Decimal("40")),
    ("benefit", "效益", Decimal("30")),
    ("use", "推广应用", Decimal("30")),
)
# title, category, unit key, members (lead first), benefit (万元), summary
PROJECTS = (
    (
        "皮带机跑偏自动纠偏装置",
        "生产提效型",
        "caikuang",
        ("（演示）韩立军", "（演示）孙晓光"),
        "18.6",
        "在皮带机两侧加装纠偏托辊和限位检测，跑偏自动回正，减少停机清料。",
    ),
    (
        "破碎机衬板快速更换工装",
        "设备稳定型",
        "jidong",
        ("（演示）赵卫东", "（演示）钱明"),
        "9.2",
        "自制液压顶升与定位工装，衬板更换时间由 8 小时缩短到 3 小时。",
    ),
    (
        "电铲斗齿耐磨堆焊工艺改进",
        "成本节约型",
        "jidong",
        ("（演示）李建新",),
        "26.0",
        "改用梯度堆焊，斗齿寿命提高一倍。",
    ),
    (
        "边坡位移视频监测预警",
        "安全保障型",
        "caikuang",
        ("（演示）周海涛", "（演示）吴凡", "（演示）郑磊"),
        "",
        "利用现有摄像头做位移识别，超过阈值自动报警。",
    ),
    (
        "矿卡司机疲劳提醒坐垫",
        "以人为本型",
        "yunshu",
        ("（演示）王春燕",),
        "1.5",
        "坐垫内置振动模块，与车载计时联动提醒休息。",
    ),
    (
        "磨机给矿量智能调节",
        "生产提效型",
        "xuankuang",
        ("（演示）冯志强", "（演示）陈珂"),
        "35.4",
        "按磨机功率和声音信号自动调节给矿，台时提高 4%。",
    ),
    (
        "浓缩机耙架过载保护改造",
        "设备稳定型",
        "xuankuang",
        ("（演示）褚立平",),
        "6.8",
        "增加扭矩检测和自动提耙，避免压耙事故。",
    ),
    (
        "废旧输送带再利用挡矿板",
        "成本节约型",
        "yunshu",
        ("（演示）卫国强", "（演示）蒋涛"),
        "4.3",
        "废旧输送带裁制挡矿板，替代外购橡胶板。",
    ),
    (
        "爆破警戒无人机巡查",
        "安全保障型",
        "caikuang",
        ("（演示）沈一鸣", "（演示）韩雪"),
        "",
        "爆破前用无人机巡查警戒区，喊话驱离并留存影像。",
    ),
    (
        "班组休息室新风除尘",
        "以人为本型",
        "xuankuang",
        ("（演示）杨丽",),
        "0.8",
        "利用旧风机改造新风除尘装置，室内粉尘明显下降。",
    ),
    (
        "汽车衡远程计量",
        "生产提效型",
        "yunshu",
        ("（演示）朱家豪", "（演示）秦明"),
        "12.0",
        "称重数据自动上传，司机不下车完成计量。",
    ),
    (
        "液压站油温自动控制",
        "设备稳定型",
        "jidong",
        ("（演示）尤佳", "（演示）许诺"),
        "5.5",
        "加装温控阀和冷却风机联动，油温稳定在 45℃ 左右。",
    ),
    (
        "钻头修磨再利用",
        "成本节约型",
        "caikuang",
        ("（演示）何平",),
        "15.7",
        "自制修磨机修复钻头，单只钻头使用次数提高 60%。",
    ),
    (
        "检修作业挂牌上锁可视化",
        "安全保障型",
        "jidong",
        ("（演示）吕强", "（演示）施文"),
        "",
        "电子挂牌与看板联动，检修中设备一目了然。",
    ),
)
EXPERTS = (("xs-expert1", "（演示）评审组长", True, None), ("xs-expert2", "（演示）专家二", False, "caikuang"))
EXPERTS += tuple((f"xs-expert{i}", f"（演示）专家{'三四五'[i - 3]}", False, None) for i in range(3, 6))


STAR_RULE = {
    "key": "innovation_star",
    "label": "可推荐新时代职工创新创业之星",
    "prizes": ["first"],
    "honor_name": "新时代职工创新创业之星",
    "source": "001：定期选树“新时代职工创新创业之星”（演示规则）",
}


class Command(BaseCommand):
    help = "学巴登创新竞赛演示数据：设置、作业区、联络员、评审专家和 14 项虚构成果（需先加载 fixtures）"

    def add_arguments(self, parser):
        parser.add_argument("--password", default=os.environ.get("JIANGXIN_DEMO_PASSWORD", "jiangxin-demo"))

    @transaction.atomic
    def handle(self, *args, password, **options):
        try:
            competition = Competition.objects.select_related("organizer").get(slug=SLUG)
        except Competition.DoesNotExist as exc:
            raise CommandError(f"找不到竞赛 {SLUG}：请先运行 loaddata 加载 fixtures。") from exc
        mine = competition.organizer
        now = timezone.now()
        InnovationSettings.objects.get_or_create(
            competition=competition,
            defaults={
                "submission_deadline": now + dt.timedelta(days=14),
                "voting_opens": now - dt.timedelta(days=1),
                "voting_closes": now + dt.timedelta(days=14),
                "prize_by_count": True,
            },
        )
        if not competition.eligibility_rules:
            # 一等奖成果的负责人可推荐“新时代职工创新创业之星”（seed 001），评选表彰 → 从竞赛成绩生成推荐
            competition.eligibility_rules = [STAR_RULE]
            competition.save(update_fields=["eligibility_rules", "updated_at"])
        categories = {e.name: e for e in competition.events.all()}
        for event in categories.values():
            if not Mark.objects.filter(entry__event=event).exists() and not event.components.filter(key="innovation"):
                event.components.all().delete()
                for order, (key, name, weight) in enumerate(RUBRIC):
                    ScoreComponent.objects.create(event=event, key=key, name=name, weight=weight, order=order)
        units = {}
        for key, name in UNITS:
            unit = Organization.objects.filter(name=clean_text(name), parent=mine).first()
            units[key] = unit or organization_create_unit(name=name, parent=mine, by=None, source=DEMO)
        users = {"xs-union": (f"（演示）{mine.short_name or mine.name}工会组织者", mine)}
        users |= {f"xs-{key}": (f"（演示）{units[key].name[4:]}联络员", units[key]) for key, _ in UNITS}
        for username, (full_name, org) in users.items():
            user = self._account(username, full_name, password)
            Membership.objects.get_or_create(user=user, organization=org, role=Role.ORGANIZER)
        for username, full_name, chief, unit_key in EXPERTS:
            user = self._account(username, full_name, password)
            if unit_key:
                AccountProfile.objects.update_or_create(user=user, defaults={"organization": units[unit_key]})
            for event in categories.values():
                JudgeAssignment.objects.get_or_create(event=event, user=user, defaults={"is_chief": chief})
        if not Project.objects.filter(competition=competition).exists():
            for title, category, unit_key, members, benefit, summary in PROJECTS:
                project = project_save(
                    competition=competition,
                    data=ProjectData(
                        category=categories[category],
                        title=title,
                        unit=units[unit_key],
                        summary=summary,
                        benefit=Decimal(benefit) if benefit else None,
                        video_url="",
                        members=list(members),
                    ),
                    by=None,
                )
                Project.objects.filter(pk=project.pk).update(is_demo=True, source=DEMO)
                project_submit(project=project, by=None)
        self.stdout.write(
            f"创新竞赛演示：{competition.name}（/competitions/{SLUG}/innovation/，公开投票 /vote/{SLUG}/）\n"
            f"  组织者 xs-union；联络员 {'、'.join(f'xs-{k}' for k, _ in UNITS)}；"
            f"评审专家 xs-expert1（组长）… xs-expert5；密码 {password}"
        )

    @staticmethod
    def _account(username, full_name, password):
        user, _created = get_user_model().objects.get_or_create(username=username)
        user.first_name = full_name
        user.is_staff = user.is_superuser = False
        user.set_password(password)
        user.save()
        return user
