"""People across organisations (README “谁的数据”) on the honours side: the history import never
names the person behind an ID number, never attaches an award to another organisation's person and
never files an award under another organisation as its conferring body; a unit nominates only its
own people."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from awards.importers import HistoryImporter
from awards.models import Award, Nomination
from core.errors import DomainError
from tests.factories import PersonFactory

HEADER = ["姓名", "集体名称", "性别", "身份证号", "工作单位", "职务", "荣誉称号", "年份", "授予单位", "文号"]
SECRET_PHONE = "13987654321"


def xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def history(user, rows, *, dry_run=True):
    return HistoryImporter(by=user).run(xlsx(rows), filename="历史.xlsx", dry_run=dry_run)


@pytest.fixture
def b_worker(world):
    """A worker of 乙公司, whose record 乙工会 (and 市总工会) own — not 甲工会."""
    return PersonFactory(name="周杰", employer=world["b_co"], phone=SECRET_PHONE)


def test_history_import_never_names_the_person_behind_another_organisations_id_number(world, b_worker):
    report = history(world["users"]["a"], [["路人甲", None, None, b_worker.id_number, "甲公司", "", "市五一劳动奖章",
                                            2019, None, None]])
    [error] = report.errors
    assert "另一姓名" in error.message
    assert b_worker.name not in error.message and "乙公司" not in error.message


def test_history_import_does_not_attach_an_award_to_another_organisations_person(world, b_worker):
    rows = [[b_worker.name, None, None, b_worker.id_number, "甲公司", "", "市五一劳动奖章", 2019, None, None]]
    report = history(world["users"]["a"], rows, dry_run=False)
    [error] = report.errors
    assert "属于其他单位" in error.message
    assert not Award.objects.exists()
    # its owner may
    assert history(world["users"]["b"], [[b_worker.name, None, None, b_worker.id_number, "乙公司", "", "市五一劳动奖章",
                                          2019, None, None]], dry_run=False).ok
    assert Award.objects.get().person == b_worker


def test_history_import_web_page_shows_no_detail_of_the_record(client, world, b_worker):
    client.force_login(world["users"]["a"])
    for name in ("路人甲", b_worker.name):
        upload = io.BytesIO(xlsx([[name, None, None, b_worker.id_number, "甲公司", "", "市五一劳动奖章", 2019, None,
                                   None]]))
        upload.name = "名单.xlsx"
        html = client.post(reverse("awards:history_import"), {"file": upload}).content.decode()
        assert "发现 1 处问题" in html and SECRET_PHONE not in html and "乙公司" not in html
        if name != b_worker.name:
            assert b_worker.name not in html
    assert not Award.objects.exists()


def test_history_import_units_are_the_importers_own_even_when_it_views_more(world):
    """A viewer role elsewhere (乙工会) does not let 甲工会's organiser import for 乙公司's people."""
    from directory.models import Membership, Role

    Membership.objects.create(user=world["users"]["a"], organization=world["b"], role=Role.VIEWER)
    row = ["钱七", None, "男", None, "乙公司", "", "市五一劳动奖章", 2019, None, None]
    report = history(world["users"]["a"], [row])
    assert [e.column for e in report.errors] == ["工作单位"]


def test_an_award_is_never_filed_under_another_organisation_as_conferring_body(client, world):
    rows = [
        ["钱七", None, "男", None, "甲公司", "", "市五一劳动奖章", 2019, "外省总工会", None],
        ["孙八", None, "男", None, "甲公司", "", "市五一劳动奖章", 2019, "乙工会", None],
        ["赵九", None, "男", None, "甲公司", "", "市五一劳动奖章", 2019, "市总工会", None],  # above the recipient
    ]
    report = history(world["users"]["a"], rows, dry_run=False)
    assert report.ok, report.errors
    by_name = {a.recipient_name: a for a in Award.objects.all()}
    assert by_name["钱七"].conferring_org is None and "外省总工会" in by_name["钱七"].note
    assert by_name["孙八"].conferring_org is None and "乙工会" in by_name["孙八"].note
    assert by_name["赵九"].conferring_org == world["city"]
    for user in (world["users"]["other"], world["users"]["b"]):
        client.force_login(user)
        html = client.get(reverse("awards:award_list")).content.decode()
        assert "钱七" not in html and "孙八" not in html and "赵九" not in html


def test_a_unit_nominates_only_its_own_people(client, world, b_worker):
    from awards.services import nominations as nomination_services

    with pytest.raises(DomainError):
        nomination_services.nomination_create(
            campaign=world["campaign"], by=world["users"]["a"], nominating_org=world["a"],
            honor_type=world["medal"], person=b_worker, citation="事迹",
        )
    client.force_login(world["users"]["a"])
    response = client.post(
        reverse("awards:nomination_create", args=[world["campaign"].pk, "person"]),
        {"nominating_org": world["a"].pk, "honor_type": world["medal"].pk, "person": b_worker.pk,
         "citation": "主要事迹：技术攻关，成绩突出。"},
    )
    assert response.status_code == 200
    assert not Nomination.objects.exists()
    assert SECRET_PHONE not in response.content.decode()
    # nor does 乙工会's nomination show up in 甲工会's records
    nomination_services.nomination_create(
        campaign=world["campaign"], by=world["users"]["b"], nominating_org=world["b"],
        honor_type=world["medal"], person=b_worker, citation="主要事迹：技术攻关，成绩突出。",
    )
    nomination = Nomination.objects.get()
    assert client.get(reverse("awards:nomination_detail", args=[nomination.pk])).status_code == 404
    campaign_page = client.get(reverse("awards:campaign_detail", args=[world["campaign"].pk])).content.decode()
    assert b_worker.name not in campaign_page
