"""The importer from the web (upload → dry run → confirm) and from the command line."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from competitions.importers.entries import EntryImporter
from competitions.models import Entry
from competitions.services.entries import entry_register
from core.imports import STASH_MAX_AGE, stash_sweep
from core.models import ImportRecord, ImportStash
from directory.models import Organization, Person, Role
from tests.factories import PersonFactory
from tests.scenarios.registration_workbooks import line, new_id, workbook

pytestmark = pytest.mark.django_db


def upload(client, reg, data, **options):
    url = reverse("competitions:import_upload", args=[reg.competition.slug])
    return client.post(url, {"file": SimpleUploadedFile("报名表.xlsx", data), **options})


def token_of(response) -> str:
    return str(response.context["token"])


@pytest.fixture
def organiser(client, reg):
    client.force_login(reg.organizer)
    return client


def test_dry_run_shows_the_table_and_saves_nothing_then_confirm_saves(organiser, reg):
    data = workbook([line("张伟", new_id()), line("李娜", new_id("F"), unit="某市新公司")])
    response = upload(organiser, reg, data, create_units="on")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="dry-run-table"' in page and "确认导入 2 条报名" in page
    assert "某市新公司" in page and "01001" in page
    assert not Entry.objects.exists() and not Organization.objects.filter(name="某市新公司").exists()
    token = token_of(response)
    assert [str(pk) for pk in ImportStash.objects.values_list("pk", flat=True)] == [token]

    confirm = organiser.post(reverse("competitions:import_confirm", args=[reg.competition.slug]), {"token": token})
    assert confirm.status_code == 302
    assert confirm["Location"] == reverse("competitions:entry_list", args=[reg.competition.slug])
    assert Entry.objects.count() == 2
    record = ImportRecord.objects.get()
    assert record.imported_by == reg.organizer and record.summary["units_new"] == ["某市新公司"]
    assert not ImportStash.objects.exists()  # the stashed file is gone
    listing = organiser.get(confirm["Location"]).content.decode()
    assert "已导入 2 条报名" in listing and "张伟" in listing


def test_errors_are_listed_by_row_and_column(organiser, reg):
    response = upload(organiser, reg, workbook([line("张伟", new_id()), line("李娜", "123", phone="12")]))
    page = response.content.decode()
    assert 'id="import-errors"' in page and "发现 2 处问题，未导入任何数据" in page
    assert "<td>第4行</td><td>身份证号</td>" in page and "<td>第4行</td><td>手机号</td>" in page
    assert response.context["token"] is None and not ImportStash.objects.exists()


def test_confirm_revalidates_what_changed_since_the_dry_run(organiser, reg):
    number = new_id()
    response = upload(organiser, reg, workbook([line("张伟", number)]))
    token = token_of(response)
    person = PersonFactory(name="张伟", id_number=number, employer=reg.plant)
    entry_register(event=reg.welding, person=person, delegation=reg.plant, by=None)
    confirm = organiser.post(reverse("competitions:import_confirm", args=[reg.competition.slug]), {"token": token})
    assert confirm.status_code == 200
    assert "已报名“焊工”" in confirm.content.decode()
    assert Entry.objects.count() == 1 and not ImportRecord.objects.exists()


def test_the_stashed_file_belongs_to_the_uploader_only(organiser, reg, organizer_of):
    token = token_of(upload(organiser, reg, workbook([line("张伟", new_id())])))
    other = Client()
    other.force_login(organizer_of(reg.root, username="another-organiser"))
    url = reverse("competitions:import_confirm", args=[reg.competition.slug])
    upload_url = reverse("competitions:import_upload", args=[reg.competition.slug])
    # Not theirs, or no such token: back to the upload page with a message, nothing saved (never a bare 404).
    refused = other.post(url, {"token": token}, follow=True)
    assert refused.redirect_chain == [(upload_url, 302)]
    assert "没有找到待确认的导入" in refused.content.decode()
    assert not Entry.objects.exists()
    for bogus in ("../../etc/passwd", "", "00000000-0000-0000-0000-000000000000"):
        response = organiser.post(url, {"token": bogus})
        assert response.status_code == 302 and response["Location"] == upload_url
    assert not Entry.objects.exists() and ImportStash.objects.count() == 1


def test_confirming_the_same_upload_twice_says_it_was_imported(organiser, reg):
    """Back after confirming, then confirm again: "已导入", not "文件已过期", and nothing saved twice."""
    token = token_of(upload(organiser, reg, workbook([line("张伟", new_id())])))
    url = reverse("competitions:import_confirm", args=[reg.competition.slug])
    organiser.post(url, {"token": token})
    again = organiser.post(url, {"token": token}, follow=True)
    page = again.content.decode()
    assert again.redirect_chain == [(reverse("competitions:entry_list", args=[reg.competition.slug]), 302)]
    assert "这个文件已经导入过" in page and "已导入 1 条报名" in page and "过期" not in page
    assert Entry.objects.count() == 1 and ImportRecord.objects.count() == 1


def test_a_confirm_racing_another_confirm_of_the_same_file_says_it_was_imported(organiser, reg):
    """Two tabs confirm one file at once: the second's re-check runs after the first saved, so its rows
    look already registered. It is told the file was imported, not shown those rows as errors."""
    token = token_of(upload(organiser, reg, workbook([line("张伟", new_id())])))
    stash = ImportStash.objects.get(pk=token)
    url = reverse("competitions:import_confirm", args=[reg.competition.slug])
    # The other tab's request has read the stash too, before this one deletes it on saving.
    stash.pk = None
    stash.save()
    assert organiser.post(url, {"token": token}).status_code == 302
    other_tab = Client()
    other_tab.force_login(reg.organizer)
    again = other_tab.post(url, {"token": str(stash.pk)}, follow=True)
    page = again.content.decode()
    assert again.redirect_chain == [(reverse("competitions:entry_list", args=[reg.competition.slug]), 302)]
    assert "这个文件已经由另一次确认导入" in page
    assert Entry.objects.count() == 1 and ImportRecord.objects.count() == 1


def test_an_expired_stash_asks_for_the_file_again(organiser, reg):
    token = token_of(upload(organiser, reg, workbook([line("张伟", new_id())])))
    ImportStash.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = organiser.post(reverse("competitions:import_confirm", args=[reg.competition.slug]), {"token": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("competitions:import_upload", args=[reg.competition.slug])
    assert not Entry.objects.exists() and not ImportStash.objects.exists()


def test_a_tampered_stash_is_refused(organiser, reg):
    token = token_of(upload(organiser, reg, workbook([line("张伟", new_id())])))
    ImportStash.objects.update(data=workbook([line("坏人", new_id())]))
    organiser.post(reverse("competitions:import_confirm", args=[reg.competition.slug]), {"token": token})
    assert not Entry.objects.exists()


def test_a_new_upload_replaces_the_users_earlier_stash(organiser, reg):
    upload(organiser, reg, workbook([line("张伟", new_id())]))
    token = token_of(upload(organiser, reg, workbook([line("李娜", new_id("F"))])))
    assert [str(pk) for pk in ImportStash.objects.values_list("pk", flat=True)] == [token]


def test_only_organisers_of_the_organiser_may_import(client, reg, organizer_of):
    viewer = organizer_of(reg.root, role=Role.VIEWER, username="viewer")
    client.force_login(viewer)
    url = reverse("competitions:import_upload", args=[reg.competition.slug])
    assert client.get(url).status_code == 403
    assert client.get(reverse("competitions:import_template", args=[reg.competition.slug])).status_code == 200
    client.force_login(organizer_of(reg.other, username="outsider"))
    assert client.get(url).status_code == 404
    unit_organiser = organizer_of(reg.plant, username="plant-organiser")
    client.force_login(unit_organiser)
    assert client.get(url).status_code == 404  # the competition is above the unit: not visible


def test_confirm_needs_post_and_csrf(reg):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reg.organizer)
    url = reverse("competitions:import_confirm", args=[reg.competition.slug])
    assert client.get(url).status_code == 405
    assert client.post(url, {"token": "x"}).status_code == 403


def test_template_download_has_the_columns_and_text_formats_and_reads_back(organiser, reg):
    response = organiser.get(reverse("competitions:import_template", args=[reg.competition.slug]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["报名表"]
    assert ws["A1"].value == "2024年某市职工职业技能大赛报名表"
    assert ws["A2"].value.startswith("填写说明")
    header = [c.value for c in ws[3]]
    assert header == [
        "序号",
        "姓名*",
        "性别",
        "民族",
        "身份证号*",
        "手机号",
        "工作单位*",
        "职务",
        "赛项*",
        "代表队",
        "技能等级",
        "队名",
    ]
    assert ws["E4"].number_format == "@" and ws["F4"].number_format == "@"
    assert wb["选项"].sheet_state == "hidden"
    assert [c.value for c in wb["选项"]["B"] if c.value] == ["焊工", "汽车维修工（新能源汽车）", "电工团体赛"]
    assert len(ws.data_validations.dataValidation) == 3
    # filled in, it imports
    ws.append([1, "张伟", "男", "汉族", new_id(), "13800138000", "某市第一机床厂", "", "焊工", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    assert EntryImporter(reg.competition, force=True).run(buf.getvalue(), filename="t.xlsx").saved


def test_template_never_turns_names_into_formulas(organiser, reg):
    from competitions.services.events import event_create

    event_create(competition=reg.competition, by=None, name='=HYPERLINK("http://x","点我")')
    response = organiser.get(reverse("competitions:import_template", args=[reg.competition.slug]))
    wb = load_workbook(io.BytesIO(response.content))
    cell = wb["选项"]["B4"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


# --- command line -----------------------------------------------------------------------------


def test_command_success_prints_one_summary_line(reg, tmp_path, capsys):
    path = tmp_path / "报名表.xlsx"
    path.write_bytes(workbook([line("张伟", new_id()), line("李娜", new_id("F"))]))
    call_command("import_entries", reg.competition.slug, str(path))
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [
        "已导入 2 条报名（2 行）：新建人员 2 人，沿用已有人员 0 人（补全信息 0 人） → 2024年某市职工职业技能大赛"
    ]
    assert Entry.objects.count() == 2 and ImportRecord.objects.get().imported_by is None


def test_command_by_id_with_dry_run_create_units_and_user(reg, tmp_path, capsys):
    path = tmp_path / "报名表.xlsx"
    path.write_bytes(workbook([line("张伟", new_id(), unit="某市新公司")]))
    call_command("import_entries", str(reg.competition.pk), str(path), "--dry-run", "--create-units")
    assert capsys.readouterr().out.startswith("试运行（未保存）：将导入 1 条报名")
    assert not Person.objects.exists()
    call_command("import_entries", str(reg.competition.pk), str(path), "--create-units", "--user", "city-organizer")
    assert ImportRecord.objects.get().imported_by == reg.organizer
    assert Entry.objects.get().registered_by == reg.organizer


def test_command_failure_lists_one_line_per_error(reg, tmp_path):
    path = tmp_path / "报名表.xlsx"
    path.write_bytes(workbook([line("张伟", "123"), line("", new_id(), event="跳高")]))
    with pytest.raises(CommandError) as info:
        call_command("import_entries", reg.competition.slug, str(path))
    lines = str(info.value).splitlines()
    assert lines[0] == "导入失败，共 3 处问题，未保存任何数据："
    assert lines[1] == "第3行 身份证号：身份证号应为18位，当前为3位"
    assert lines[2] == "第4行 姓名：姓名不能为空"
    assert lines[3].startswith("第4行 赛项：“跳高”不是本竞赛的赛项")
    assert not Person.objects.exists()


def test_stash_sweep_deletes_expired_uploads(organiser, reg):
    upload(organiser, reg, workbook([line("张伟", new_id())]))
    assert stash_sweep() == 0
    assert stash_sweep(now=timezone.now() + STASH_MAX_AGE + timedelta(seconds=1)) == 1
    assert not ImportStash.objects.exists()


def test_the_number_of_queries_does_not_grow_with_the_rows(reg):
    reg.welding.places_per_delegation = None
    reg.welding.save()

    def queries(n: int, first: int) -> int:
        rows = [line(f"张{chr(0x4E00 + first + i)}", new_id()) for i in range(n)]
        data = workbook(rows)
        with CaptureQueriesContext(connection) as ctx:
            report = EntryImporter(reg.competition, force=True).run(data, filename="报名表.xlsx")
        assert report.saved, [str(e) for e in report.errors]
        return len(ctx.captured_queries)

    assert queries(10, 0) == queries(200, 100)
    assert Entry.objects.count() == 210
