"""变更记录 of campaigns, nominations, objections and awards: services (each step of the pipeline),
the public objection form and the history import all leave history rows naming who acted."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from awards.importers import HistoryImporter
from awards.models import Award, Campaign, CampaignStatus, Nomination, NominationStatus, Objection
from awards.services import awards as award_services
from awards.services import campaigns as campaign_services
from awards.services import nominations as nomination_services
from awards.services import objections as objection_services
from core.idcard import make_demo_id_number
from directory.models import Person
from tests.scenarios.honours import TODAY, refresh

pytestmark = pytest.mark.django_db


def rows_of(model, pk):
    return list(model.history.filter(id=pk).order_by("history_id"))


def test_campaign_steps_are_recorded_with_the_organiser(world):
    rows = rows_of(Campaign, world["campaign"].pk)
    assert rows[0].history_type == "+"
    assert rows[-1].status == CampaignStatus.NOMINATING
    assert {r.history_user for r in rows} == {world["users"]["city"]}


def test_each_nomination_step_is_recorded_with_who_took_it(world, draft):
    nomination = draft()
    nomination_services.nomination_submit(nomination=nomination, by=world["users"]["a"], today=TODAY)
    nomination_services.nomination_approve(nomination=nomination, by=world["users"]["reviewer"])
    rows = rows_of(Nomination, nomination.pk)
    assert [(r.history_type, r.status, r.history_user) for r in rows] == [
        ("+", NominationStatus.DRAFT, world["users"]["a"]),
        ("~", NominationStatus.SUBMITTED, world["users"]["a"]),
        ("~", NominationStatus.APPROVED, world["users"]["reviewer"]),
    ]


def test_objections_answers_conferring_and_revoking_are_recorded(world, draft, worker):
    noms = []
    for i in range(2):
        n = draft(person=worker(name=f"候选{i}"))
        nomination_services.nomination_submit(nomination=n, by=world["users"]["a"], today=TODAY)
        nomination_services.nomination_approve(nomination=n, by=world["users"]["reviewer"])
        noms.append(n)
    city = world["users"]["city"]
    campaign_services.campaign_start_notice(
        campaign=world["campaign"], by=city, start=dt.date(2024, 4, 15), reason="测试：只有甲推荐"
    )
    objection = objection_services.objection_lodge(
        nomination=noms[1], name="张三", contact="13800001234", content="事迹不实。", today=dt.date(2024, 4, 16)
    )
    lodged = rows_of(Objection, objection.pk)
    assert [(r.history_type, r.history_user) for r in lodged] == [("+", None)]  # the public, anonymous
    objection_services.objection_answer(objection=objection, by=city, answer="经核查不属实", outcome="dismissed")
    answered = rows_of(Objection, objection.pk)[-1]
    assert (answered.history_type, answered.status, answered.history_user) == ("~", "answered", city)

    outcome = campaign_services.campaign_confer(
        campaign=world["campaign"],
        by=city,
        decision_number="市工发〔2024〕12号",
        decision_date=dt.date(2024, 4, 22),
        today=dt.date(2024, 4, 22),
    )
    award = outcome.awards[0]
    assert [(r.history_type, r.history_user) for r in rows_of(Award, award.pk)] == [("+", city)]
    assert rows_of(Campaign, world["campaign"].pk)[-1].decision_number == "市工发〔2024〕12号"
    award_services.award_revoke(award=award, by=city, reason="材料造假")
    revoked = rows_of(Award, award.pk)[-1]
    assert (revoked.status, revoked.revoked_reason, revoked.history_user) == ("revoked", "材料造假", city)
    conferred = rows_of(Nomination, refresh(noms[0]).pk)
    assert conferred[-1].history_user == city


def test_the_history_import_records_new_people_filled_ids_and_awards_with_the_importer(world, worker):
    known = worker(name="李娜", id_number=None)
    id_number = make_demo_id_number("120102", dt.date(1980, 1, 2), 7, "M")
    known_id = make_demo_id_number("120102", dt.date(1981, 3, 4), 9, "F")
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "集体名称", "性别", "身份证号", "工作单位", "职务", "荣誉称号", "年份", "授予单位", "文号"])
    ws.append(["李娜", None, "女", known_id, "甲公司", "焊工", "市五一劳动奖章", 2019, "市总工会", None])
    ws.append(["张强", None, "男", id_number, "乙公司", "技师", "市五一劳动奖章", 2020, None, None])
    buf = io.BytesIO()
    wb.save(buf)
    user = world["users"]["city"]
    report = HistoryImporter(by=user).run(buf.getvalue(), filename="历史.xlsx", dry_run=False)
    assert report.ok, report.errors
    created = Person.objects.get(id_number=id_number)
    assert [(r.history_type, r.history_user) for r in rows_of(Person, created.pk)] == [("+", user)]
    assert refresh(known).id_number == known_id  # filled in by the import: recorded as a change
    filled = rows_of(Person, known.pk)[-1]
    assert (filled.history_type, filled.id_number, filled.history_user) == ("~", known_id, user)
    assert Award.history.filter(history_type="+").count() == Award.objects.count() == 2
    assert set(Award.history.values_list("history_user", flat=True)) == {user.pk}
