"""History import: all or nothing, every bad row reported, people and units matched."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from awards.importers import HistoryImporter
from awards.models import Award
from core.idcard import make_demo_id_number
from core.models import ImportRecord, ImportStash
from directory.models import Organization, Person
from tests.factories import AwardFactory, PersonFactory


def import_history(data, *, filename, dry_run=True, user=None, create_units=False, parent=None):
    importer = HistoryImporter(by=user, create_units=create_units, parent=parent)
    return importer.run(data, filename=filename, dry_run=dry_run)


HEADER = ["姓名", "集体名称", "性别", "身份证号", "工作单位", "职务", "荣誉称号", "年份", "授予单位", "文号"]


def xlsx(rows, header=HEADER, title_rows=1) -> bytes:
    wb = Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["历年表彰名单"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_valid_file_is_imported_with_people_matched_and_created(world):
    known = PersonFactory(name="李娜", employer=world["a_co"], id_number=None, gender="F")
    id_number = make_demo_id_number("120102", __import__("datetime").date(1980, 1, 2), 7, "M")
    data = xlsx(
        [
            ["李娜", None, "女", None, "甲公司", "焊工", "市五一劳动奖章", 2019, "市总工会", "市工发〔2019〕3号"],
            ["张 强", None, "男", id_number, "乙公司", "技师", "市五一劳動獎章", "2020年", None, None],
            [None, "甲公司", None, None, None, None, "市 工人先锋号", 2021, "某某委员会", None],
        ]
    )
    report = import_history(data, filename="历史.xlsx", dry_run=False)
    assert report.ok, report.errors
    assert (report.awards_created, report.people_created, report.people_matched, report.collectives_matched) == (
        3,
        1,
        1,
        1,
    )
    award = Award.objects.get(person=known)
    assert (award.year, award.decision_number, award.conferring_org, award.unit_and_title) == (
        2019,
        "市工发〔2019〕3号",
        world["city"],
        "甲公司焊工",
    )
    created = Person.objects.get(id_number=id_number)
    assert (created.name, created.employer, created.gender) == ("张 强", world["b_co"], "M")
    assert Award.objects.get(person=created).honor_type == world["medal"]  # Traditional + spacing matched
    collective = Award.objects.get(organization=world["a_co"])
    assert (collective.conferring_org, collective.note) == (None, "授予单位：某某委员会")
    record = ImportRecord.objects.get()
    assert (record.kind, record.rows, record.created_count, record.filename) == ("awards_history", 3, 3, "历史.xlsx")
    assert len(record.sha256) == 64


def test_every_bad_row_is_reported_with_row_column_and_reason_and_nothing_is_saved(world):
    AwardFactory(
        person=PersonFactory(name="王五", employer=world["a_co"], id_number=None), honor_type=world["medal"], year=2018
    )
    data = xlsx(
        [
            ["赵六", None, "男", None, "甲公司", "焊工", "市五一劳动奖章", 2019, None, None],  # fine
            ["钱七", None, "男", None, "不存在的公司", "", "市五一劳动奖章", 2019, None, None],
            ["孙八", None, "男", "12345", "甲公司", "", "市五一劳动奖章", 2019, None, None],
            ["周九", None, "男", None, "甲公司", "", "国际劳动奖", 2019, None, None],
            ["吴十", None, "男", None, "甲公司", "", "市五一劳动奖章", "去年", None, None],
            [None, None, None, None, "甲公司", "", "市五一劳动奖章", 2019, None, None],
            ["郑一", None, "男", None, "甲公司", "", "市工人先锋号", 2019, None, None],
            ["王五", None, "男", None, "甲公司", "", "市五一劳动奖章", 2018, None, None],
            ["赵六", None, "男", None, "甲公司", "焊工", "市五一劳动奖章", 2019, None, None],
            ["冯二", None, "男", None, None, "", "市五一劳动奖章", 2019, None, None],
            ["陈三", None, "其他", None, "甲公司", "", "市五一劳动奖章", 2019, None, None],
        ]
    )
    report = import_history(data, filename="bad.xlsx", dry_run=False)
    got = {(e.row, e.column): e.message for e in report.errors}
    assert "不存在的公司" in got[(4, "工作单位")]
    assert "身份证号应为18位" in got[(5, "身份证号")]
    assert "不在荣誉目录中" in got[(6, "荣誉称号")]
    assert "不是有效的年份" in got[(7, "年份")]
    assert "“姓名”或“集体名称”之一" in got[(8, "")]
    assert "授予集体" in got[(9, "荣誉称号")]
    assert "已有相同的表彰记录" in got[(10, "")]
    assert "与第3行重复" in got[(11, "")]
    assert "工作单位不能为空" in got[(12, "工作单位")]
    assert "应填“男”或“女”" in got[(13, "性别")]
    assert len(report.errors) == 10
    assert str(report.errors[0]).startswith("第4行 工作单位：")
    assert Award.objects.count() == 1 and not ImportRecord.objects.exists()
    assert not Person.objects.filter(name="赵六").exists()


def test_unknown_units_are_created_only_when_asked(world):
    data = xlsx([["钱七", None, "男", None, "新开的公司", "焊工", "市五一劳动奖章", 2019, None, None]])
    assert not import_history(data, filename="x.xlsx", dry_run=True).ok
    report = import_history(data, filename="x.xlsx", dry_run=False, create_units=True, parent=world["a"])
    assert report.ok and report.units_created == 1
    unit = Organization.objects.get(name="新开的公司")
    assert unit.parent == world["a"] and unit.source == "历史导入：x.xlsx"


def test_id_number_matches_a_person_and_a_name_mismatch_is_an_error(world):
    person = PersonFactory(name="周杰", employer=world["b_co"])
    ok = xlsx([["周杰", None, None, person.id_number, "乙公司", "", "市五一劳动奖章", 2019, None, None]])
    assert import_history(ok, filename="x.xlsx", dry_run=True).people_matched == 1
    bad = xlsx([["周伦", None, None, person.id_number, "乙公司", "", "市五一劳动奖章", 2019, None, None]])
    [error] = import_history(bad, filename="x.xlsx", dry_run=True).errors
    assert "已登记为“周杰”" in error.message


def test_dry_run_saves_nothing(world):
    data = xlsx([["钱七", None, "男", None, "甲公司", "", "市五一劳动奖章", 2019, None, None]])
    report = import_history(data, filename="x.xlsx", dry_run=True)
    assert report.ok and report.awards_created == 1
    assert not Award.objects.exists() and not Person.objects.filter(name="钱七").exists()


def test_missing_columns_and_broken_files_are_reported(world):
    report = import_history(xlsx([["x"]], header=["姓名", "年份"]), filename="x.xlsx")
    assert "荣誉称号" in report.errors[0].message
    [error] = import_history(b"not a spreadsheet", filename="x.xlsx").errors
    assert "不是真正的 Excel 工作簿" in error.message


def test_web_import_checks_then_confirms(client, world):
    client.force_login(world["users"]["city"])
    url = reverse("awards:history_import")
    assert client.get(url).status_code == 200
    upload = io.BytesIO(xlsx([["钱七", None, "男", None, "甲公司", "", "市五一劳动奖章", 2019, None, None]]))
    upload.name = "名单.xlsx"
    response = client.post(url, {"file": upload})
    html = response.content.decode()
    assert "检查通过" in html and "确认导入 1 条表彰记录" in html and not Award.objects.exists()
    token = str(response.context["token"])
    confirm = reverse("awards:history_import_confirm")
    other = Client()
    other.force_login(world["users"]["a"])
    assert other.post(confirm, {"token": token})["Location"] == url  # not theirs: back to the upload page
    assert not Award.objects.exists()
    assert client.get(confirm).status_code == 405
    response = client.post(confirm, {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("awards:award_list")
    assert not ImportStash.objects.exists()
    assert Award.objects.get().recipient_name == "钱七"
    assert ImportRecord.objects.get().imported_by == world["users"]["city"]


def test_web_import_reports_errors_and_refuses_units_outside_the_users_scope(client, world):
    client.force_login(world["users"]["a"])
    upload = io.BytesIO(xlsx([["钱七", None, "男", None, "乙公司", "", "市五一劳动奖章", 2019, None, None]]))
    upload.name = "名单.xlsx"
    html = client.post(reverse("awards:history_import"), {"file": upload}).content.decode()
    assert "发现 1 处问题" in html and "找不到工作单位“乙公司”" in html
    assert "<td>第3行</td><td>工作单位</td>" in html
    assert not Award.objects.exists()


def test_web_import_is_not_for_viewers(client, world):
    client.force_login(world["users"]["city_viewer"])
    assert client.get(reverse("awards:history_import")).status_code == 404


def test_command_imports_and_reports(world, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([["钱七", None, "男", None, "甲公司", "", "市五一劳动奖章", 2019, None, None]]))
    call_command("import_awards", str(good), "--dry-run")
    assert not Award.objects.exists()
    call_command("import_awards", str(good))
    assert Award.objects.count() == 1
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([["钱七", None, "男", None, "无此单位", "", "市五一劳动奖章", 2019, None, None]]))
    with pytest.raises(CommandError, match="发现1处错误"):
        call_command("import_awards", str(bad))
    assert "第3行 工作单位：找不到工作单位“无此单位”" in capsys.readouterr().err
    call_command("import_awards", str(bad), "--create-units", "--parent", "甲工会")
    assert Organization.objects.get(name="无此单位").parent == world["a"]
    with pytest.raises(CommandError, match="--parent"):
        call_command("import_awards", str(bad), "--create-units")


def test_the_number_of_queries_does_not_grow_with_the_rows(world):
    """Lookups are made in bulk: ~3 queries per row before, the same count for 10 rows as for 200."""
    people = [PersonFactory(name=f"职工{i}", employer=world["a_co"], id_number=None) for i in range(100)]
    known = [PersonFactory(name=f"技师{i}", employer=world["b_co"]) for i in range(100)]

    def queries(year: int, collective: str, n: int) -> int:
        rows = []
        for i in range(n):
            if i % 3 == 0:
                p = known[i // 3]
                rows.append([p.name, None, None, p.id_number, "乙公司", "", "市五一劳动奖章", year, "市总工会", None])
            elif i % 3 == 1:
                name = people[i // 3].name
                rows.append([name, None, "男", None, "甲公司", "焊工", "市五一劳动奖章", year, None, None])
            else:
                rows.append([None, collective, None, None, None, None, "市工人先锋号", 1950 + i // 3, None, None])
        with CaptureQueriesContext(connection) as ctx:
            report = import_history(xlsx(rows), filename="历史.xlsx", dry_run=False)
        assert report.saved, [str(e) for e in report.errors]
        return len(ctx.captured_queries)

    assert queries(2001, "甲公司", 10) == queries(2002, "乙公司", 200)
    assert Award.objects.count() == 210


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a spreadsheet",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048,
        b"PK\x03\x04" + b"\0" * 100,
        "<html><body><table><tr><td>姓名</td></tr></table></body></html>".encode(),
    ],
)
def test_hostile_uploads_are_a_message_never_a_server_error(client, world, data):
    client.force_login(world["users"]["city"])
    upload = io.BytesIO(data)
    upload.name = "名单.xlsx"
    response = client.post(reverse("awards:history_import"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "alert-danger" in page or "invalid-feedback" in page
    assert 'name="token"' not in page and not Award.objects.exists() and not ImportStash.objects.exists()
