"""年度总结: the generated paragraph (seed 003's honour counts for 廊坊 2024, hand-counted worlds), the
page where it is edited, and the .docx with the tables under it."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from directory.models import Organization
from portal.rules.summary import HonourLine, SummaryFacts, summary_paragraph
from portal.selectors.dashboard import dashboard
from tests.scenarios.dashboard import dashboard_world

SEED_003_HONOURS = "全国五一劳动奖章3名、全国工人先锋号2家、省劳动模范49名、省先进工作者17名、省先进集体12家"


@pytest.mark.django_db
def test_langfang_2024_reproduces_the_seed_documents_honour_counts(seed_data):
    """Seed 003 gives numbers only (AwardTally): the paragraph reads them where no names are recorded."""
    langfang = Organization.objects.get(name="廊坊市总工会")
    text = dashboard(langfang, 2024).summary
    assert text.startswith("2024年，廊坊市总工会及所属单位获评")
    # the catalogue names the province: 河北省劳动模范 …
    assert text.replace("河北省", "省").split("获评", 1)[1].startswith(SEED_003_HONOURS)
    for part in SEED_003_HONOURS.split("、"):
        assert part in text.replace("河北省", "省")
    assert "各类荣誉合计83个" in text
    assert "技能竞赛6场、劳动竞赛1场" in text


@pytest.mark.django_db
def test_paragraph_of_the_hand_counted_world_compares_with_last_year_and_names_the_firsts():
    world = dashboard_world()
    text = dashboard(world.r, 2024).summary
    assert text == (
        "2024年，测试总工会及所属单位获评全国测试奖章2名、省测试模范5名、省测试集体1家，各类荣誉合计8个，"
        "比上年增加7个。其中首次获评全国测试奖章、省测试集体。"
        "全年共举办各类劳动和技能竞赛2场（技能竞赛1场、劳动竞赛1场），比上年增加1场，参赛职工6人次（5人）。"
        "评出一等奖1名、二等奖1名、三等奖1名、优胜奖1名。"
    )


def test_no_comparison_or_firsts_without_an_earlier_year():
    facts = SummaryFacts(
        year=2024,
        org_name="某市总工会",
        honours=(
            HonourLine("省先进集体", 4, 3, True, 12),
            HonourLine("全国五一劳动奖章", 5, 10, False, 3),
            HonourLine("省劳动模范", 4, 1, False, 49),
        ),
        competitions=(("技能竞赛", 1), ("劳动竞赛", 0)),
        entries=10,
        people=10,
    )
    assert summary_paragraph(facts) == (
        "2024年，某市总工会及所属单位获评全国五一劳动奖章3名、省劳动模范49名、省先进集体12家，各类荣誉合计64个。"
        "全年共举办技能竞赛1场，参赛职工10人次。"
    )


def test_a_year_without_records_says_so():
    assert summary_paragraph(SummaryFacts(year=2025, org_name="某区总工会", previous_honours=3)) == (
        "2025年，某区总工会及所属单位暂无获评荣誉的记录。"
    )


@pytest.mark.django_db
def test_summary_page_offers_the_paragraph_for_editing(client):
    world = dashboard_world()
    client.force_login(world.users["r"])
    html = client.get(reverse("portal:dashboard_summary"), {"org": world.r.pk, "year": 2024}).content.decode()
    assert '<textarea class="form-control jx-summary-text" id="id_text" name="text"' in html
    assert "全国测试奖章2名" in html
    assert '<script id="jx-generated-summary" type="application/json">' in html
    assert " style=" not in html and "onclick" not in html


@pytest.mark.django_db
def test_docx_holds_the_edited_paragraph_and_the_tables(client):
    world = dashboard_world()
    client.force_login(world.users["r"])
    edited = "2024年，测试总工会获评全国测试奖章2名。=SUM(A1)\n第二段<b>不是标签</b>"
    response = client.post(reverse("portal:dashboard_summary_docx"), {"org": world.r.pk, "year": 2024, "text": edited})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "2024年测试总工会工作情况"
    assert "2024年，测试总工会获评全国测试奖章2名。=SUM(A1)" in paragraphs
    assert "第二段<b>不是标签</b>" in paragraphs
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    assert tables[0][0] == ["级别", "荣誉称号", "授予对象", "有名单", "仅有数量", "计入"]
    assert ["省级", "省测试模范", "个人", "1", "5", "5"] in tables[0]
    assert ["2024年", "1", "1", "0", "0", "0", "2", "6", "5"] in tables[1]  # one column per kind
    assert ["甲区技能大赛", "焊工", "3", "1", "1", "1", "0"] in tables[2]
