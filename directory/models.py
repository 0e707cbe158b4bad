"""Who is who: the organisation tree, people, and users' memberships."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from core.history import audit_history
from core.models import SourcedModel, StrokeKeyField, TimeStampedModel
from core.strokes import stroke_key
from core.text import match_key


class OrgKind(models.TextChoices):
    UNION = "union", _("工会")
    EMPLOYER = "employer", _("企业")
    INSTITUTION = "institution", _("事业单位")
    GOVERNMENT = "government", _("机关")
    SCHOOL = "school", _("院校")
    TEAM = "team", _("班组/站所")
    STUDIO = "studio", _("创新工作室")
    OTHER = "other", _("其他")


class UnionLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("区县级")
    TOWNSHIP = "township", _("乡镇街道")
    GRASSROOTS = "grassroots", _("基层")


class Ownership(models.TextChoices):
    PUBLIC = "public", _("公有制")
    NON_PUBLIC = "non_public", _("非公有制")


class OrganizationQuerySet(models.QuerySet):
    def subtree_of(self, orgs):
        """Organisations in the subtrees of `orgs` (inclusive), one query, no recursion."""
        paths = [o.path for o in orgs]
        if not paths:
            return self.none()
        cond = Q()
        for p in paths:
            cond |= Q(path__startswith=p)
        return self.filter(cond)


class Organization(SourcedModel, TimeStampedModel):
    name = models.CharField(_("名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=100, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=OrgKind.choices, default=OrgKind.EMPLOYER)
    union_level = models.CharField(_("工会层级"), max_length=20, choices=UnionLevel.choices, blank=True)
    region = models.CharField(_("地区"), max_length=100, blank=True)
    ownership = models.CharField(_("所有制"), max_length=20, choices=Ownership.choices, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path ("00000001/00000005/") so a whole subtree is one indexed prefix query.
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("层级深度"), default=0, editable=False)
    name_key = models.CharField(_("匹配键"), max_length=200, db_index=True, editable=False, default="")
    stroke_key = StrokeKeyField(_("笔画排序键"), max_length=1400, editable=False, default="")

    objects = OrganizationQuerySet.as_manager()

    history = audit_history()

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_under_parent"),
        ]

    def __str__(self):
        return self.name

    def _own_path(self):
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.pk:08d}/"

    def save(self, *args, **kwargs):
        self.name_key = match_key(self.name)
        self.stroke_key = stroke_key(self.name, "collective")
        if self.pk and self.path and self.parent_id and self.parent.path.startswith(self.path):
            raise ValueError("组织不能移动到自己或自己的下级之下")
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            new_path = self._own_path()
            if new_path != old_path:
                self._move_subtree(old_path, new_path)

    def _move_subtree(self, old_path, new_path):
        depth = new_path.count("/") - 1
        Organization.objects.filter(pk=self.pk).update(path=new_path, depth=depth)
        if old_path:
            # Re-root every descendant in one UPDATE instead of walking the tree.
            Organization.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1)),
                depth=F("depth") + (depth - (old_path.count("/") - 1)),
            )
        self.path, self.depth = new_path, depth

    def ancestors(self):
        ids = [int(p) for p in self.path.strip("/").split("/")[:-1] if p]
        return Organization.objects.filter(pk__in=ids).order_by("depth")

    def descendants(self, include_self=True):
        qs = Organization.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def is_in_subtree_of(self, other) -> bool:
        return self.path.startswith(other.path)

    @property
    def is_non_public(self) -> bool:
        return self.ownership == Ownership.NON_PUBLIC


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", _("中共党员")
    CPC_PROBATIONARY = "cpc_probationary", _("中共预备党员")
    CYL = "cyl", _("共青团员")
    DEMOCRATIC_PARTY = "democratic_party", _("民主党派")
    MASSES = "masses", _("群众")


class SkillLevel(models.TextChoices):
    LEVEL5 = "level5", _("五级/初级工")
    LEVEL4 = "level4", _("四级/中级工")
    LEVEL3 = "level3", _("三级/高级工")
    LEVEL2 = "level2", _("二级/技师")
    LEVEL1 = "level1", _("一级/高级技师")
    SPECIAL = "special", _("特级技师")
    CHIEF = "chief", _("首席技师")


class CategoryFlags(models.Model):
    """The category flags that honour composition rules count (DESIGN.md §4).

    A person carries them; a nomination copies them from the person and lets the nominator correct them.
    """

    is_industrial_worker = models.BooleanField(_("产业工人"), default=False)
    is_migrant_worker = models.BooleanField(_("农民工"), default=False)
    is_frontline = models.BooleanField(_("一线职工"), default=False)
    is_professional = models.BooleanField(_("专业技术人员"), default=False)
    is_science_education = models.BooleanField(_("科教人员"), default=False)
    is_enterprise_leader = models.BooleanField(_("企业负责人"), default=False)
    is_new_employment = models.BooleanField(_("新就业形态劳动者"), default=False)

    class Meta:
        abstract = True

    def category_flags(self) -> set[str]:
        return {flag for flag in PERSON_CATEGORY_FLAGS if getattr(self, flag)}

    def category_labels(self) -> list[str]:
        return [str(label) for flag, label in PERSON_CATEGORY_FLAGS.items() if getattr(self, flag)]


PERSON_CATEGORY_FLAGS = {f.name: f.verbose_name for f in CategoryFlags._meta.fields}


class PersonQuerySet(models.QuerySet):
    def search(self, term: str):
        term = (term or "").strip()
        if not term:
            return self
        return self.filter(Q(name__icontains=term) | Q(id_number__iexact=term.upper()))


class Person(CategoryFlags, SourcedModel, TimeStampedModel):
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=20, choices=PoliticalStatus.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    # NULL (not "") when unknown, so historical honourees without an ID never collide.
    id_number = models.CharField(_("身份证号"), max_length=18, null=True, blank=True, unique=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    employer = models.ForeignKey(
        Organization,
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    job_title = models.CharField(_("职务"), max_length=100, blank=True)
    trade = models.CharField(_("工种"), max_length=100, blank=True)
    skill_level = models.CharField(_("技能等级"), max_length=20, choices=SkillLevel.choices, blank=True)
    stroke_key = StrokeKeyField(_("笔画排序键"), max_length=700, db_index=True, editable=False, default="")

    objects = PersonQuerySet.as_manager()

    # The 变更记录 page finds a person's history by the person and scopes it by the employer; it never
    # searches it by name or ID number, whose two text indexes each cost every imported person.
    history = audit_history(unindexed=["name", "id_number"])

    class Meta:
        verbose_name = _("职工")
        verbose_name_plural = _("职工")
        ordering = ["stroke_key", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.id_number == "":
            self.id_number = None
        # 姓氏笔画; order by 姓名笔画 with core.strokes.stroke_order(rule="fullname") (same column).
        self.stroke_key = stroke_key(self.name)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        """The roster form: women's names are followed by (女)."""
        return f"{self.name}(女)" if self.gender == Gender.FEMALE else self.name

    @property
    def unit_and_title(self) -> str:
        unit = self.employer.name if self.employer_id else ""
        return f"{unit}{self.job_title}"


