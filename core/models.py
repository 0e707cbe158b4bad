"""Abstract bases shared by every app."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class SourcedModel(models.Model):
    """A record that may come from a source document (seed file name) or be demo data."""

    source = models.CharField(
        _("来源"), max_length=200, blank=True, help_text=_("记录所依据的文件，如种子文件名或文号")
    )
    is_demo = models.BooleanField(_("演示数据"), default=False, help_text=_("虚构的演示记录，不是真实人员或成绩"))

    class Meta:
        abstract = True


class ImportRecord(models.Model):
    """Who imported which spreadsheet into what, and what it created: the audit trail of bulk writes."""

    # rows are only ever added (only deleting an account touches them later): the newest id stamps
    # the table for cached page parts (core.pagecache)
    APPEND_ONLY = True

    kind = models.CharField(_("导入类型"), max_length=30)
    target = models.CharField(_("导入对象"), max_length=200, blank=True, help_text=_("如竞赛或赛项名称"))
    filename = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件摘要"), max_length=64, blank=True)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    created_count = models.PositiveIntegerField(_("新建数"), default=0)
    updated_count = models.PositiveIntegerField(_("更新数"), default=0)
    summary = models.JSONField(_("摘要"), default=dict, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"{self.kind} · {self.filename} · {self.rows}行"


class ImportFailure(models.Model):
    """A web upload the check refused (nothing was saved): who, which file, the first errors, and the
    page to upload it again, so the uploader's home page can point back to it until a later import
    of the same kind and target succeeds."""

    # rows are only ever added (only deleting an account touches them later): the newest id stamps
    # the table for cached page parts (core.pagecache)
    APPEND_ONLY = True

    kind = models.CharField(_("导入类型"), max_length=30)
    target = models.CharField(_("导入对象"), max_length=200, blank=True)
    title = models.CharField(_("导入名称"), max_length=200, blank=True)
    url = models.CharField(_("导入页面"), max_length=300)
    filename = models.CharField(_("文件名"), max_length=255)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    first_errors = models.JSONField(_("前几条错误"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("未通过检查的导入")
        verbose_name_plural = _("未通过检查的导入")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.kind} · {self.filename} · {self.error_count}处错误"


class ImportStash(models.Model):
    """An upload that passed the check and waits for its owner to confirm it (core.imports).

    Kept in the database so that every web server sees it; only the owner may confirm it, and it
    expires (swept on every new upload, or with ``manage.py import_stash_sweep``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("导入类型"), max_length=30)
    target = models.CharField(_("导入对象"), max_length=200, blank=True)
    filename = models.CharField(_("文件名"), max_length=255)
    data = models.BinaryField(_("文件内容"))
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    options = models.JSONField(_("导入选项"), default=dict, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"), db_index=True)

    class Meta:
        verbose_name = _("待确认的导入")
        verbose_name_plural = _("待确认的导入")
        indexes = [models.Index(fields=["owner", "kind", "target"], name="import_stash_owner_target")]

    def __str__(self):
        return f"{self.kind} · {self.filename}"


class StrokeKeyField(models.CharField):
    """A stored ``core.strokes`` key: ASCII digits, compared byte by byte.

    On PostgreSQL the column gets the "C" collation, so ``core.ordering.stroke_order`` (which says
    ``COLLATE "C"`` to be independent of the database's locale) is the column's own order and its
    indexes serve ORDER BY — with the database's default collation they could not, and PostgreSQL
    would sort every roster instead of reading it from the index. SQLite compares bytes already.
    """

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params
class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class Job(models.Model):
    """A long import or export run by a background worker (core.jobs): who asked, how far it is, what came of it.

    ``rows_done``/``rows_total`` and ``heartbeat_at`` are written by the worker at least every second
    while it reads, checks or writes rows; a running job whose heartbeat stops (its worker died) is
    marked failed by ``core.jobs.jobs_mark_stale``. An import's check leaves its report in ``report``
    (every row error, the preview); an export's workbook is ``file`` (Django's storage API), which
    only the owner may download until ``expires_at``.
    """

    class Kind(models.TextChoices):
        IMPORT_CHECK = "import_check", _("导入检查")
        IMPORT_SAVE = "import_save", _("导入保存")
        EXPORT = "export", _("导出")
        ACTION = "action", _("后台操作")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("任务"), max_length=200)
    builder = models.CharField(_("构造函数"), max_length=200, help_text=_("标记为 job_builder 的函数的完整路径"))
    params = models.JSONField(_("参数"), default=dict, blank=True)
    stash = models.ForeignKey(
        ImportStash, verbose_name=_("待导入文件"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    phase = models.CharField(_("阶段"), max_length=20, blank=True)
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    message = models.TextField(_("结果说明"), blank=True)
    report = models.JSONField(_("检查结果"), default=dict, blank=True)
    file = models.FileField(_("结果文件"), upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField(_("文件名"), max_length=255, blank=True)
    done_url = models.CharField(_("完成后前往"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近进度时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("文件过期时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_created")]

    def __str__(self):
        return f"{self.title} · {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return min(100, self.rows_done * 100 // self.rows_total) if self.rows_total else 0
