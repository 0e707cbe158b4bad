"""Faults lose nothing: each import (报名表, 成绩表, 历史表彰) with a failure injected while it writes
its rows — at the first, a middle and the last row — leaves the database exactly as it was, and
the same file then imports cleanly.

The failure is injected into ``insert_many`` (the bulk writer every import saves its rows with),
with batches cut to 5 rows so that earlier batches, and the people, units and teams written before
the rows, are really in the database when the failure comes: the import's one transaction must
take all of it back. A RuntimeError stands for anything unexpected (a crashed worker, a full disk).
"""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

import core.bulk
from awards.importers import HistoryImporter
from awards.models import Award
from awards.services import history_import as history_services
from competitions.importers.entries import EntryImporter
from competitions.importers.scores import ScoreImporter
from competitions.models import Entry, Mark, ScoreChange, Team
from competitions.services import entry_imports as entry_services
from competitions.services import marks as mark_services
from core.idcard import make_demo_id_number
from core.models import ImportRecord
from directory.models import Organization, Person
from tests.scenarios.contests import add_entries, scoring_contest
from tests.scenarios.honours import honours_world
from tests.scenarios.organizations import org_tree
from tests.scenarios.registration import registration_world
from tests.scenarios.registration_workbooks import line, new_id, workbook

pytestmark = pytest.mark.django_db
ROWS = 25
MODELS = (Organization, Person, Entry, Team, Mark, ScoreChange, Award, ImportRecord)


class Injected(RuntimeError):
    pass


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def fail_at(monkeypatch, service_module, model, index):
    """Make ``service_module``'s insert_many raise when it reaches row ``index`` of ``model``."""
    real = core.bulk.insert_many
    reached = []

    def failing(target, rows):
        if target is not model:
            return real(target, rows)

        def until_failure():
            for i, row in enumerate(rows):
                if i == index:
                    reached.append(i)
                    raise Injected(f"第{i + 1}行写入时出错（注入的故障）")
                yield row

        return real(target, until_failure())

    monkeypatch.setattr(core.bulk, "BULK_BATCH", 5)
    monkeypatch.setattr(service_module, "insert_many", failing)
    return reached


def xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def chinese(n: int) -> str:
    return "".join("零一二三四五六七八九"[int(d)] for d in f"{n:02d}")


def assert_faults_lose_nothing(monkeypatch, run, service_module, model, rows_written):
    before = counts()
    for index in (0, rows_written // 2, rows_written - 1):
        with monkeypatch.context() as patch:
            reached = fail_at(patch, service_module, model, index)
            with pytest.raises(Injected):
                run()
            assert reached == [index]
        assert counts() == before, f"failure at row {index + 1} left rows behind"
    report = run()
    assert report.saved, [str(e) for e in report.errors]
    return before


def test_registration_import(monkeypatch):
    reg = registration_world()
    event = "汽车维修工（新能源汽车）"
    rows = [line(f"选手{chinese(k)}", new_id(), unit=f"新单位{chinese(k % 3)}", event=event) for k in range(ROWS)]
    data = workbook(rows)

    def run():
        return EntryImporter(reg.competition, create_units=True).run(data, filename="报名表.xlsx")

    before = assert_faults_lose_nothing(monkeypatch, run, entry_services, Entry, ROWS)
    after = counts()
    assert after["Entry"] - before["Entry"] == ROWS and after["Person"] - before["Person"] == ROWS
    assert after["Organization"] - before["Organization"] == 3


def test_score_import(monkeypatch):
    contest = scoring_contest(org_tree())
    entries = add_entries(contest["event"], ROWS)
    data = xlsx([["参赛号", "姓名", "理论成绩", "实操成绩"], *[[e.bib, e.person.name, 25, 60] for e in entries]])

    def run():
        return ScoreImporter(contest["event"], by=contest["manager"]).run(data, filename="成绩.xlsx")

    before = assert_faults_lose_nothing(monkeypatch, run, mark_services, Mark, 2 * ROWS)
    after = counts()
    assert after["Mark"] - before["Mark"] == 2 * ROWS and after["ImportRecord"] - before["ImportRecord"] == 1


def test_award_history_import(monkeypatch):
    world = honours_world()
    header = ["姓名", "集体名称", "性别", "身份证号", "工作单位", "职务", "荣誉称号", "年份", "授予单位", "文号"]
    def id_number(k):
        return make_demo_id_number("120102", dt.date(1980, 1, 2), k, "M")

    medal = ["市五一劳动奖章", 2019, "市总工会", "市工发〔2019〕3号"]
    rows = [[f"职工{chinese(k)}", None, "男", id_number(k), "甲公司", "焊工", *medal] for k in range(ROWS)]
    data = xlsx([header, *rows])

    def run():
        return HistoryImporter(by=None).run(data, filename="历史.xlsx")

    before = assert_faults_lose_nothing(monkeypatch, run, history_services, Award, ROWS)
    after = counts()
    assert after["Award"] - before["Award"] == ROWS and after["Person"] - before["Person"] == ROWS
    assert Award.objects.filter(honor_type=world["medal"]).count() == ROWS
