"""A registration sheet over JIANGXIN_JOB_THRESHOLD_ROWS is checked and saved by background jobs
(the tests' immediate backend runs them at once): the same report as the synchronous path (every
row error), the confirm button on the job's page, all rows or none — also when the worker fails
while saving."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competitions.importers.entries import EntryImporter
from competitions.models import Entry
from core.models import ImportStash, Job, JobStatus
from tests.scenarios.registration_workbooks import line, new_id, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client, reg, settings):
    settings.JIANGXIN_JOB_THRESHOLD_ROWS = 2
    client.force_login(reg.organizer)
    return client


def upload(client, reg, data):
    url = reverse("competitions:import_upload", args=[reg.competition.slug])
    return client.post(url, {"file": SimpleUploadedFile("报名表.xlsx", data)})


def three_people():
    return workbook([line("张伟", new_id()), line("李娜", new_id("F")), line("王强", new_id())])


def test_a_big_sheet_is_checked_by_a_job_then_saved_by_another_after_confirmation(organiser, reg):
    response = upload(organiser, reg, three_people())
    check = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job_detail", args=[check.pk])
    assert check.kind == Job.Kind.IMPORT_CHECK and check.status == JobStatus.SUCCEEDED
    assert check.rows_done == check.rows_total == 3
    assert not Entry.objects.exists()

    page = organiser.get(response["Location"]).content.decode()
    assert 'id="dry-run-table"' in page and "确认导入 3 条报名" in page and "张伟" in page
    assert reverse("core:job_confirm", args=[check.pk]) in page

    confirm = organiser.post(reverse("core:job_confirm", args=[check.pk]))
    save = Job.objects.exclude(pk=check.pk).get()
    assert confirm["Location"] == reverse("core:job_detail", args=[save.pk])
    assert save.kind == Job.Kind.IMPORT_SAVE and save.status == JobStatus.SUCCEEDED, save.message
    assert Entry.objects.count() == 3 and "已导入" in save.message
    assert not ImportStash.objects.exists()
    done = organiser.get(confirm["Location"]).content.decode()
    assert reverse("competitions:entry_list", args=[reg.competition.slug]) in done
    assert "已导入" in done and "尚未保存" not in done and 'id="confirm-import"' not in done
    # confirming twice does not import twice
    organiser.post(reverse("core:job_confirm", args=[check.pk]))
    assert Entry.objects.count() == 3


def test_a_failed_check_shows_every_row_error_like_the_synchronous_path(organiser, reg):
    upload(organiser, reg, workbook([line("张伟", new_id()), line("李娜", "123", phone="12"), line("王强", "1")]))
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.message.startswith("发现 3 处问题")
    page = organiser.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert page.count("发现 3 处问题，未导入任何数据") == 1  # the report's summary, not twice
    assert "<td>第4行</td><td>身份证号</td>" in page and "<td>第4行</td><td>手机号</td>" in page
    assert "<td>第5行</td><td>身份证号</td>" in page
    assert 'id="confirm-import"' not in page and not ImportStash.objects.exists()
    assert organiser.post(reverse("core:job_confirm", args=[job.pk])).status_code == 404


def test_a_worker_failing_while_saving_leaves_the_database_unchanged_and_the_job_failed(organiser, reg, monkeypatch):
    upload(organiser, reg, three_people())
    check = Job.objects.get()
    real_save = EntryImporter.save

    def save_then_die(self, report):
        real_save(self, report)  # every row written inside the import's transaction …
        assert Entry.objects.count() == 3
        raise RuntimeError("worker lost")  # … then the worker dies before the commit

    monkeypatch.setattr(EntryImporter, "save", save_then_die)
    organiser.post(reverse("core:job_confirm", args=[check.pk]))
    save = Job.objects.exclude(pk=check.pk).get()
    assert save.status == JobStatus.FAILED and "未保存任何数据" in save.message
    assert not Entry.objects.exists()


def test_a_small_sheet_stays_on_the_synchronous_path(client, reg, settings):
    settings.JIANGXIN_JOB_THRESHOLD_ROWS = 2000
    client.force_login(reg.organizer)
    response = upload(client, reg, three_people())
    assert response.status_code == 200 and "确认导入 3 条报名" in response.content.decode()
    assert not Job.objects.exists()
