"""Honours: the catalogue, campaigns with quotas and composition rules, nominations, objections, awards."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from competitions.models import LEVEL_RANK, Level, Result
from core.history import audit_history
from core.models import SourcedModel, StrokeKeyField, TimeStampedModel
from core.strokes import stroke_key
from core.text import match_key
from directory.models import PERSON_CATEGORY_FLAGS, CategoryFlags, Gender, Organization, Person


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("个人")
    COLLECTIVE = "collective", _("集体")


class HonorCategory(models.TextChoices):
    LABOUR_MEDAL = "labour_medal", _("五一劳动奖")
    MODEL_WORKER = "model_worker", _("劳动模范与先进")
    PIONEER = "pioneer", _("工人先锋号")
    SKILL = "skill", _("技能人才")
    INNOVATION = "innovation", _("创新")
    CULTURE = "culture", _("职工文化")
    COMPETITION = "competition", _("竞赛组织")
    OTHER = "other", _("其他")


class HonorType(SourcedModel, TimeStampedModel):
    """One honour in the catalogue, e.g. 天津市五一劳动奖章 (series 五一劳动奖章, level 市级)."""

    name = models.CharField(_("荣誉名称"), max_length=100, unique=True)
    name_key = models.CharField(_("匹配键"), max_length=100, db_index=True, editable=False, default="")
    series = models.CharField(
        _("系列"), max_length=50, help_text=_("同一系列不同级别的荣誉，如“五一劳动奖章”"), db_index=True
    )
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices)
    recipient_kind = models.CharField(_("授予对象"), max_length=20, choices=RecipientKind.choices)
    category = models.CharField(_("类别"), max_length=20, choices=HonorCategory.choices, default=HonorCategory.OTHER)
    conferring_body = models.ForeignKey(
        Organization,
        verbose_name=_("授予单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferred_honor_types",
    )
    conferring_body_name = models.CharField(_("授予单位名称"), max_length=200, blank=True)
    precedence = models.PositiveSmallIntegerField(
        _("名单排序"), default=100, help_text=_("表彰名单中各荣誉的先后，数字小者在前")
    )
    reaward_years = models.PositiveSmallIntegerField(
        _("不得重复授予年限"),
        null=True,
        blank=True,
        help_text=_("同一系列同级或更高荣誉在此年限内不得再次授予；留空表示不限制"),
    )

    class Meta:
        verbose_name = _("荣誉称号")
        verbose_name_plural = _("荣誉称号")
        ordering = ["precedence", "-level", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = match_key(self.name)
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if not adding:  # the awards' copy of the precedence (Award.honor_precedence) follows it
                self.awards.exclude(honor_precedence=self.precedence).update(honor_precedence=self.precedence)

    @property
    def level_rank(self) -> int:
        return LEVEL_RANK[self.level]

    @property
    def order_key(self) -> tuple:
        return honour_order_key(self.precedence, self.level, self.name, self.pk)


def honour_order_key(precedence: int, level: str, name: str, pk) -> tuple:
    """The one order of honours on every list, page and spreadsheet (表彰名单, 公示, 推荐汇总表, 统计表):
    ``precedence`` (名单排序), then the senior level first, then the name, then the id."""
    return (precedence, -LEVEL_RANK.get(level, 0), name, pk)


class HonorPrerequisite(models.Model):
    """An honour requires the nominee to hold an earlier one (e.g. 全国劳动模范 ← 省部级荣誉)."""

    honor_type = models.ForeignKey(
        HonorType, verbose_name=_("荣誉"), on_delete=models.CASCADE, related_name="prerequisites"
    )
    required_series = models.CharField(_("所需荣誉系列"), max_length=50, blank=True, help_text=_("留空表示任何系列"))
    required_min_level = models.CharField(_("所需最低级别"), max_length=20, choices=Level.choices)
    description = models.CharField(_("说明"), max_length=200)
    hard = models.BooleanField(
        _("强制"), default=True, help_text=_("强制条件不满足时不能提交推荐；否则仅提示审核人核对")
    )

    class Meta:
        verbose_name = _("荣誉前置条件")
        verbose_name_plural = _("荣誉前置条件")

    def __str__(self):
        return self.description


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    WORKDAY = "workday", _("调休上班日")


class HolidayYear(models.Model):
    """A year whose holiday arrangement an admin has entered (the library knows 2004–2026 only)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    notice = models.CharField(
        _("依据"), max_length=200, blank=True, help_text=_("如国务院办公厅关于某年部分节假日安排的通知")
    )

    class Meta:
        verbose_name = _("节假日安排年度")
        verbose_name_plural = _("节假日安排年度")
        ordering = ["year"]

    def __str__(self):
        return str(self.year)


