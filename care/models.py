"""劳模关爱: who is cared for (from the honours record), the entitlement rules, the ledger of care given,
疗休养 batches and 困难帮扶 applications.

The ledger (``CareEvent``) is never deleted: a mistake is corrected by a new row that points at the one
it corrects (``corrects``) with a reason; the corrected row is marked ``superseded`` and stays.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models import HonorType
from competitions.models import Level
from core.models import ImportRecord, TimeStampedModel
from directory.models import Organization, Person


class LifeStatus(models.TextChoices):
    SERVING = "serving", _("在职")
    RETIRED = "retired", _("退休")
    DECEASED = "deceased", _("去世")


class CareKind(models.TextChoices):
    ALLOWANCE = "allowance", _("荣誉津贴")
    HEALTH_CHECK = "health_check", _("健康体检")
    RECUPERATION = "recuperation", _("疗休养")
    FESTIVAL = "festival", _("节日慰问")
    BIRTHDAY = "birthday", _("生日慰问")
    HARDSHIP = "hardship", _("困难帮扶")
    BEREAVEMENT = "bereavement", _("去世慰问")
    VISIT = "visit", _("走访慰问")


class HonourTreatment(models.Model):
    """Whether an honour type carries 劳模待遇, where it differs from the default rule
    (``care.rules.eligibility.carries_treatment``: 劳动模范 and 先进工作者 at every level, 五一劳动奖章 at
    national and provincial level)."""

    honor_type = models.OneToOneField(
        HonorType, verbose_name=_("荣誉称号"), on_delete=models.CASCADE, related_name="care_treatment"
    )
    carries = models.BooleanField(_("享受劳模待遇"), default=True)
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("劳模待遇设置")
        verbose_name_plural = _("劳模待遇设置")

    def __str__(self):
        return f"{self.honor_type} · {'享受' if self.carries else '不享受'}劳模待遇"


class CareProfile(TimeStampedModel):
    """One person cared for. Created and kept up to date from the honours record; the union and the
    person's life status, contact and next of kin are entered by the responsible union."""

    person = models.OneToOneField(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="care_profile")
    responsible_org = models.ForeignKey(
        Organization, verbose_name=_("负责工会"), on_delete=models.PROTECT, related_name="care_profiles"
    )
    responsible_set_by_hand = models.BooleanField(_("负责工会已手动指定"), default=False)
    # From the honours record (care_profile_sync): the highest level of an honour carrying 劳模待遇.
    honour_level = models.CharField(_("荣誉级别"), max_length=20, choices=Level.choices, blank=True)
    honours = models.CharField(_("荣誉"), max_length=300, blank=True)
    entitled = models.BooleanField(_("享受待遇"), default=True)
    entitled_from_year = models.PositiveSmallIntegerField(_("获得荣誉年度"), null=True, blank=True)
    revoked_on = models.DateField(_("荣誉撤销日期"), null=True, blank=True)
    life_status = models.CharField(_("状态"), max_length=10, choices=LifeStatus.choices, default=LifeStatus.SERVING)
    retired_on = models.DateField(_("退休日期"), null=True, blank=True)
    died_on = models.DateField(_("去世日期"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    kin_name = models.CharField(_("亲属姓名"), max_length=50, blank=True)
    kin_relation = models.CharField(_("亲属关系"), max_length=20, blank=True)
    kin_phone = models.CharField(_("亲属电话"), max_length=30, blank=True)
    allowance_stopped_on = models.DateField(_("津贴停发日期"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最后修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("关爱对象")
        verbose_name_plural = _("关爱对象")
        ordering = ["person__stroke_key", "id"]

    def __str__(self):
        return str(self.person)

    @property
    def ended_on(self):
        """The day entitlements stop: death or revocation, whichever came first (None: still running)."""
        days = [d for d in (self.died_on, self.revoked_on) if d is not None]
        return min(days) if days else None


class EntitlementRule(models.Model):
    """What a union gives: one kind of care for an honour level and life status (blank: any).

    The defaults are in ``care.rules.entitlements.DEFAULT_RULES`` with their source; a union's row
    replaces the default for its subtree (the deepest union's row wins)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("工会"), on_delete=models.CASCADE, related_name="care_rules"
    )
    kind = models.CharField(_("项目"), max_length=20, choices=CareKind.choices)
    honour_level = models.CharField(_("荣誉级别"), max_length=20, choices=Level.choices, blank=True)
    life_status = models.CharField(_("状态"), max_length=10, choices=LifeStatus.choices, blank=True)
    enabled = models.BooleanField(_("发放/开展"), default=True)
    every_years = models.PositiveSmallIntegerField(_("每几年一次"), null=True, blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    period = models.CharField(_("发放周期"), max_length=20, blank=True, help_text=_("如 每月、每半年、每年"))
    festivals = models.CharField(_("节日"), max_length=100, blank=True, help_text=_("如 春节、五一"))
    from_age = models.PositiveSmallIntegerField(_("起始年龄"), null=True, blank=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("待遇规则")
        verbose_name_plural = _("待遇规则")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "honour_level", "life_status"], name="care_rule_unique"
            ),
        ]

    def __str__(self):
        return f"{self.organization} · {self.get_kind_display()}"


class BatchStatus(models.TextChoices):
    OPEN = "open", _("报名中")
    DONE = "done", _("已完成")


class RecuperationBatch(TimeStampedModel):
    """One 疗休养 batch: a base, dates and places; filled from the due list."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("组织工会"), on_delete=models.PROTECT, related_name="care_batches"
    )
    name = models.CharField(_("批次名称"), max_length=100)
    base = models.CharField(_("疗休养基地"), max_length=100)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    places = models.PositiveIntegerField(_("名额"))
    status = models.CharField(_("状态"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("疗休养批次")
        verbose_name_plural = _("疗休养批次")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="care_batch_dates"),
        ]

    def __str__(self):
        return self.name


class SeatStatus(models.TextChoices):
    INVITED = "invited", _("待确认")
    ACCEPTED = "accepted", _("参加")
    DECLINED = "declined", _("不参加")


class BatchSeat(models.Model):
    batch = models.ForeignKey(RecuperationBatch, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="seats")
    profile = models.ForeignKey(CareProfile, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="seats")
    status = models.CharField(_("状态"), max_length=10, choices=SeatStatus.choices, default=SeatStatus.INVITED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("登记时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("疗休养名单")
        verbose_name_plural = _("疗休养名单")
        constraints = [models.UniqueConstraint(fields=["batch", "profile"], name="care_seat_unique")]

    def __str__(self):
        return f"{self.batch} · {self.profile}"


class CareEvent(models.Model):
    """One entry of the ledger: care actually given. Never deleted; corrected by a new entry."""

    profile = models.ForeignKey(CareProfile, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("项目"), max_length=20, choices=CareKind.choices)
    date = models.DateField(_("日期"))
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    batch = models.ForeignKey(
        RecuperationBatch,
        verbose_name=_("疗休养批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    # A correction: the entry it replaces, and why. ``void`` means the corrected entry did not happen.
    corrects = models.OneToOneField(
        "self", verbose_name=_("更正的记录"), null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    reason = models.CharField(_("更正理由"), max_length=300, blank=True)
    void = models.BooleanField(_("作废"), default=False)
    superseded = models.BooleanField(_("已被更正"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    import_record = models.ForeignKey(
        ImportRecord, verbose_name=_("导入记录"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("关爱台账")
        verbose_name_plural = _("关爱台账")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["profile", "kind", "date"], name="care_event_profile_kind")]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} · {self.profile}"


class HardshipStatus(models.TextChoices):
    WAITING = "waiting", _("待处理")
    GRANTED = "granted", _("已帮扶")
    REFUSED = "refused", _("不予帮扶")


class HardshipApplication(TimeStampedModel):
    profile = models.ForeignKey(
        CareProfile, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="hardship_applications"
    )
    received_on = models.DateField(_("申请日期"))
    reason = models.TextField(_("困难情况"))
    status = models.CharField(_("状态"), max_length=10, choices=HardshipStatus.choices, default=HardshipStatus.WAITING)
    decision_note = models.CharField(_("处理意见"), max_length=300, blank=True)
    event = models.OneToOneField(
        CareEvent, verbose_name=_("帮扶记录"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("困难帮扶申请")
        verbose_name_plural = _("困难帮扶申请")
        ordering = ["received_on", "id"]

    def __str__(self):
        return f"{self.profile} · {self.received_on}"