class Role(models.TextChoices):
    ADMIN = "admin", _("管理员")
    ORGANIZER = "organizer", _("组织者")
    JUDGE = "judge", _("裁判")
    REVIEWER = "reviewer", _("评审")
    VIEWER = "viewer", _("查看")


class Membership(TimeStampedModel):
    """A user acts for an organisation (and its subtree) in one role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    history = audit_history()

    class Meta:
        verbose_name = _("成员身份")
        verbose_name_plural = _("成员身份")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role"),
        ]

    def __str__(self):
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


class AccountProfile(TimeStampedModel):
    """What the product keeps about a user account besides Django's user: the unit it belongs to, a
    phone, and whether the person must choose a new password at the next login (after an organiser
    created the account or reset its password)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="account"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    class Meta:
        verbose_name = _("账号信息")
        verbose_name_plural = _("账号信息")

    def __str__(self):
        return str(self.user)


class AccountAction(models.TextChoices):
    CREATE = "create", _("创建账号")
    GRANT = "grant", _("授予角色")
    REVOKE = "revoke", _("取消角色")
    RESET_PASSWORD = "reset_password", _("重置密码")
    DEACTIVATE = "deactivate", _("停用账号")
    ACTIVATE = "activate", _("启用账号")
    CHANGE_PASSWORD = "change_password", _("修改密码")
    IMPORT = "import", _("批量创建")


class AccountLog(models.Model):
    """One change to an account or its roles: who did it, when, to whom, what (written by the
    ``directory.services.accounts`` functions only)."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="account_logs",
    )
    action = models.CharField(_("操作"), max_length=20, choices=AccountAction.choices)
    detail = models.CharField(_("内容"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("账号变更记录")
        verbose_name_plural = _("账号变更记录")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.detail}"