class HolidayDate(models.Model):
    arrangement = models.ForeignKey(HolidayYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="dates")
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=HolidayKind.choices)
    name = models.CharField(_("节日"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日/调休日")
        verbose_name_plural = _("节假日/调休日")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()


class CampaignStatus(models.TextChoices):
    PREPARING = "preparing", _("筹备")
    NOMINATING = "nominating", _("推荐中")
    REVIEWING = "reviewing", _("审核中")
    NOTICE = "notice", _("公示中")
    CONFERRED = "conferred", _("已表彰")


# Campaign stages in which the campaign's settings, places and rules may still change.
CAMPAIGN_EDITABLE = (CampaignStatus.PREPARING, CampaignStatus.NOMINATING, CampaignStatus.REVIEWING)
# Stages in which new nominations may be created.
CAMPAIGN_TAKES_NOMINATIONS = (CampaignStatus.PREPARING, CampaignStatus.NOMINATING)


class Campaign(SourcedModel, TimeStampedModel):
    """One round of one conferring body: quotas, composition rules, deadlines, decision number."""

    name = models.CharField(_("名称"), max_length=200)
    conferring_org = models.ForeignKey(
        Organization, verbose_name=_("授予单位"), on_delete=models.PROTECT, related_name="campaigns"
    )
    honor_types = models.ManyToManyField(HonorType, verbose_name=_("荣誉称号"), related_name="campaigns")
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.PREPARING
    )
    nomination_deadline = models.DateField(_("推荐截止日期"), null=True, blank=True)
    citation_max_chars = models.PositiveIntegerField(_("事迹字数上限"), default=2000)
    notice_working_days = models.PositiveSmallIntegerField(_("公示工作日数"), default=5)
    notice_start = models.DateField(_("公示开始"), null=True, blank=True)
    notice_end = models.DateField(_("公示结束"), null=True, blank=True)
    decision_number = models.CharField(_("表彰文号"), max_length=100, blank=True)
    decision_date = models.DateField(_("表彰日期"), null=True, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("评选批次")
        verbose_name_plural = _("评选批次")
        ordering = ["-year", "name"]

    def __str__(self):
        return self.name


class CampaignStatusChange(models.Model):
    """Who moved a campaign from one stage to the next, when, and why."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=CampaignStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=CampaignStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("评选批次状态变更")
        verbose_name_plural = _("评选批次状态变更")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Quota(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="quotas")
    nominating_org = models.ForeignKey(
        Organization, verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="quotas"
    )
    honor_type = models.ForeignKey(HonorType, verbose_name=_("荣誉称号"), on_delete=models.PROTECT)
    places = models.PositiveIntegerField(_("名额"))

    class Meta:
        verbose_name = _("名额")
        verbose_name_plural = _("名额")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "nominating_org", "honor_type"], name="quota_unique"),
        ]

    def __str__(self):
        return f"{self.nominating_org} · {self.honor_type} · {self.places}"


class CompositionFlag(models.TextChoices):
    """What a composition rule counts: the person's categories (labels from directory.models.CategoryFlags)
    and the derived ones (awards.rules.composition.derive_flags)."""

    INDUSTRIAL = "is_industrial_worker", PERSON_CATEGORY_FLAGS["is_industrial_worker"]
    MIGRANT = "is_migrant_worker", PERSON_CATEGORY_FLAGS["is_migrant_worker"]
    FRONTLINE = "is_frontline", PERSON_CATEGORY_FLAGS["is_frontline"]
    PROFESSIONAL = "is_professional", PERSON_CATEGORY_FLAGS["is_professional"]
    FRONTLINE_OR_PROFESSIONAL = "is_frontline_or_professional", _("一线职工和专业技术人员")
    SCIENCE_EDUCATION = "is_science_education", PERSON_CATEGORY_FLAGS["is_science_education"]
    ENTERPRISE_LEADER = "is_enterprise_leader", PERSON_CATEGORY_FLAGS["is_enterprise_leader"]
    NEW_EMPLOYMENT = "is_new_employment", PERSON_CATEGORY_FLAGS["is_new_employment"]
    NON_PUBLIC = "non_public", _("非公有制经济组织")
    FEMALE = "female", _("女性")


class CompositionRule(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="composition_rules"
    )
    honor_type = models.ForeignKey(
        HonorType,
        verbose_name=_("荣誉称号"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("留空表示适用于本批次全部个人荣誉"),
    )
    flag = models.CharField(_("类别"), max_length=40, choices=CompositionFlag.choices)
    label = models.CharField(_("名称"), max_length=100, blank=True)
    min_share = models.DecimalField(_("最低比例"), max_digits=5, decimal_places=4, null=True, blank=True)
    max_share = models.DecimalField(_("最高比例"), max_digits=5, decimal_places=4, null=True, blank=True)
    hard = models.BooleanField(_("强制"), default=True, help_text=_("强制规则不满足时不能提交和公示；否则仅提示"))

    class Meta:
        verbose_name = _("构成比例规则")
        verbose_name_plural = _("构成比例规则")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_share__isnull=False) | Q(max_share__isnull=False), name="rule_has_a_bound"
            ),
        ]

    def __str__(self):
        return self.label or self.get_flag_display()

    @property
    def display_label(self) -> str:
        return self.label or self.get_flag_display()


class CompositionOverride(models.Model):
    """The conferring organisation went ahead despite a failing hard rule; the reason is kept."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="overrides")
    rule = models.ForeignKey(CompositionRule, verbose_name=_("规则"), null=True, on_delete=models.SET_NULL)
    stage = models.CharField(_("环节"), max_length=20)
    reason = models.TextField(_("理由"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("比例规则豁免")
        verbose_name_plural = _("比例规则豁免")

    def __str__(self):
        return f"{self.campaign} · {self.rule} · {self.stage}"


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已推荐")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("审核通过")
    REJECTED = "rejected", _("未通过")
    IN_NOTICE = "in_notice", _("公示中")
    CONFERRED = "conferred", _("已表彰")
    WITHDRAWN = "withdrawn", _("撤回")
    REVOKED = "revoked", _("撤销")


# The named groups of nomination statuses: the one definition every selector, service, page and
# spreadsheet uses.
S = NominationStatus
# Out of the running: never counted, never a duplicate.
NOMINATION_DEAD = (S.WITHDRAWN, S.REJECTED, S.REVOKED)
# Counted against places and shares while the campaign runs (submitted or later).
NOMINATION_COUNTED = (S.SUBMITTED, S.APPROVED, S.IN_NOTICE, S.CONFERRED)
# Still with the nominating unit (draft, returned for revision): editable, could still be counted.
NOMINATION_PENDING = (S.DRAFT, S.RETURNED)
# Passed review: what the 公示 counts before it starts.
NOMINATION_APPROVED = (S.APPROVED, S.IN_NOTICE, S.CONFERRED)
# Not yet approved but still in the running: could fix a shortfall before the 公示.
NOMINATION_UNAPPROVED = (S.SUBMITTED, S.RETURNED, S.DRAFT)
# Published in a 公示 (and since conferred): the public notice page.
NOMINATION_PUBLISHED = (S.IN_NOTICE, S.CONFERRED)
# What a 推荐汇总表 lists by default: everything still in the running except the nominators' drafts.
NOMINATION_SUMMARY = (*NOMINATION_COUNTED, S.RETURNED)
del S

# The categories a nomination records, with their labels: the person's (directory.models.CategoryFlags)
# and 非公有制 (from the employer's ownership).
NOMINATION_FLAG_LABELS = {**PERSON_CATEGORY_FLAGS, "non_public": _("非公有制经济组织")}
NOMINATION_FLAG_FIELDS = tuple(NOMINATION_FLAG_LABELS)


class Nomination(CategoryFlags, TimeStampedModel):
    campaign = models.ForeignKey(Campaign, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="nominations")
    honor_type = models.ForeignKey(HonorType, verbose_name=_("荣誉称号"), on_delete=models.PROTECT)
    nominating_org = models.ForeignKey(
        Organization, verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="nominations_made"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("个人"), null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("集体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations_received",
    )
    unit_and_title = models.CharField(_("单位及职务"), max_length=300, blank=True)
    citation = models.TextField(_("主要事迹"), blank=True)
    # Categories as counted for this nomination: taken from the person, editable by the nominator.
    non_public = models.BooleanField(_("非公有制经济组织"), default=False)
    result = models.ForeignKey(
        Result, verbose_name=_("竞赛成绩"), null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=NominationStatus.choices, default=NominationStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = audit_history()

    class Meta:
        verbose_name = _("推荐")
        verbose_name_plural = _("推荐")
        ordering = ["campaign", "honor_type__precedence", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(organization__isnull=True))
                | (Q(person__isnull=True) & Q(organization__isnull=False)),
                name="nomination_person_xor_organization",
            ),
        ]

    def __str__(self):
        return f"{self.recipient_name} · {self.honor_type}"

    @property
    def recipient_name(self) -> str:
        return self.person.name if self.person_id else self.organization.name

    @property
    def display_name(self) -> str:
        return self.person.display_name if self.person_id else self.organization.name


class NominationTransition(models.Model):
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=NominationStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=NominationStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("推荐流转记录")
        verbose_name_plural = _("推荐流转记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class ObjectionOutcome(models.TextChoices):
    DISMISSED = "dismissed", _("经核查，异议不成立")
    UPHELD = "upheld", _("经核查，异议属实")


class Objection(TimeStampedModel):
    """An objection lodged during the 公示; real name and contact are required.

    The objector's name and contact are seen only by organisers of the conferring organisation (and
    above) and the admin — never by the nominee's unit or viewers (``selectors.objections_for``).
    """

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="objections"
    )
    name = models.CharField(_("异议人姓名"), max_length=50)
    contact = models.CharField(_("联系方式"), max_length=100)
    content = models.TextField(_("异议内容"))
    status = models.CharField(_("状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    answer = models.TextField(_("核查答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    outcome = models.CharField(_("核查结论"), max_length=10, choices=ObjectionOutcome.choices, blank=True)
    # sha256 of the sender's address with the secret key: lets abuse be traced without storing the IP.
    client_hash = models.CharField(_("来源标识"), max_length=64, blank=True, editable=False)
    # 回执号: given to the objector (16 random characters, 79 bits, grouped XXXX-XXXX-XXXX-XXXX); with it
    # they read the answer on the public page /notices/receipt/. Objections lodged before it existed have none.
    receipt = models.CharField(_("回执号"), max_length=19, unique=True, null=True, blank=True, editable=False)

    history = audit_history()

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["created_at", "id"]


class AwardStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    REVOKED = "revoked", _("已撤销")


class AwardQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Copy each honour's precedence onto its awards (``honor_precedence``), as save() does: one
        query for all of them."""
        objs = list(objs)
        precedence = dict(
            HonorType.objects.filter(pk__in={obj.honor_type_id for obj in objs}).values_list("pk", "precedence")
        )
        for obj in objs:
            obj.honor_precedence = precedence[obj.honor_type_id]
        return super().bulk_create(objs, *args, **kwargs)


class Award(SourcedModel, TimeStampedModel):
    """An honour actually conferred — from a campaign, or a historical record."""

    honor_type = models.ForeignKey(
        HonorType, verbose_name=_("荣誉称号"), on_delete=models.PROTECT, related_name="awards"
    )
    # Unknown for some historical honours that documents mention without a year.
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    person = models.ForeignKey(
        Person, verbose_name=_("个人"), null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("集体"), null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    # Snapshots as printed on the roster at the time of the award (people change jobs).
    recipient_name = models.CharField(_("获奖者"), max_length=200)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    unit_and_title = models.CharField(_("单位及职务"), max_length=300, blank=True)
    stroke_key = StrokeKeyField(_("笔画排序键"), max_length=1400, db_index=True, editable=False, default="")
    # The honour's 名单排序, copied (kept by save() and HonorType.save()): 表彰记录's default order
    # (year, precedence, 笔画, id) is then one index of this table (award_list_order, migration 0009)
    # that the page walks for its 50 rows, instead of joining and sorting every visible award.
    honor_precedence = models.PositiveSmallIntegerField(_("荣誉排序"), default=100, editable=False)
    conferring_org = models.ForeignKey(
        Organization,
        verbose_name=_("授予单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferred_awards",
    )
    decision_number = models.CharField(_("文号"), max_length=100, blank=True)
    decision_date = models.DateField(_("表彰日期"), null=True, blank=True)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("批次"), null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    nomination = models.OneToOneField(
        Nomination, verbose_name=_("推荐"), null=True, blank=True, on_delete=models.PROTECT, related_name="award"
    )
    status = models.CharField(_("状态"), max_length=10, choices=AwardStatus.choices, default=AwardStatus.ACTIVE)
    revoked_reason = models.TextField(_("撤销理由"), blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    history = audit_history(excluded_fields=["honor_precedence"])
    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("表彰记录")
        verbose_name_plural = _("表彰记录")
        ordering = ["-year", "honor_precedence", "stroke_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(organization__isnull=True))
                | (Q(person__isnull=True) & Q(organization__isnull=False)),
                name="award_person_xor_organization",
            ),
            models.UniqueConstraint(
                fields=["person", "honor_type", "year"],
                condition=Q(person__isnull=False),
                name="award_once_per_person_honor_year",
            ),
            models.UniqueConstraint(
                fields=["organization", "honor_type", "year"],
                condition=Q(organization__isnull=False),
                name="award_once_per_organization_honor_year",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "honor_type"]),
            # roster sections stream in 姓氏笔画 order straight from this index, no sort step
            models.Index(fields=["honor_type", "year", "stroke_key", "id"], name="award_roster_order"),
        ]

    def __str__(self):
        return f"{self.year} {self.recipient_name} · {self.honor_type}"

    def save(self, *args, **kwargs):
        if not self.recipient_name:
            self.recipient_name = self.person.name if self.person_id else self.organization.name
        if self.person_id and not self.gender:
            self.gender = self.person.gender
        # People by 姓氏笔画 (姓名笔画 from the same column: stroke_order(rule="fullname")),
        # collectives by their name character by character.
        self.stroke_key = stroke_key(self.recipient_name, "collective" if self.organization_id else "surname")
        self.honor_precedence = self.honor_type.precedence
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return f"{self.recipient_name}(女)" if self.gender == Gender.FEMALE else self.recipient_name


class AwardTally(SourcedModel):
    """An aggregate count reported in a document without names (e.g. 廊坊 2024: 省劳动模范 49名)."""

    honor_type = models.ForeignKey(
        HonorType, verbose_name=_("荣誉称号"), on_delete=models.PROTECT, related_name="tallies"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    organization = models.ForeignKey(
        Organization, verbose_name=_("所属地区/单位"), on_delete=models.PROTECT, related_name="award_tallies"
    )
    count = models.PositiveIntegerField(_("数量"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("表彰数量统计")
        verbose_name_plural = _("表彰数量统计")
        constraints = [
            models.UniqueConstraint(fields=["honor_type", "year", "organization"], name="tally_unique"),
        ]

    def __str__(self):
        return f"{self.year} {self.organization} {self.honor_type} {self.count}"
