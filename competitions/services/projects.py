"""Innovation projects (创新成果): drafts, submission before the deadline, withdrawal, attachments
(through Django's storage API) and the first screening (初选) in bulk.

A unit's contact (组织者 of the unit, 联络员) writes the projects of their unit; the contest's
organisers screen them. A project passed at 初选 gets an Entry of its lead, for its unit, in its
category (an event of the contest), which is what the judges mark.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, NotAllowed
from core.history import audited
from directory.models import Organization, Person
from directory.selectors.scope import user_is_organizer_of
from directory.services.people import person_create

from ..models import (
    PROJECT_KINDS,
    Competition,
    Entry,
    EntryStatus,
    Event,
    InnovationSettings,
    Project,
    ProjectAttachment,
    ProjectMember,
    ProjectStatus,
)
from ..rules.innovation import attachment_problem
from .common import actor, registered_count_add, require_organizer, require_reason
from .entries import _next_bib

__all__ = [
    "ProjectData",
    "attachment_add",
    "attachment_remove",
    "innovation_settings_for",
    "innovation_settings_save",
    "project_save",
    "project_submit",
    "project_withdraw",
    "projects_screen",
]

EDITABLE = (ProjectStatus.DRAFT, ProjectStatus.SUBMITTED)
MAX_MEMBERS = 15


@dataclass(frozen=True)
class ProjectData:
    category: Event
    title: str
    unit: Organization
    summary: str
    benefit: Decimal | None
    video_url: str
    members: Sequence[str]  # names, the lead first


def innovation_settings_for(competition: Competition) -> InnovationSettings:
    """The contest's innovation settings (created with the defaults on first use)."""
    if competition.kind not in PROJECT_KINDS:
        raise DomainError("只有创新竞赛和合理化建议活动接受成果申报")
    found, _created = InnovationSettings.objects.get_or_create(competition=competition)
    return found


def _require_contact(by, unit: Organization) -> None:
    if by is not None and not user_is_organizer_of(by, unit):
        raise NotAllowed("只有申报单位的联络员（组织者）可以填写该单位的成果")


def _check_deadline(competition: Competition) -> None:
    deadline = innovation_settings_for(competition).submission_deadline
    if deadline is not None and timezone.now() > deadline:
        raise DomainError(f"申报已于 {timezone.localtime(deadline):%Y-%m-%d %H:%M} 截止")


def _person(name: str, unit: Organization, by) -> Person:
    """The member of this unit with this name if there is exactly one, else a new person."""
    found = list(Person.objects.filter(name=name, employer=unit)[:2])
    if len(found) == 1:
        return found[0]
    return person_create(by=by, name=name, employer=unit)


def _members(data: ProjectData) -> list[str]:
    names = [n.strip() for n in data.members if n and n.strip()]
    if not names:
        raise DomainError("请至少填写一名团队成员（第一位为负责人）", fields={"members": "请填写团队成员"})
    if len(names) > MAX_MEMBERS:
        raise DomainError(f"团队成员最多 {MAX_MEMBERS} 人", fields={"members": f"最多 {MAX_MEMBERS} 人"})
    if len(set(names)) != len(names):
        raise DomainError("团队成员有重复的姓名", fields={"members": "有重复的姓名"})
    return names


@audited
@transaction.atomic
def project_save(*, competition: Competition, data: ProjectData, by, project: Project | None = None) -> Project:
    """Create or change a draft (or a submitted project still waiting for 初选)."""
    _require_contact(by, data.unit)
    if data.category.competition_id != competition.pk:
        raise DomainError("类别不属于该竞赛", fields={"category": "类别不属于该竞赛"})
    names = _members(data)
    if project is None:
        innovation_settings_for(competition)
        project = Project(competition=competition, submitted_by=actor(by))
    else:
        project = Project.objects.select_for_update().get(pk=project.pk)
        _require_contact(by, project.unit)
        if project.status not in EDITABLE:
            raise DomainError(f"成果{project.get_status_display()}，不能再修改")
        if project.status == ProjectStatus.SUBMITTED:
            _check_deadline(competition)
    project.category = data.category
    project.title = data.title.strip()
    project.unit = data.unit
    project.summary = data.summary.strip()
    project.benefit = data.benefit
    project.video_url = data.video_url.strip()
    project.save()
    current = [m.person.name for m in project.members.select_related("person").order_by("-is_lead", "order", "pk")]
    if current != names:
        project.members.all().delete()
        for order, name in enumerate(names):
            ProjectMember.objects.create(
                project=project, person=_person(name, data.unit, by), is_lead=order == 0, order=order
            )
    return project


