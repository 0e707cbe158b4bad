"""Hostile and broken uploads: a clear message, nothing saved, never a 500 — on the web and the command line."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from competitions.models import Entry
from core.models import ImportRecord
from directory.models import Person
from tests.scenarios.registration_workbooks import line, new_id, workbook

pytestmark = pytest.mark.django_db


def good_rows(n=3):
    return [line(f"张{chr(0x4E00 + i)}", new_id()) for i in range(n)]


def zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    return buf.getvalue()


def formula_sheet() -> bytes:
    return workbook([line("=1+1", new_id()), line("李娜", "=A1&B1")])


HOSTILE = {
    "renamed_csv": ("姓名,身份证号,工作单位,赛项\n张伟,120101199005170011,某市第一机床厂,焊工\n".encode("gbk"), "CSV"),
    "old_xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048, ".xls"),
    "html_page": ("<html><body><table><tr><td>姓名</td></tr></table></body></html>".encode(), "网页文件"),
    "empty": (b"", "0 字节"),
    "truncated": (workbook(good_rows())[:1500], "损坏"),
    "zip_bomb": (zip_bomb(), "压缩"),
    "not_a_workbook_zip": (b"PK\x03\x04" + b"\0" * 100, "损坏"),
    "formula_cells": (formula_sheet(), "公式"),
}


def nothing_saved():
    return not Entry.objects.exists() and not Person.objects.exists() and not ImportRecord.objects.exists()


@pytest.fixture
def organiser_client(client, reg):
    client.force_login(reg.organizer)
    return client


def upload(client, reg, data, name="报名表.xlsx", **options):
    url = reverse("competitions:import_upload", args=[reg.competition.slug])
    return client.post(url, {"file": io_file(data, name), **options})


def io_file(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_upload_through_the_web_gives_a_message_and_saves_nothing(organiser_client, reg, kind):
    data, expected = HOSTILE[kind]
    response = upload(organiser_client, reg, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert expected in page, kind
    assert 'name="token"' not in page  # no confirm button
    assert nothing_saved()


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_through_the_command_fails_with_the_message(reg, tmp_path, kind):
    data, expected = HOSTILE[kind]
    path = tmp_path / "报名表.xlsx"
    path.write_bytes(data)
    with pytest.raises(CommandError) as info:
        call_command("import_entries", reg.competition.slug, str(path), "--force")
    assert expected in str(info.value)
    assert nothing_saved()


def test_too_many_rows_counted_while_reading(organiser_client, reg, settings, tmp_path):
    settings.JIANGXIN_IMPORT_MAX_ROWS = 5
    data = workbook(good_rows(6))
    response = upload(organiser_client, reg, data)
    assert "行数超过上限：最多 5 行" in response.content.decode()
    path = tmp_path / "big.xlsx"
    path.write_bytes(data)
    with pytest.raises(CommandError, match="行数超过上限"):
        call_command("import_entries", reg.competition.slug, str(path))
    assert nothing_saved()


def test_file_over_the_upload_limit_is_refused_before_reading(organiser_client, reg, settings, tmp_path):
    data = workbook(good_rows(3))
    settings.JIANGXIN_UPLOAD_MAX_BYTES = len(data) - 1
    response = upload(organiser_client, reg, data)
    assert response.status_code == 200
    assert "上限" in response.content.decode()
    path = tmp_path / "big.xlsx"
    path.write_bytes(data)
    with pytest.raises(CommandError, match="上限"):
        call_command("import_entries", reg.competition.slug, str(path))
    assert nothing_saved()


def test_missing_file_and_unknown_competition_on_the_command_line(reg, tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_entries", reg.competition.slug, str(tmp_path / "nope.xlsx"))
    with pytest.raises(CommandError, match="找不到竞赛"):
        call_command("import_entries", "no-such-competition", str(tmp_path / "nope.xlsx"))
