"""Score sheets: the template, all-or-nothing validation with every row's problems, the command."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from competitions.importers.scores import ScoreImporter, score_template_sheets
from competitions.models import EntryStatus, Mark, ScoreChange, ScoreChangeField
from competitions.services.common import ScoringLocked
from competitions.services.marks import mark_save, marks_import
from competitions.services.results import event_lock_scores
from core.models import ImportRecord, ImportStash
from core.spreadsheets import write_workbook
from tests.scenarios.contests import D, add_entries, withdraw

pytestmark = pytest.mark.django_db


def xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def field(contest):
    return add_entries(contest["event"], 3)


HEADER = ["参赛号", "姓名", "理论成绩", "实操成绩"]


def check(contest, data, *, user=None):
    """The pipeline's check (dry run): every error, or the preview's counts."""
    return ScoreImporter(contest["event"], by=user or contest["manager"]).run(data, filename="成绩.xlsx", dry_run=True)


def import_rows(contest, rows, *, user=None, dry_run=False, header=HEADER):
    report = ScoreImporter(contest["event"], by=user or contest["manager"]).run(
        xlsx([header, *rows]), filename="成绩.xlsx", dry_run=dry_run
    )
    assert report.ok, [str(e) for e in report.errors]
    assert report.saved != dry_run
    return report


def test_a_valid_sheet_becomes_imported_marks_with_an_audit_trail(contest, field):
    summary = import_rows(contest, [["001", "选手1", 88.5, 91.25], ["002", "选手2", "90", "80.5"]])
    assert (summary.rows, summary.created, summary.updated) == (2, 4, 0)
    marks = {(m.entry_id, m.component.key): m for m in Mark.objects.select_related("component")}
    assert marks[(field[0].pk, "theory")].value == Decimal("88.50")
    assert marks[(field[1].pk, "practical")].value == Decimal("80.50")
    assert all(m.judge_id is None for m in marks.values())
    change = ScoreChange.objects.filter(entry=field[0], component=contest["theory"]).get()
    assert change.field == ScoreChangeField.IMPORT
    assert (change.new_value, change.changed_by) == ("88.50", contest["manager"])
    assert "成绩.xlsx 第 2 行" in change.reason
    record = ImportRecord.objects.get(kind="scores")
    assert (record.rows, record.created_count, record.imported_by) == (2, 4, contest["manager"])


def test_every_problem_of_every_row_is_reported_and_nothing_is_saved(contest, field):
    withdraw(field[2])
    rows = [
        ["001", "选手1", 88, 91],  # fine
        ["001", "选手1", 70, 70],  # the same contestant twice
        ["002", "张三", 101, "八十"],  # wrong name, out of range, not a number
        ["003", "选手3", 80, 80],  # withdrawn
        ["999", "选手9", 80, 80],  # unknown bib
        ["", "选手2", 80.555, -1],  # no identifier, three decimals, negative
    ]
    sheet = check(contest, xlsx([HEADER, *rows]))
    problems = [(e.row, e.column, e.message) for e in sheet.errors]
    assert [(row, column) for row, column, _m in problems] == [
        (3, ""),
        (4, "姓名"),
        (4, "理论成绩"),
        (4, "实操成绩"),
        (5, ""),
        (6, "参赛号"),
        (7, "参赛号"),
        (7, "理论成绩"),
        (7, "实操成绩"),
    ]
    text = "\n".join(str(e) for e in sheet.errors)
    assert "与第 2 行是同一选手" in text
    assert "姓名“张三”与该选手（选手2）不符" in text
    assert "101 超出范围：应在 0 到 100 之间" in text
    assert "“八十”不是数字" in text
    assert "已退赛" in text
    assert "参赛号 999 不是本赛项的选手" in text
    assert "请填写参赛号或身份证号" in text
    assert "80.555 超过两位小数" in text
    with pytest.raises(Exception, match="未导入任何成绩"):
        marks_import(sheet=sheet, by=contest["manager"], filename="x.xlsx")
    assert not Mark.objects.exists() and not ScoreChange.objects.exists()


def test_contestants_can_be_identified_by_id_number_and_both_identifiers_must_agree(contest, field):
    header = ["参赛号", "身份证号", "姓名", "理论成绩", "实操成绩"]
    rows = [
        ["", field[0].person.id_number, "选手1", 80, 90],
        ["002", field[2].person.id_number, "选手2", 80, 90],
        ["", "120101199005171234", "选手3", 80, 90],
        ["", 120101199005171234, "选手3", 80, 90],
    ]
    sheet = check(contest, xlsx([header, *rows]))
    messages = [str(e) for e in sheet.errors]
    assert len(sheet.scores) == 1 and sheet.scores[0].entry == field[0]
    assert any("参赛号和身份证号不是同一位选手" in m for m in messages)
    assert any(m.startswith("第4行 身份证号：") for m in messages)  # check digit or unknown: reported on its cell
    assert any("身份证号被存成了数字" in m for m in messages)


def test_names_match_despite_spacing_and_traditional_characters(contest):
    entry = add_entries(contest["event"], 1)[0]
    entry.person.name = "刘国强"
    entry.person.save()
    assert check(contest, xlsx([HEADER, ["001", "劉 國強", 80, 80]])).ok


def test_blank_cells_change_nothing_and_a_second_import_updates_in_place(contest, field):
    import_rows(contest, [["001", "选手1", 80, 90]])
    summary = import_rows(contest, [["001", "选手1", None, 92], ["002", "选手2", None, None]])
    assert [str(n) for n in summary.notices] == ["1 行没有填写成绩，已跳过"]
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 0)
    theory = Mark.objects.get(entry=field[0], component=contest["theory"])
    practical = Mark.objects.get(entry=field[0], component=contest["practical"])
    assert (theory.value, theory.version) == (D("80"), 1)
    assert (practical.value, practical.version) == (D("92"), 2)
    assert ScoreChange.objects.filter(old_value="90.00", new_value="92.00").exists()


def test_a_dry_run_reports_the_same_counts_and_stores_nothing(contest, field):
    summary = import_rows(contest, [["001", "选手1", 80, 90]], dry_run=True)
    assert (summary.created, summary.dry_run, summary.saved) == (2, True, False)
    assert not Mark.objects.exists() and not ScoreChange.objects.exists() and not ImportRecord.objects.exists()


def test_time_column_when_the_event_records_time(contest, field):
    event = contest["event"]
    event.uses_time = True
    event.save()
    header = [*HEADER, "用时（分钟）"]
    summary = import_rows(contest, [["001", "选手1", 80, 90, 42.5], ["002", "选手2", 80, 90, "41分钟"]], header=header)
    assert summary.times == 2
    field[0].refresh_from_db()
    assert (field[0].time_minutes, field[0].time_version) == (D("42.50"), 1)
    sheet = check(contest, xlsx([header, ["003", "选手3", 80, 90, 0]]))
    assert [e.message for e in sheet.errors] == ["用时应大于 0 分钟"]


def test_a_component_named_differently_has_its_own_column(contest, field):
    practical = contest["practical"]
    practical.name = "实际操作"
    practical.save()
    sheet = check(contest, xlsx([["参赛号", "姓名", "实际操作成绩"], ["001", "选手1", 77]]))
    assert sheet.ok and sheet.scores[0].values == {practical: D("77.00")}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["姓名", "理论成绩"], ["选手1", 80]], "缺少“参赛号”或“身份证号”列"),
        ([["参赛号", "姓名", "备注"], ["001", "选手1", "x"]], "没有找到成绩列"),
        ([["参赛号", "理论成绩"], ["001", 80]], "缺少必填列：姓名"),
    ],
)
def test_unusable_sheets_are_refused_as_a_whole(contest, field, rows, message):
    [error] = check(contest, xlsx(rows)).errors
    assert error.row is None and message in error.message


def test_locked_scores_cannot_be_imported(contest, field):
    sheet = check(contest, xlsx([HEADER, ["001", "选手1", 80, 90]]))
    assert sheet.ok
    event_lock_scores(event=contest["event"], by=contest["chief"])
    with pytest.raises(ScoringLocked):
        marks_import(sheet=sheet, by=contest["manager"], filename="x.xlsx")
    # the check itself already says so, before anything is stored
    [error] = check(contest, xlsx([HEADER, ["001", "选手1", 80, 90]])).errors
    assert error.row is None and "成绩已锁定" in error.message


def test_only_organisers_import(contest, field):
    sheet = check(contest, xlsx([HEADER, ["001", "选手1", 80, 90]]))
    with pytest.raises(Exception, match="组织者"):
        marks_import(sheet=sheet, by=contest["chief"], filename="x.xlsx")
    [error] = check(contest, xlsx([HEADER, ["001", "选手1", 80, 90]]), user=contest["chief"]).errors
    assert "组织者" in error.message and not Mark.objects.exists()


def test_importing_over_judges_marks_says_the_import_now_counts(contest, field):
    mark_save(
        entry=field[0], component=contest["practical"], by=contest["judges"][0], value=D("70"), expected_version=None
    )
    mark_save(
        entry=field[0], component=contest["practical"], by=contest["judges"][1], value=D("72"), expected_version=None
    )
    preview = import_rows(contest, [["001", "选手1", 80, 90]], dry_run=True)
    assert (preview.overriding, preview.judge_marks) == (1, 2)
    assert "共 2 条裁判评分" in str(preview.notices[0])
    summary = import_rows(contest, [["001", "选手1", 80, 90]])
    assert (summary.overriding, summary.judge_marks) == (1, 2)
    assert len(summary.notices) == 1 and "以导入的成绩为准" in str(summary.notices[0])


def test_the_template_lists_the_contestants_and_reads_back_in(contest, field, tmp_path):
    withdraw(field[2])
    path = tmp_path / "template.xlsx"
    write_workbook(path, score_template_sheets(contest["event"]))
    wb = load_workbook(path)
    ws = wb.active
    assert [c.value for c in ws[2]] == ["序号", "参赛号", "姓名", "代表队", "理论成绩", "实操成绩"]
    assert [ws.cell(r, 2).value for r in (3, 4)] == ["001", "002"]  # withdrawn contestant left out
    assert ws.cell(3, 2).data_type == "s"  # bib as text, leading zeros kept
    assert ws.print_title_rows == "$2:$2"
    ws.cell(3, 5).value, ws.cell(3, 6).value = 85, 95
    ws.cell(4, 6).value = 70
    wb.save(path)
    sheet = check(contest, path.read_bytes())
    assert sheet.ok
    assert [(r.entry, dict((c.key, v) for c, v in r.values.items())) for r in sheet.scores] == [
        (field[0], {"theory": D("85"), "practical": D("95")}),
        (field[1], {"practical": D("70")}),
    ]


def test_the_import_scores_command(contest, field, tmp_path):
    path = tmp_path / "scores.xlsx"
    path.write_bytes(xlsx([HEADER, ["001", "选手1", 80, 90], ["002", "选手2", 85, 95]]))
    out = io.StringIO()
    call_command("import_scores", "test-contest", "焊工", str(path), "--dry-run", stdout=out)
    assert "检查通过（未保存）" in out.getvalue() and not Mark.objects.exists()
    call_command(
        "import_scores", "test-contest", str(contest["event"].pk), str(path), "--user", "organiser", stdout=out
    )
    assert Mark.objects.count() == 4
    assert ScoreChange.objects.filter(changed_by=contest["manager"]).count() == 4
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([HEADER, ["001", "选手1", 180, 90]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_scores", "test-contest", "焊工", str(bad), stderr=err)
    assert "180 超出范围" in err.getvalue()
    with pytest.raises(CommandError, match="没有赛项"):
        call_command("import_scores", "test-contest", "钳工", str(path))


def test_the_import_page_shows_every_error_and_saves_nothing(client, contest, field):
    client.force_login(contest["manager"])
    url = reverse("competitions:score_import", args=["test-contest", contest["event"].pk])
    upload = io.BytesIO(xlsx([HEADER, ["001", "选手9", 80, 90], ["002", "选手2", 80, 190]]))
    upload.name = "scores.xlsx"
    page = client.post(url, {"file": upload}).content.decode()
    assert "发现 2 处问题" in page and "选手9" in page and "190 超出范围" in page
    assert "<td>第3行</td><td>实操成绩</td>" in page
    assert not Mark.objects.exists() and not ImportStash.objects.exists()
    upload = io.BytesIO(xlsx([HEADER, ["001", "选手1", 80, 90]]))
    upload.name = "scores.xlsx"
    response = client.post(url, {"file": upload})
    assert "确认导入 1 行成绩" in response.content.decode() and not Mark.objects.exists()
    confirm = reverse("competitions:score_import_confirm", args=["test-contest", contest["event"].pk])
    response = client.post(confirm, {"token": str(response.context["token"])}, follow=True)
    assert "已导入 1 行" in response.content.decode()
    assert Mark.objects.count() == 2 and not ImportStash.objects.exists()


def test_the_check_previews_what_an_import_would_overwrite_before_anything_changes(client, contest, field):
    import_rows(contest, [["001", "选手1", 80, 90]])
    mark_save(
        entry=field[1], component=contest["theory"], by=contest["judges"][0], value=D("60"), expected_version=None
    )
    client.force_login(contest["manager"])
    url = reverse("competitions:score_import", args=["test-contest", contest["event"].pk])
    upload = io.BytesIO(xlsx([HEADER, ["001", "选手1", 85, 90], ["002", "选手2", 70, None]]))
    upload.name = "scores.xlsx"
    response = client.post(url, {"file": upload})
    counts = dict(response.context["report"].counts())
    assert counts["修改已导入的成绩"] == 1 and counts["未变"] == 1 and counts["新增成绩"] == 1
    assert counts["将取代的裁判评分"] == 1
    assert "共 1 条裁判评分" in response.content.decode()
    assert Mark.objects.get(entry=field[0], component=contest["theory"]).value == D("80")
    other = Client()
    other.force_login(contest["outsider"])
    confirm = reverse("competitions:score_import_confirm", args=["test-contest", contest["event"].pk])
    assert other.post(confirm, {"token": str(response.context["token"])}).status_code == 404
    client.post(confirm, {"token": str(response.context["token"])})
    assert Mark.objects.get(entry=field[0], component=contest["theory"]).value == D("85")


def test_the_number_of_queries_does_not_grow_with_the_rows(contest):
    add_entries(contest["event"], 210)

    def queries(first: int, n: int) -> int:
        rows = [[f"{i:03d}", f"选手{i}", 80, 90] for i in range(first, first + n)]
        data = xlsx([HEADER, *rows])
        with CaptureQueriesContext(connection) as ctx:
            report = ScoreImporter(contest["event"], by=contest["manager"]).run(data, filename="成绩.xlsx")
        assert report.saved, [str(e) for e in report.errors]
        return len(ctx.captured_queries)

    assert queries(1, 10) == queries(11, 200)
    assert Mark.objects.count() == 420


def test_a_damaged_upload_is_a_message_not_a_server_error(client, contest, field):
    client.force_login(contest["manager"])
    url = reverse("competitions:score_import", args=["test-contest", contest["event"].pk])
    upload = io.BytesIO(b"not a spreadsheet at all")
    upload.name = "scores.xlsx"
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode() and "整个文件" in response.content.decode()


def test_the_import_page_and_template_are_for_organisers_only(client, contest, field):
    for name in ("score_import", "score_template"):
        url = reverse(f"competitions:{name}", args=["test-contest", contest["event"].pk])
        for user, status in ((contest["chief"], 403), (contest["judges"][0], 403), (contest["outsider"], 404)):
            client.force_login(user)
            assert client.get(url).status_code == status, (name, user)
        client.force_login(contest["manager"])
        assert client.get(url).status_code == 200


def test_posting_without_the_csrf_token_is_refused(contest, field):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(contest["manager"])
    url = reverse("competitions:score_import", args=["test-contest", contest["event"].pk])
    assert csrf_client.post(url, {}).status_code == 403


def test_withdrawn_entries_are_refused_in_the_import(contest, field):
    withdraw(field[0], EntryStatus.DISQUALIFIED, "违规")
    sheet = check(contest, xlsx([HEADER, ["001", "选手1", 80, 90]]))
    assert ["已被取消资格" in e.message for e in sheet.errors] == [True]


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    return buf.getvalue()


HOSTILE = {
    "empty": b"",
    "html": "<html><body><table><tr><td>参赛号</td></tr></table></body></html>".encode(),
    "old_xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048,
    "truncated": xlsx([HEADER, ["001", "选手1", 80, 90]])[:900],
    "zip_bomb": _zip_bomb(),
    "not_a_workbook_zip": b"PK\x03\x04" + b"\0" * 100,
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_uploads_are_a_message_never_a_server_error(client, contest, field, kind):
    client.force_login(contest["manager"])
    url = reverse("competitions:score_import", args=["test-contest", contest["event"].pk])
    upload = io.BytesIO(HOSTILE[kind])
    upload.name = "scores.xlsx"
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "alert-danger" in page or "invalid-feedback" in page
    assert 'name="token"' not in page and not Mark.objects.exists() and not ImportStash.objects.exists()
