"""Competitions, their events, entries, judges' marks and results."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import audit_history
from core.models import SourcedModel, TimeStampedModel
from core.text import match_key
from directory.models import Organization, Person

from .rules.registration import TEAM_SIZE_MIN


class CompetitionKind(models.TextChoices):
    SKILL = "skill", _("技能竞赛")
    LABOUR = "labour", _("劳动竞赛")
    INNOVATION = "innovation", _("创新竞赛")
    DRILL = "drill", _("岗位练兵")
    SUGGESTION = "suggestion", _("合理化建议")


# Kinds whose entries are projects (群众性创新), not people at a workbench.
PROJECT_KINDS = ("innovation", "suggestion")


class Level(models.TextChoices):
    """Level of a competition or an honour; `rank` orders them (higher = more senior)."""

    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("区县级")
    ENTERPRISE = "enterprise", _("企业")


LEVEL_RANK = {Level.NATIONAL: 5, Level.PROVINCIAL: 4, Level.CITY: 3, Level.COUNTY: 2, Level.ENTERPRISE: 1}


class CompetitionClass(models.TextChoices):
    CLASS1 = "class1", _("一类")
    CLASS2 = "class2", _("二类")


class CompetitionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REGISTRATION = "registration", _("报名中")
    IN_PROGRESS = "in_progress", _("进行中")
    SCORING = "scoring", _("评分中")
    PUBLISHED = "published", _("成绩公布")
    CLOSED = "closed", _("已结束")


# The only allowed moves: one step forward, or back from 报名中 to 草稿 (registration closed early).
COMPETITION_FLOW = [s.value for s in CompetitionStatus]


class Competition(SourcedModel, TimeStampedModel):
    name = models.CharField(_("竞赛名称"), max_length=200)
    slug = models.SlugField(_("标识"), max_length=80, unique=True, allow_unicode=False)
    kind = models.CharField(
        _("竞赛类型"), max_length=20, choices=CompetitionKind.choices, default=CompetitionKind.SKILL
    )
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices, default=Level.CITY)
    competition_class = models.CharField(_("类别"), max_length=10, choices=CompetitionClass.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    organizer = models.ForeignKey(
        Organization, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="organized_competitions"
    )
    co_organizers = models.ManyToManyField(
        Organization, verbose_name=_("协办单位"), blank=True, related_name="co_organized_competitions"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CompetitionStatus.choices, default=CompetitionStatus.DRAFT
    )
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    registration_opens = models.DateField(_("报名开始"), null=True, blank=True)
    registration_closes = models.DateField(_("报名截止"), null=True, blank=True)
    description = models.TextField(_("说明"), blank=True)
    reported_submissions = models.PositiveIntegerField(
        _("申报成果/参赛数"), null=True, blank=True, help_text=_("文件报道的申报数量（没有逐条记录时）")
    )
    # What a result makes its person eligible for: a list of competitions.rules.eligibility rule dicts.
    eligibility_rules = models.JSONField(_("资格规则"), default=list, blank=True)
    # Points per prize for the delegation standings (团体奖/优秀组织奖): {"first": 8, "second": 4,
    # "third": 2, "finished": 1}; empty = those defaults (competitions.rules.DEFAULT_PRIZE_POINTS).
    prize_points = models.JSONField(_("奖项积分"), default=dict, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("竞赛")
        verbose_name_plural = _("竞赛")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="competition_dates_ordered",
            ),
        ]

    def __str__(self):
        return self.name


class CompetitionStatusChange(models.Model):
    competition = models.ForeignKey(
        Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=CompetitionStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=CompetitionStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL
    )
    changed_at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("竞赛状态变更")
        verbose_name_plural = _("竞赛状态变更")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class EventKind(models.TextChoices):
    INDIVIDUAL = "individual", _("个人")
    TEAM = "team", _("团体")


class Event(SourcedModel, TimeStampedModel):
    """One discipline (赛项) of a competition, with its scoring settings."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="events"
    )
    name = models.CharField(_("赛项名称"), max_length=200)
    name_key = models.CharField(_("匹配键"), max_length=200, editable=False, default="")
    trade = models.CharField(_("工种"), max_length=100, blank=True)
    kind = models.CharField(_("参赛形式"), max_length=20, choices=EventKind.choices, default=EventKind.INDIVIDUAL)
    team_size = models.PositiveSmallIntegerField(_("每队人数"), null=True, blank=True)
    places_per_delegation = models.PositiveSmallIntegerField(_("每个代表队名额"), null=True, blank=True)
    bib_prefix = models.CharField(_("参赛号前缀"), max_length=10, blank=True)
    uses_time = models.BooleanField(_("记录用时"), default=False)
    judge_trim_from = models.PositiveSmallIntegerField(
        _("去掉最高最低分的裁判人数下限"),
        default=5,
        help_text=_("裁判人数达到此数时去掉一个最高分和一个最低分；0 表示不去掉"),
    )
    # Tie-break cascade: list of [field, descending] pairs; empty = the default cascade.
    tie_break = models.JSONField(_("并列处理顺序"), default=list, blank=True)
    first_prize_ratio = models.DecimalField(_("一等奖比例"), max_digits=4, decimal_places=3, default=Decimal("0.100"))
    second_prize_ratio = models.DecimalField(_("二等奖比例"), max_digits=4, decimal_places=3, default=Decimal("0.200"))
    third_prize_ratio = models.DecimalField(_("三等奖比例"), max_digits=4, decimal_places=3, default=Decimal("0.300"))
    merit_to_half = models.BooleanField(_("前50%其余设优胜奖"), default=False)
    min_field = models.PositiveSmallIntegerField(_("设奖最少参赛人数"), default=0)
    team_best_n = models.PositiveSmallIntegerField(_("团体成绩取前N名"), null=True, blank=True)
    scores_locked = models.BooleanField(_("成绩已锁定"), default=False)
    scores_locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    scores_locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("锁定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    results_published = models.BooleanField(_("成绩已公布"), default=False)
    results_published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    # When totals, ranks and prizes were last computed; a mark changed later makes them stale.
    results_computed_at = models.DateTimeField(_("成绩计算时间"), null=True, blank=True)
    # 报名人数: the event's entries with status 已报名, kept by the entry services in the transaction
    # that changes them (services.common.registered_count_add), so that the competitions list shows
    # and sorts 报名人数 from the events instead of counting up to 280 000 entries a row (issue 13).
    registered_count = models.PositiveIntegerField(_("报名人数"), default=0, editable=False)

    history = audit_history(excluded_fields=["registered_count"])

    class Meta:
        verbose_name = _("赛项")
        verbose_name_plural = _("赛项")
        ordering = ["competition", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="event_unique_name_in_competition"),
            models.CheckConstraint(
                condition=~Q(kind="team") | Q(team_size__gte=TEAM_SIZE_MIN), name="event_team_needs_size"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = match_key(self.name)
        full = not args and kwargs.get("update_fields") is None and not kwargs.get("force_insert")
        if full and not self._state.adding:
            # The counter is written by its own UPDATEs only: a full save of an event read earlier
            # must not put back an older figure.
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "registered_count"
            ]
        super().save(*args, **kwargs)


class ScoreComponent(models.Model):
    """A weighted part of an event's score (理论, 实操 …); weights of an event add up to 100."""

    event = models.ForeignKey(Event, verbose_name=_("赛项"), on_delete=models.CASCADE, related_name="components")
    key = models.SlugField(_("代码"), max_length=30)
    name = models.CharField(_("名称"), max_length=50)
    weight = models.DecimalField(
        _("权重(%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    max_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=2, default=Decimal("100"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("成绩构成")
        verbose_name_plural = _("成绩构成")
        ordering = ["event", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "key"], name="component_unique_key"),
            models.UniqueConstraint(fields=["event", "name"], name="component_unique_name"),
        ]

    def __str__(self):
        return f"{self.name}（{self.weight}%）"

    @property
    def column_header(self) -> str:
        return f"{self.name}成绩"


DEFAULT_COMPONENTS = (("theory", "理论", Decimal("30")), ("practical", "实操", Decimal("70")))


class JudgeAssignment(TimeStampedModel):
    event = models.ForeignKey(Event, verbose_name=_("赛项"), on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("裁判"), on_delete=models.CASCADE, related_name="judge_assignments"
    )
    is_chief = models.BooleanField(_("裁判长"), default=False)
    # The components this judge marks; none selected = every component of the event.
    components = models.ManyToManyField(
        ScoreComponent, verbose_name=_("评分项目"), blank=True, related_name="judge_assignments"
    )

    class Meta:
        verbose_name = _("裁判分派")
        verbose_name_plural = _("裁判分派")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="judge_unique_per_event"),
            models.UniqueConstraint(fields=["event"], condition=Q(is_chief=True), name="judge_one_chief_per_event"),
        ]

    def __str__(self):
        return f"{self.event} · {self.user}"


