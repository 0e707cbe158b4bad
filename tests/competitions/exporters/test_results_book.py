"""The results book (成绩册): one printable sheet per event, by rank, withdrawn and disqualified after."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from competitions.exporters.results import ResultsBookExporter
from competitions.models import EntryStatus
from competitions.services.results import event_compute_results
from core.exports import ExportError
from directory.models import Gender
from tests.factories import EventFactory
from tests.scenarios.contests import D, add_entries, score, withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(contest):
    event = contest["event"]
    event.uses_time = True
    event.save()
    entries = add_entries(event, 5, gender=Gender.FEMALE)
    for entry, (t, p) in zip(entries, [(80, 90), (90, 80), (85, 85), (70, 95), (60, 60)], strict=True):
        score(entry, t, p, contest)
    entries[1].time_minutes = D("41.5")
    entries[1].save()
    withdraw(entries[3])
    withdraw(entries[4], EntryStatus.DISQUALIFIED, "违反安全规程")
    EventFactory(competition=contest["competition"], name="钳工")  # an event without entries
    event_compute_results(event=event, by=None)
    return entries


def rows_of(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_one_sheet_per_event_ranked_then_withdrawn_and_disqualified(contest, book, tmp_path):
    path = tmp_path / "book.xlsx"
    ResultsBookExporter(competition="test-contest").write(path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["焊工", "钳工"]
    rows = rows_of(wb["焊工"])
    assert "成绩册" in rows[0][0] and "成绩未锁定，仅供核对" in rows[0][0]
    assert rows[1] == [
        "名次", "参赛号", "姓名", "性别", "代表队",
        "理论（30%）", "实操（70%）", "用时（分钟）", "总成绩", "奖项", "备注",
    ]  # fmt: skip
    body = rows[2:]
    # 87.00 (选手1), 85.00 (选手3), 83.00 (选手2); then withdrawn, disqualified
    assert [(r[0], r[1], r[2], r[8], r[9], r[10]) for r in body] == [
        (1, "001", "选手1", 87, "一等奖", None),
        (2, "003", "选手3", 85, "三等奖", None),  # N = 3: 二等奖 ≤ round(0.9) = 1, 三等奖 ≤ round(1.8) = 2
        (3, "002", "选手2", 83, None, None),
        (None, "004", "选手4", 87.5, None, "已退赛"),
        (None, "005", "选手5", 60, None, "取消资格：违反安全规程"),
    ]
    assert body[2][7] == 41.5 and body[0][3] == "女"
    ws = wb["焊工"]
    assert ws.cell(3, 2).data_type == "s"  # 参赛号 is text
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert rows_of(wb["钳工"])[2:] == []


def test_no_id_number_or_phone_in_the_book(contest, book, tmp_path):
    path = tmp_path / "book.xlsx"
    ResultsBookExporter(competition="test-contest", event="焊工").write(path)
    values = {str(c.value) for row in load_workbook(path).active.iter_rows() for c in row if c.value is not None}
    for entry in book:
        assert entry.person.id_number not in values


def test_commands_export_results_and_export_results_exporter(contest, book, tmp_path):
    one = tmp_path / "one.xlsx"
    call_command("export_results", "test-contest", "焊工", "-o", str(one), stdout=io.StringIO())
    assert load_workbook(one).sheetnames == ["焊工"]
    every = tmp_path / "all.xlsx"
    call_command("export", "results", "test-contest", "-o", str(every), stdout=io.StringIO())
    assert load_workbook(every).sheetnames == ["焊工", "钳工"]
    with pytest.raises(CommandError, match="没有赛项“电工”"):
        call_command("export_results", "test-contest", "电工", "-o", str(one))
    with pytest.raises(CommandError, match="找不到竞赛"):
        call_command("export_results", "no-such-contest", "-o", str(one))


def test_unknown_event_is_an_export_error(contest, book):
    with pytest.raises(ExportError):
        ResultsBookExporter(competition=contest["competition"], event="999999")


def test_download_button_streams_the_book_for_the_organiser(client, contest, book):
    client.force_login(contest["manager"])
    url = reverse("competitions:results_book", args=["test-contest"])
    response = client.get(url, {"event": contest["event"].pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["焊工"]
    response = client.get(url, {"event": "nonsense"}, follow=True)
    assert "没有赛项“nonsense”" in response.content.decode()
