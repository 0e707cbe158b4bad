"""公示名单 (notice): the roster layout for a campaign's 公示, without any personal data."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from awards.exporters import NoticeExporter
from awards.models import Campaign, CampaignStatus, HonorType, NominationStatus, RecipientKind
from awards.selectors.notices import notice_rows as notice_rows_of
from competitions.models import Level
from core.exports import ExportError, get_exporter
from tests.factories import NominationFactory, PersonFactory
from tests.scenarios.exports import (
    HOSTILE,
    assert_no_formulas,
    data_rows,
    export_bytes,
    read_back,
    sheet_rows,
    sheet_xml_parts,
    workbook,
)

pytestmark = pytest.mark.django_db

ID_LIKE = re.compile(r"\d{6}(19|20)\d{2}[01]\d[0-3]\d{4}|\d{3}\*{11}|1[3-9]\d{9}|\d{3}\*{4}\d{4}")


def notice_rows(**params):
    return sheet_rows(workbook(export_bytes(NoticeExporter(**params))).active)


def test_lists_the_nominations_in_notice_by_honour_then_strokes(honours):
    rows = notice_rows(campaign=honours.campaign)
    assert rows[0] == ["2024年天津市五一劳动奖章评选拟表彰对象公示名单"]
    assert rows[1] == ["（以姓氏笔画为序）"]
    assert rows[2] == ["序号", "姓名（集体名称）", "单位及职务"]
    assert rows[3:] == [
        ["一、天津市五一劳动奖章（4名）"],
        [1, "王芳(女)", "甲区精密机械有限公司车间主任"],  # 王 4: 一
        [2, "毛明", "甲区精密机械有限公司"],  # 毛 4: 丿 — unit from the employer when none was typed
        [3, "孔亮", "乙区计量研究院"],  # 孔 4: 乛
        [4, read_back(HOSTILE[5]), HOSTILE[6]],  # non-Han after Han
        ["二、天津市工人先锋号（1个）"],
        [1, "甲区精密机械有限公司", HOSTILE[1]],
    ]


def test_all_approved_adds_the_approved_but_never_drafts_or_withdrawn(honours):
    names = [r[1] for r in notice_rows(campaign=honours.campaign, all_approved=True)[3:] if len(r) > 1]
    assert "方正" in names  # approved
    assert "尹华" not in names  # only submitted
    assert "文化(女)" not in names and "文化" not in names  # draft
    assert "于谦" not in names  # withdrawn


def test_single_honour_notice_is_titled_by_the_honour(honours):
    honours.nominations["集体"].delete()
    rows = notice_rows(campaign=honours.campaign)
    assert rows[0] == ["2024年天津市五一劳动奖章拟表彰对象公示名单"]
    assert rows[1] == ["（以姓氏笔画为序）"]
    assert rows[2] == ["序号", "姓名", "单位及职务"]
    assert rows[3][:2] == [1, "王芳(女)"]


def test_never_contains_id_numbers_phones_or_birth_dates(honours):
    data = export_bytes(NoticeExporter(campaign=honours.campaign, all_approved=True))
    assert_no_formulas(data)
    wb = workbook(data)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert not getattr(cell, "is_date", False), cell.coordinate
                # (the hostile unit "+86 138…" is text someone typed into 单位及职务, not a phone field)
                if isinstance(cell.value, str) and cell.value not in HOSTILE:
                    assert not ID_LIKE.search(cell.value), cell.value
    nominee = honours.nominations["王芳"].person
    raw = "".join(sheet_xml_parts(data).values())
    assert nominee.id_number not in raw and nominee.phone not in raw
    assert nominee.id_number[-4:] not in raw
    assert get_exporter("notice").public


def test_needs_a_campaign(honours, tmp_path):
    with pytest.raises(ExportError, match="评选批次"):
        NoticeExporter()
    out = tmp_path / "n.xlsx"
    call_command("export", "notice", "--campaign", honours.campaign.name, "--all-approved", "-o", str(out))
    assert len(data_rows(workbook(out.read_bytes()).active)) == 8  # 2 sections + 5 + 1


def test_the_public_notice_page_and_the_notice_export_list_the_same_order(honours, client):
    """One order for the 公示 (awards.selectors.sections.nominee_order): the page and the file agree,
    also where honours share a precedence and only the level tells them apart."""
    campaign = honours.campaign
    # Same precedence as 天津市五一劳动奖章, senior level, a name that sorts after it.
    senior = HonorType.objects.create(
        name="最美职工（全国）", series="最美职工", level=Level.NATIONAL, precedence=10,
        recipient_kind=RecipientKind.INDIVIDUAL,
    )
    campaign.honor_types.add(senior)
    Campaign.objects.filter(pk=campaign.pk).update(
        status=CampaignStatus.NOTICE, notice_start=date(2024, 4, 1), notice_end=date(2024, 4, 8)
    )
    for name in ("丁一", "乙二"):  # national before provincial at the same precedence, whatever the names
        NominationFactory(
            campaign=campaign, honor_type=senior, nominating_org=honours.district_a,
            person=PersonFactory(name=name, employer=honours.company), status=NominationStatus.IN_NOTICE,
        )
    response = client.get(reverse("awards:notice_detail", args=[campaign.pk]))
    assert response.status_code == 200
    page = [
        (honour, n.person.name if n.person_id else n.organization.name)
        for honour, entries in response.context["groups"]
        for n in entries
    ]
    exported, honour_names = [], {}
    rows = notice_rows_of(NoticeExporter(campaign=campaign).nominations())
    for honor_id, person_name, _gender, org_name, *_rest in rows:
        if honor_id not in honour_names:
            honour_names[honor_id] = HonorType.objects.get(pk=honor_id).name
        exported.append((honour_names[honor_id], person_name or org_name))
    assert page == exported
    assert page[0] == ("最美职工（全国）", "乙二")  # 乙 (1 stroke) before 丁 (2)
    # The file's names follow the same order (with (女) after women's names).
    file_names = [r[1] for r in notice_rows(campaign=campaign)[3:] if len(r) > 1]
    assert [f.removesuffix("(女)") for f in file_names] == [read_back(name) for _h, name in exported]


def test_after_conferring_the_notice_still_lists_what_was_published(honours):
    """Issue 11: after 表彰 the 公示名单 export was empty (it read 公示中 only)."""
    before = notice_rows(campaign=honours.campaign)
    honours.campaign.nominations.filter(status=NominationStatus.IN_NOTICE).update(status=NominationStatus.CONFERRED)
    assert notice_rows(campaign=honours.campaign) == before
