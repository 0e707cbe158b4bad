"""Submissions and 初选: drafts, deadline, withdrawal, attachments through the storage API, bulk screening."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from competitions.models import Entry, InnovationSettings, ProjectStatus
from competitions.services.projects import (
    ProjectData,
    attachment_add,
    project_save,
    project_submit,
    project_withdraw,
    projects_screen,
)
from core.errors import DomainError, NotAllowed
from tests.scenarios.registration import registered_counts_hold

PDF = b"%PDF-1.4\n%demo\n"


def data(contest, title="皮带跑偏自动纠偏装置", unit="unit_a", category=0, members=("王工", "李工")):
    return ProjectData(
        category=contest["categories"][category],
        title=title,
        unit=contest[unit],
        summary="减少停机。",
        benefit=Decimal("12.5"),
        video_url="",
        members=list(members),
    )


def submitted(contest, **kw):
    project = project_save(competition=contest["competition"], data=data(contest, **kw), by=contest["contact_a"])
    return project_submit(project=project, by=contest["contact_a"])


def test_contact_saves_a_draft_with_the_first_member_as_lead_then_submits(contest):
    project = project_save(competition=contest["competition"], data=data(contest), by=contest["contact_a"])
    assert project.status == ProjectStatus.DRAFT
    members = list(project.members.select_related("person"))
    assert [(m.person.name, m.is_lead) for m in members] == [("王工", True), ("李工", False)]
    assert members[0].person.employer == contest["unit_a"]
    project = project_submit(project=project, by=contest["contact_a"])
    assert project.status == ProjectStatus.SUBMITTED and project.submitted_at


def test_another_units_contact_may_not_write_for_the_unit(contest):
    with pytest.raises(NotAllowed):
        project_save(competition=contest["competition"], data=data(contest), by=contest["contact_b"])


def test_submission_after_the_deadline_is_refused(contest):
    project = project_save(competition=contest["competition"], data=data(contest), by=contest["contact_a"])
    InnovationSettings.objects.filter(competition=contest["competition"]).update(
        submission_deadline=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(DomainError, match="申报已于"):
        project_submit(project=project, by=contest["contact_a"])


def test_withdrawn_project_can_no_longer_be_changed(contest):
    project = submitted(contest)
    project_withdraw(project=project, by=contest["contact_a"], reason="重复申报")
    with pytest.raises(DomainError, match="已撤回"):
        project_save(competition=contest["competition"], data=data(contest), by=contest["contact_a"], project=project)


def test_members_must_be_named_once(contest):
    with pytest.raises(DomainError, match="重复"):
        project_save(
            competition=contest["competition"], data=data(contest, members=("甲", "甲")), by=contest["contact_a"]
        )


def test_attachment_is_checked_and_stored_through_the_storage_api(contest, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = submitted(contest)
    upload = SimpleUploadedFile("../../说明书.pdf", PDF, content_type="application/pdf")
    attachment = attachment_add(project=project, upload=upload, by=contest["contact_a"])
    assert attachment.name == "说明书.pdf" and attachment.size == len(PDF)
    assert attachment.file.name.startswith("innovation/") and ".." not in attachment.file.name
    assert default_storage.exists(attachment.file.name)
    bad = SimpleUploadedFile("照片.png", b"<html>", content_type="image/png")
    with pytest.raises(DomainError, match="内容与扩展名不符"):
        attachment_add(project=project, upload=bad, by=contest["contact_a"])


def test_attachment_over_the_size_limit_is_refused(contest, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.JIANGXIN_ATTACHMENT_MAX_BYTES = 10
    project = submitted(contest)
    with pytest.raises(DomainError, match="超过"):
        attachment_add(project=project, upload=SimpleUploadedFile("a.pdf", PDF * 3), by=contest["contact_a"])


def test_bulk_screening_passes_into_the_review_with_an_entry_per_project(contest):
    first = submitted(contest)
    second = submitted(contest, title="尾矿回收", members=("赵工",), category=1)
    n = projects_screen(
        competition=contest["competition"], projects=[first, second], passed=True, reason="", by=contest["organiser"]
    )
    assert n == 2
    first.refresh_from_db()
    assert first.status == ProjectStatus.PASSED
    entry = Entry.objects.get(pk=first.entry_id)
    assert (entry.event, entry.delegation, entry.person.name) == (contest["categories"][0], contest["unit_a"], "王工")
    assert entry.bib.startswith("A")
    # each category's 报名人数 counts the entry made for its project (Event.registered_count)
    assert registered_counts_hold()
    for category in contest["categories"][:2]:
        category.refresh_from_db()
        assert category.registered_count == 1


def test_refusing_needs_a_reason_and_is_all_or_none(contest):
    first = submitted(contest)
    draft = project_save(competition=contest["competition"], data=data(contest, title="草稿"), by=contest["contact_a"])
    with pytest.raises(DomainError, match="原因"):
        projects_screen(
            competition=contest["competition"], projects=[first], passed=False, reason=" ", by=contest["organiser"]
        )
    with pytest.raises(DomainError, match="只有已申报"):
        projects_screen(
            competition=contest["competition"],
            projects=[first, draft],
            passed=False,
            reason="材料不全",
            by=contest["organiser"],
        )
    first.refresh_from_db()
    assert first.status == ProjectStatus.SUBMITTED


def test_only_the_contests_organisers_screen(contest):
    project = submitted(contest)
    with pytest.raises(NotAllowed):
        projects_screen(
            competition=contest["competition"], projects=[project], passed=True, reason="", by=contest["contact_a"]
        )