@audited
@transaction.atomic
def project_submit(*, project: Project, by) -> Project:
    project = Project.objects.select_for_update().select_related("competition").get(pk=project.pk)
    _require_contact(by, project.unit)
    if project.status != ProjectStatus.DRAFT:
        raise DomainError(f"成果{project.get_status_display()}，不能再申报")
    _check_deadline(project.competition)
    missing = [label for label, value in (("成果名称", project.title), ("成果简介", project.summary)) if not value]
    if not project.members.filter(is_lead=True).exists():
        missing.append("负责人")
    if missing:
        raise DomainError("申报前请填写：" + "、".join(missing))
    project.status = ProjectStatus.SUBMITTED
    project.submitted_at = timezone.now()
    project.submitted_by = actor(by) or project.submitted_by
    project.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return project


@audited
@transaction.atomic
def project_withdraw(*, project: Project, by, reason: str = "") -> Project:
    """The unit takes its project back (before 初选 has passed it into the review)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_contact(by, project.unit)
    if project.status not in EDITABLE:
        raise DomainError(f"成果{project.get_status_display()}，不能撤回")
    project.status = ProjectStatus.WITHDRAWN
    project.screen_reason = reason.strip()[:500]
    project.save(update_fields=["status", "screen_reason", "updated_at"])
    return project


@audited
@transaction.atomic
def attachment_add(*, project: Project, upload, by) -> ProjectAttachment:
    """Check an uploaded file (PDF, JPEG, PNG; size; its first bytes) and store it through the
    storage API (``FileField`` → ``default_storage``)."""
    _require_contact(by, project.unit)
    if project.status not in EDITABLE:
        raise DomainError(f"成果{project.get_status_display()}，不能再上传附件")
    if project.attachments.count() >= 10:
        raise DomainError("每项成果最多 10 个附件")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    problem = attachment_problem(
        name,
        getattr(upload, "content_type", "") or "",
        upload.size or 0,
        head,
        max_bytes=settings.JIANGXIN_ATTACHMENT_MAX_BYTES,
    )
    if problem:
        raise DomainError(problem, fields={"file": problem})
    attachment = ProjectAttachment(
        project=project, name=name, content_type=getattr(upload, "content_type", "") or "", size=upload.size
    )
    ext = name.rsplit(".", 1)[-1].lower()
    # The stored name is ours (the project and a counter), never the uploader's path.
    attachment.file.save(f"p{project.pk}.{ext}", upload, save=False)
    attachment.save()
    return attachment


@audited
@transaction.atomic
def attachment_remove(*, attachment: ProjectAttachment, by) -> None:
    _require_contact(by, attachment.project.unit)
    if attachment.project.status not in EDITABLE:
        raise DomainError("成果已进入初选之后的环节，不能删除附件")
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


@audited
@transaction.atomic
def projects_screen(*, competition: Competition, projects: Sequence[Project], passed: bool, reason: str, by) -> int:
    """初选: pass or refuse the given submitted projects together (all or none). Refusing needs a
    reason; passing gives each project its Entry (lead, unit) in its category for the review."""
    require_organizer(by, competition)
    if not passed:
        reason = require_reason(reason)
    ids = [p.pk for p in projects]
    if not ids:
        raise DomainError("请勾选要初选的成果")
    locked = list(
        Project.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, competition=competition)
        .select_related("category")
        .order_by("pk")
    )
    if len(locked) != len(set(ids)):
        raise DomainError("所选成果不属于该竞赛")
    wrong = [p.title for p in locked if p.status not in (ProjectStatus.SUBMITTED, ProjectStatus.REJECTED)]
    if wrong:
        raise DomainError("只有已申报的成果可以初选：" + "、".join(wrong))
    problems = []
    created: Counter[int] = Counter()  # entries made, by category (event)
    if passed:
        leads = {m.project_id: m for m in ProjectMember.objects.filter(project__in=locked, is_lead=True)}
        for project in locked:
            lead = leads.get(project.pk)
            if lead is None:
                problems.append(f"“{project.title}”没有负责人")
                continue
            if Entry.objects.filter(event=project.category, person_id=lead.person_id).exists():
                problems.append(f"“{project.title}”的负责人已有成果进入该类别的评审")
                continue
            entry = Entry.objects.create(
                event=project.category,
                person_id=lead.person_id,
                delegation=project.unit,
                bib=_next_bib(project.category),
                status=EntryStatus.REGISTERED,
                registered_by=actor(by),
                is_demo=project.is_demo,
            )
            project.entry = entry
            created[project.category_id] += 1
    if problems:
        raise DomainError("初选未完成，没有保存任何结果", details=problems)
    registered_count_add(created)
    status = ProjectStatus.PASSED if passed else ProjectStatus.REJECTED
    for project in locked:
        project.status = status
        project.screen_reason = reason.strip()[:500]
        project.save(update_fields=["status", "screen_reason", "entry", "updated_at"])
    return len(locked)


@audited
@transaction.atomic
def innovation_settings_save(*, form, competition: Competition, by) -> InnovationSettings:
    """Save the settings form of the contest (deadline, voting rules, weight, prizes)."""
    require_organizer(by, competition)
    return form.save()