class Team(TimeStampedModel):
    event = models.ForeignKey(Event, verbose_name=_("赛项"), on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("队名"), max_length=100)
    delegation = models.ForeignKey(
        Organization, verbose_name=_("代表队"), on_delete=models.PROTECT, related_name="teams"
    )

    class Meta:
        verbose_name = _("参赛队")
        verbose_name_plural = _("参赛队")
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="team_unique_name_in_event")]

    def __str__(self):
        return self.name


class EntryStatus(models.TextChoices):
    REGISTERED = "registered", _("已报名")
    WITHDRAWN = "withdrawn", _("已退赛")
    DISQUALIFIED = "disqualified", _("取消资格")


class Entry(SourcedModel, TimeStampedModel):
    """One registration of a person in an event, for a delegation (代表队)."""

    # No index of their own for event and delegation: the indexes in Meta lead with each, and a sixth
    # and seventh index cost every entry written (5 % of an import's insert, 1 000 000 rows of disk).
    event = models.ForeignKey(
        Event, verbose_name=_("赛项"), on_delete=models.CASCADE, related_name="entries", db_index=False
    )
    person = models.ForeignKey(Person, verbose_name=_("选手"), on_delete=models.PROTECT, related_name="entries")
    delegation = models.ForeignKey(
        Organization, verbose_name=_("代表队"), on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    team = models.ForeignKey(
        Team, verbose_name=_("参赛队"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    bib = models.CharField(_("参赛号"), max_length=20, blank=True)
    # Completion time as entered by the judges (events with uses_time); results copy it for ranking.
    time_minutes = models.DecimalField(_("用时(分钟)"), max_digits=8, decimal_places=2, null=True, blank=True)
    # Optimistic lock for time_minutes, as Mark.version is for marks: bumped by every change.
    time_version = models.PositiveIntegerField(_("用时版本"), default=0)
    status = models.CharField(_("状态"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.REGISTERED)
    status_reason = models.CharField(_("原因"), max_length=500, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The details as the registering organisation entered them (报名表 row or form): phone, job title,
    # skill level, ethnicity, unit name. They are the entry's own; the person's master record is
    # changed only by its owner (directory.selectors.people), so a registration by another
    # organisation keeps what it typed here and is shown this, never the master record's phone.
    entered_details = models.JSONField(_("报名时填写的信息"), default=dict, blank=True)

    # The 变更记录 page finds an entry's history by the entry and scopes it by the event and the
    # delegation; never by the person, the team or who registered it (an import writes one row each).
    history = audit_history(unindexed=["person", "team", "registered_by"])

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["event", "bib", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="entry_one_per_person_per_event"),
            models.UniqueConstraint(fields=["event", "bib"], condition=~Q(bib=""), name="entry_unique_bib_in_event"),
        ]
        indexes = [
            models.Index(fields=["event", "status"]),
            # page 1 of the registration list in its default order straight from the index (issue 13)
            models.Index(fields=["event", "bib", "id"], name="entry_event_bib"),
            # the delegation filter's choices by a loose index scan (selectors.entries.competition_delegations)
            models.Index(fields=["event", "delegation"], name="entry_event_delegation"),
            # 报名名单 filtered by 代表队: that delegation's entries already in the list's order
            models.Index(fields=["delegation", "event", "bib", "id"], name="entry_delegation_event_bib"),
        ]

    def __str__(self):
        return f"{self.person} · {self.event}"


class RegistrationAction(models.TextChoices):
    COMPETITION_CREATE = "competition_create", _("创建竞赛")
    COMPETITION_UPDATE = "competition_update", _("修改竞赛")
    EVENT_CREATE = "event_create", _("添加赛项")
    EVENT_UPDATE = "event_update", _("修改赛项")
    ENTRY_WITHDRAW = "entry_withdraw", _("退赛")
    ENTRY_DISQUALIFY = "entry_disqualify", _("取消资格")
    ENTRY_REINSTATE = "entry_reinstate", _("恢复报名")


class RegistrationChange(models.Model):
    """Audit trail of registration writes: who created or changed a competition or an event, and
    who withdrew, disqualified or reinstated an entry (with the old and new status and the reason).

    Status moves of a competition are CompetitionStatusChange; a new entry records its
    ``Entry.registered_by``; a command-line write has no user.
    """

    competition = models.ForeignKey(
        Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="registration_changes"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("赛项"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    entry = models.ForeignKey(
        "Entry", verbose_name=_("报名"), null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField(_("操作"), max_length=30, choices=RegistrationAction.choices)
    old_value = models.CharField(_("原值"), max_length=30, blank=True)
    new_value = models.CharField(_("新值"), max_length=30, blank=True)
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("报名变更记录")
        verbose_name_plural = _("报名变更记录")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.old_value} → {self.new_value}"


class Mark(models.Model):
    """One judge's mark for one component of one entry. `version` guards against lost updates.

    A mark without a judge is an imported component score (成绩导入): the panel's final score for
    that component, which takes precedence over the judges' individual marks (see
    competitions/services/marks.py). There is at most one per entry and component.
    """

    entry = models.ForeignKey(Entry, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="marks")
    component = models.ForeignKey(ScoreComponent, verbose_name=_("成绩构成"), on_delete=models.CASCADE)
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("裁判"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="marks",
    )
    value = models.DecimalField(_("分数"), max_digits=6, decimal_places=2)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("裁判评分")
        verbose_name_plural = _("裁判评分")
        constraints = [
            models.UniqueConstraint(fields=["entry", "component", "judge"], name="mark_one_per_judge"),
            models.UniqueConstraint(
                fields=["entry", "component"], condition=Q(judge__isnull=True), name="mark_one_imported"
            ),
        ]

    def __str__(self):
        return f"{self.entry} · {self.component.name} · {self.value}"


class ScoreChangeField(models.TextChoices):
    MARK = "mark", _("评分")
    IMPORT = "import", _("导入成绩")
    TIME = "time", _("用时")
    LOCK = "lock", _("锁定成绩")
    REOPEN = "reopen", _("重新开放评分")
    PUBLISH = "publish", _("公布成绩")
    UNPUBLISH = "unpublish", _("撤回公布")


class ScoreChange(models.Model):
    """Audit trail: every change of a mark, time, lock or publication, with who, when, old and new."""

    event = models.ForeignKey(Event, verbose_name=_("赛项"), on_delete=models.CASCADE, related_name="score_changes")
    entry = models.ForeignKey(
        Entry, verbose_name=_("报名"), null=True, blank=True, on_delete=models.CASCADE, related_name="score_changes"
    )
    component = models.ForeignKey(
        ScoreComponent, verbose_name=_("成绩构成"), null=True, blank=True, on_delete=models.CASCADE
    )
    field = models.CharField(_("项目"), max_length=30, choices=ScoreChangeField.choices, default=ScoreChangeField.MARK)
    old_value = models.CharField(_("原值"), max_length=30, blank=True)
    new_value = models.CharField(_("新值"), max_length=30, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("成绩变更记录")
        verbose_name_plural = _("成绩变更记录")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.field}: {self.old_value} → {self.new_value}"


class Prize(models.TextChoices):
    FIRST = "first", _("一等奖")
    SECOND = "second", _("二等奖")
    THIRD = "third", _("三等奖")
    MERIT = "merit", _("优胜奖")
    NONE = "none", _("未获奖")


class ResultQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Fill ``event`` (the entry's) where the caller left it out: one query for all of them."""
        objs = list(objs)
        missing = {obj.entry_id for obj in objs if obj.event_id is None and obj.entry_id is not None}
        if missing:
            event_of = dict(Entry.objects.filter(pk__in=missing).values_list("pk", "event_id"))
            for obj in objs:
                if obj.event_id is None:
                    obj.event_id = event_of.get(obj.entry_id)
        return super().bulk_create(objs, *args, **kwargs)


class Result(TimeStampedModel):
    """The computed outcome of an entry: component scores, total, rank and prize."""

    # No database constraint: a result is derived data, written only by the computation
    # (``services.results``) from the entries it reads under the event's lock, and deleted with its
    # entry by Django (CASCADE). No service deletes entries, and only deleting their event can (their
    # person and delegation are PROTECT): what the constraint alone caught, an event deleted in the
    # admin while its results are computed, leaves rows of an event that no longer exists. Its check
    # at commit took a key-share lock on every entry row, once per new result: 1.0-1.8 s of a 5.4 s
    # first computation at 100 000 entries on PostgreSQL (bench/ranking.py). The unique index stays.
    entry = models.OneToOneField(
        Entry, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="result", db_constraint=False
    )
    # The entry's event, copied (entries never change event): the public results of a 100 000-entry
    # event walk the (event, rank) index for one screen instead of joining and sorting every entry.
    # No index of its own: that index serves every lookup by event, and each index costs every write
    # (a computation writes every row of the event). No database constraint either, as for ``entry``:
    # its check at commit cost every first computation 0.35 s at 100 000 entries (a key-share lock
    # on the event's row, once per result). Django still deletes the results with their event (CASCADE).
    event = models.ForeignKey(
        Event, verbose_name=_("赛项"), on_delete=models.CASCADE, related_name="+", editable=False, db_index=False,
        db_constraint=False,
    )
    # Aggregated component scores keyed by component key, as strings of Decimals.
    components = models.JSONField(_("分项成绩"), default=dict, blank=True)
    time_minutes = models.DecimalField(_("用时(分钟)"), max_digits=8, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(_("总成绩"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    tied = models.BooleanField(_("并列"), default=False)
    prize = models.CharField(_("奖项"), max_length=10, choices=Prize.choices, default=Prize.NONE)

    # The 变更记录 page finds a result's history by the result or its entry, never by the event.
    history = audit_history(unindexed=["event"])
    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("成绩")
        verbose_name_plural = _("成绩")
        ordering = ["rank", "id"]
        indexes = [
            models.Index(fields=["rank"]),
            models.Index(fields=["event", "rank"], name="result_event_rank"),
        ]

    def __str__(self):
        return f"{self.entry} · {self.total}"

    def save(self, *args, **kwargs):
        if self.event_id is None and self.entry_id is not None:
            self.event_id = Entry.objects.filter(pk=self.entry_id).values_list("event_id", flat=True).first()
        super().save(*args, **kwargs)


# --- 群众性创新: innovation contests whose entries are projects ----------------------------------
# A contest of kind 创新竞赛 (or 合理化建议) keeps its categories (类别: 生产提效型 … or 小发明 …) as its
# events, so the judges' assignment, the rubric (the event's score components), the trimmed mean and
# the locking of skills events serve the expert review unchanged. A project passed at 初选 gets an
# Entry (its lead, for its unit) in its category, which the judges mark.


class InnovationSettings(TimeStampedModel):
    """The innovation rules of one contest: submission deadline, voting rules, the combination formula
    and the prizes."""

    competition = models.OneToOneField(
        Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="innovation"
    )
    submission_deadline = models.DateTimeField(_("申报截止"), null=True, blank=True)
    voting_opens = models.DateTimeField(_("投票开始"), null=True, blank=True)
    voting_closes = models.DateTimeField(_("投票结束"), null=True, blank=True)
    votes_per_day = models.PositiveSmallIntegerField(
        _("每人每日票数"), default=3, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    allow_code = models.BooleanField(_("投票码投票"), default=True)
    allow_phone = models.BooleanField(_("手机验证码投票"), default=True)
    review_weight = models.DecimalField(
        _("评审权重"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("综合成绩 = 评审成绩 × 权重 + 投票得分 × (1 − 权重)"),
    )
    prize_by_count = models.BooleanField(_("按名额设奖"), default=False, help_text=_("否则按比例设奖"))
    first_prize_count = models.PositiveSmallIntegerField(_("一等奖名额"), default=1)
    second_prize_count = models.PositiveSmallIntegerField(_("二等奖名额"), default=2)
    third_prize_count = models.PositiveSmallIntegerField(_("三等奖名额"), default=3)
    first_prize_ratio = models.DecimalField(_("一等奖比例"), max_digits=4, decimal_places=3, default=Decimal("0.100"))
    second_prize_ratio = models.DecimalField(_("二等奖比例"), max_digits=4, decimal_places=3, default=Decimal("0.200"))
    third_prize_ratio = models.DecimalField(_("三等奖比例"), max_digits=4, decimal_places=3, default=Decimal("0.300"))
    results_computed_at = models.DateTimeField(_("综合成绩计算时间"), null=True, blank=True)
    results_published = models.BooleanField(_("综合成绩已公布"), default=False)

    history = audit_history()

    class Meta:
        verbose_name = _("创新竞赛设置")
        verbose_name_plural = _("创新竞赛设置")

    def __str__(self):
        return str(self.competition)


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已申报")
    PASSED = "passed", _("初选通过")
    REJECTED = "rejected", _("初选未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


class Project(SourcedModel, TimeStampedModel):
    """One innovation project (创新成果 / 合理化建议) submitted by a unit."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="projects"
    )
    category = models.ForeignKey(Event, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(_("成果名称"), max_length=200)
    unit = models.ForeignKey(Organization, verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("成果简介"), max_length=5000)
    benefit = models.DecimalField(
        _("效益(万元)"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    video_url = models.URLField(_("视频链接"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)
    screen_reason = models.CharField(_("初选意见"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("申报时间"), null=True, blank=True)
    entry = models.OneToOneField(
        Entry, verbose_name=_("评审报名"), null=True, blank=True, on_delete=models.SET_NULL, related_name="project"
    )
    # The combined result, written only by the combination service.
    review_score = models.DecimalField(_("评审成绩"), max_digits=7, decimal_places=2, null=True, blank=True)
    vote_score = models.DecimalField(_("投票得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    votes = models.PositiveIntegerField(_("有效票数"), null=True, blank=True, editable=False)
    combined_score = models.DecimalField(_("综合成绩"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    tied = models.BooleanField(_("并列"), default=False)
    prize = models.CharField(_("奖项"), max_length=10, choices=Prize.choices, default=Prize.NONE)

    history = audit_history()

    class Meta:
        verbose_name = _("创新成果")
        verbose_name_plural = _("创新成果")
        ordering = ["competition", "category", "id"]
        indexes = [models.Index(fields=["competition", "status"])]

    def __str__(self):
        return self.title


class ProjectMember(models.Model):
    project = models.ForeignKey(Project, verbose_name=_("成果"), on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, verbose_name=_("成员"), on_delete=models.PROTECT, related_name="+")
    is_lead = models.BooleanField(_("负责人"), default=False)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    history = audit_history()

    class Meta:
        verbose_name = _("成果团队成员")
        verbose_name_plural = _("成果团队成员")
        ordering = ["project", "-is_lead", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="project_member_once"),
            models.UniqueConstraint(fields=["project"], condition=Q(is_lead=True), name="project_one_lead"),
        ]

    def __str__(self):
        return f"{self.project} · {self.person}"


class ProjectAttachment(TimeStampedModel):
    project = models.ForeignKey(Project, verbose_name=_("成果"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to="innovation/%Y/%m/", max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小(字节)"))

    history = audit_history()

    class Meta:
        verbose_name = _("成果附件")
        verbose_name_plural = _("成果附件")
        ordering = ["project", "id"]

    def __str__(self):
        return self.name


class VoterCode(models.Model):
    """A voting code handed out by a unit; only its keyed hash is stored."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="voter_codes"
    )
    code_hash = models.CharField(_("投票码摘要"), max_length=64, unique=True)
    unit = models.ForeignKey(
        Organization, verbose_name=_("发放单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("投票码")
        verbose_name_plural = _("投票码")

    def __str__(self):
        return f"{self.competition} · {self.code_hash[:8]}"


class Voter(models.Model):
    """One voter of one contest, known only by a keyed hash of the code or the verified phone.

    Its row is what concurrent votes of the same voter queue on (SELECT … FOR UPDATE)."""

    competition = models.ForeignKey(Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("投票人摘要"), max_length=64)
    kind = models.CharField(_("验证方式"), max_length=10, choices=[("code", _("投票码")), ("phone", _("手机"))])
    created_at = models.DateTimeField(_("首次投票"), auto_now_add=True)

    class Meta:
        verbose_name = _("投票人")
        verbose_name_plural = _("投票人")
        constraints = [models.UniqueConstraint(fields=["competition", "key"], name="voter_unique_key")]

    def __str__(self):
        return self.key[:8]


class Vote(models.Model):
    """One vote: never edited, only voided (with a reason) by an organiser."""

    project = models.ForeignKey(Project, verbose_name=_("成果"), on_delete=models.CASCADE, related_name="vote_set")
    voter = models.ForeignKey(Voter, verbose_name=_("投票人"), on_delete=models.CASCADE, related_name="votes")
    day = models.DateField(_("投票日"))
    cast_at = models.DateTimeField(_("投票时间"), default=timezone.now)
    origin_hash = models.CharField(_("来源摘要"), max_length=64, db_index=True)
    voided = models.BooleanField(_("已作废"), default=False)
    void_reason = models.CharField(_("作废原因"), max_length=500, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("投票")
        verbose_name_plural = _("投票")
        ordering = ["cast_at", "id"]
        indexes = [models.Index(fields=["voter", "day"]), models.Index(fields=["project", "voided"])]
        constraints = [
            # One vote per voter, project and day (duplicate detection's last line).
            models.UniqueConstraint(fields=["voter", "project", "day"], name="vote_once_per_project_per_day"),
        ]

    def __str__(self):
        return f"{self.project} · {self.cast_at}"


class Recusal(TimeStampedModel):
    """执裁回避 declared by a judge (or recorded by an organiser) for one entry, with the reason.

    Conflicts by unit (the judge's unit is the entry's delegation or the contestant's employer, or
    lies below them) need no row: competitions.rules.recusal finds them."""

    entry = models.ForeignKey(Entry, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="recusals")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("裁判"), on_delete=models.CASCADE, related_name="recusals"
    )
    reason = models.CharField(_("回避原因"), max_length=500)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = audit_history()

    class Meta:
        verbose_name = _("执裁回避")
        verbose_name_plural = _("执裁回避")
        constraints = [models.UniqueConstraint(fields=["entry", "judge"], name="recusal_once")]

    def __str__(self):
        return f"{self.judge} · {self.entry}"
