"""统计看板: every chart's numbers against the hand-counted world of tests/scenarios/dashboard.py, the
drill-down links behind them, scope (404 outside), a fixed number of queries, and the Excel export."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import AwardStatus
from competitions.models import EntryStatus, Prize
from portal.selectors.dashboard import dashboard
from tests.factories import AwardFactory, EntryFactory, OrganizationFactory, PersonFactory, member_of
from tests.scenarios.dashboard import dashboard_world

pytestmark = pytest.mark.django_db

# 13 for the counts and 4 for each campaign in progress (its places and shares, as on its page: its
# rules, its counts with its places, its honours, its overrides; awards.selectors.checks)
QUERIES = 13 + 4


@pytest.fixture
def world():
    return dashboard_world()


def values(panel) -> list[list]:
    return [[cell.value for cell in row] for row in panel.rows]


def query(href: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def test_honours_by_year_count_individuals_and_collectives_tallies_included_revoked_left_out(world):
    board = dashboard(world.r, 2024)
    # 2024: 全国测试奖章 2 (p1 p2; px is outside) + 省测试模范 max(1 named, 5 tallied) = 7 people, 1 collective.
    assert values(board.panel("honours_by_year")) == [["2023年", 1, 0, 1], ["2024年", 7, 1, 8]]
    series = board.panel("honours_by_year").series
    assert [s.name for s in series] == ["个人（名）", "集体（家）"]
    assert [s.values for s in series] == [[1, 7], [0, 1]]


def test_honours_by_level_and_by_title_senior_level_first(world):
    board = dashboard(world.r, 2024)
    assert values(board.panel("honours_by_level")) == [["全国", 2, 0, 2], ["省级", 5, 1, 6]]
    assert values(board.panel("honours_by_type")) == [
        ["全国", "全国测试奖章", "个人", 2, 0, 2],
        ["省级", "省测试模范", "个人", 1, 5, 5],
        ["省级", "省测试集体", "集体", 1, 0, 1],
    ]
    assert board.panel("honours_by_type").series[0].values == [2, 5, 1]


def test_competitions_by_year_and_kind_with_entries_and_people(world):
    board = dashboard(world.r, 2024)
    panel = board.panel("competitions_by_year")
    assert panel.columns == [
        "年度",
        "技能竞赛",
        "劳动竞赛",
        "创新竞赛",
        "岗位练兵",
        "合理化建议",
        "合计（场）",
        "报名人次",
        "覆盖职工（人）",
    ]
    # 2024: C1 (E1 3 registered + E2 2) and C2 (E3 1); the withdrawn entry and 外省大赛 are not counted.
    # People covered (p1 p2 p3 p5 p6, each once) are counted for the chosen year.
    assert values(panel) == [["2023年", 1, 0, 0, 0, 0, 1, 2, "—"], ["2024年", 1, 1, 0, 0, 0, 2, 6, 5]]
    assert values(dashboard(world.r, 2023).panel("competitions_by_year"))[0] == ["2023年", 1, 0, 0, 0, 0, 1, 2, 2]


def test_prizes_per_event_most_entries_first(world):
    panel = dashboard(world.r, 2024).panel("prizes_by_event")
    assert values(panel) == [
        ["甲区技能大赛", "焊工", 3, 1, 1, 1, 0],
        ["甲区技能大赛", "电工", 2, 0, 0, 0, 1],
        ["乙区劳动竞赛", "安装", 1, 0, 0, 0, 0],
    ]
    assert [s.name for s in panel.series] == ["一等奖", "二等奖", "三等奖", "优胜奖", "未获奖"]
    assert panel.series[-1].values == [0, 1, 1]


def test_current_campaign_places_and_shares(world):
    board = dashboard(world.r, 2024)
    assert values(board.panel("campaign_places")) == [["测试评选", "省测试模范", 3, 2, 1]]
    assert values(board.panel("campaign_shares")) == [
        ["测试评选", "女性（省测试模范）", 1, 2, "50%", "不低于50%", "符合"]
    ]


def test_units_ranked_by_honours_and_by_participation(world):
    board = dashboard(world.r, 2024)
    # 乙区: 省测试模范 max(1 named, 5 tallied); 甲区: 2 全国测试奖章 + 1 集体.
    assert values(board.panel("units_by_honours")) == [["乙区总工会", 5], ["甲区总工会", 3]]
    # 甲区: E1 p1 p2, E2 p1, and 外省大赛 p1 (its delegation is 甲区机械厂) = 4 entries, 2 people.
    assert values(board.panel("units_by_participation")) == [["甲区总工会", 4, 2], ["乙区总工会", 3, 3]]


def test_a_district_sees_only_its_own_numbers(world):
    board = dashboard(world.b, 2024)
    assert values(board.panel("honours_by_year")) == [["2024年", 5, 0, 5]]
    assert values(board.panel("competitions_by_year")) == [["2024年", 0, 1, 0, 0, 0, 1, 1, 1]]
    assert values(board.panel("units_by_honours")) == [["乙区纺织厂", 1], ["乙区总工会（本级）", 5]] or values(
        board.panel("units_by_honours")
    ) == [["乙区总工会（本级）", 5], ["乙区纺织厂", 1]]
    assert board.panel("campaign_places").rows == []


def test_drill_down_links_carry_the_filters_of_the_cell(world):
    board = dashboard(world.r, 2024)
    year_row = board.panel("honours_by_year").rows[1]
    assert urlsplit(year_row[1].href).path == reverse("awards:award_list")
    assert query(year_row[1].href) == {
        "org": str(world.r.pk),
        "status": AwardStatus.ACTIVE,
        "year": "2024",
        "kind": "individual",
    }
    title_row = board.panel("honours_by_type").rows[0]
    assert query(title_row[1].href)["honor_type"] == str(world.national.pk)
    event_row = board.panel("prizes_by_event").rows[0]
    assert urlsplit(event_row[1].href).path == reverse("competitions:entry_list", args=[world.competitions["c1"].slug])
    first_prize = query(event_row[3].href)
    assert first_prize == {"event": str(world.events["e1"].pk), "status": EntryStatus.REGISTERED, "prize": Prize.FIRST}
    unit = board.panel("units_by_honours").rows[0][0]
    assert query(unit.href) == {"org": str(world.b.pk), "year": "2024"}


def test_the_filtered_lists_show_the_counted_rows(client, world):
    client.force_login(world.users["r"])
    board = dashboard(world.r, 2024)
    cell = board.panel("honours_by_type").rows[0][3]  # 全国测试奖章, 2 named
    page = client.get(cell.href).content.decode()
    assert "王一" in page and "王二" in page and "赵外" not in page
    assert "单位：测试总工会（含下级单位）" in page
    cell = board.panel("prizes_by_event").rows[0][3]  # 焊工 一等奖
    page = client.get(cell.href).content.decode()
    assert "王一" in page and "王二" not in page


def test_a_fixed_number_of_queries_whatever_the_numbers(world):
    with CaptureQueriesContext(connection) as before:
        dashboard(world.r, 2024)
    for i in range(30):
        person = PersonFactory(name=f"钱{i}", employer=world.a1)
        AwardFactory(honor_type=world.national, person=person, year=2024)
        EntryFactory(event=world.events["e1"], person=person)
    with CaptureQueriesContext(connection) as after:
        board = dashboard(world.r, 2024)
    assert len(after) == len(before) == QUERIES
    assert values(board.panel("honours_by_year"))[-1] == ["2024年", 37, 1, 38]


def test_page_answers_for_the_users_organisations_and_404_outside(client, world):
    client.force_login(world.users["b"])
    page = client.get(reverse("portal:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "乙区总工会" in html and "<svg" in html
    for org in ("", "abc"):
        assert client.get(reverse("portal:dashboard"), {"org": org}).status_code in (200, 404)
    assert client.get(reverse("portal:dashboard"), {"org": "abc"}).status_code == 404
    for other in (world.a, world.r, world.x):
        assert client.get(reverse("portal:dashboard"), {"org": other.pk}).status_code == 404
        assert client.get(reverse("portal:dashboard_summary"), {"org": other.pk}).status_code == 404
        assert client.get(reverse("portal:dashboard_export"), {"org": other.pk}).status_code == 404
        assert client.post(reverse("portal:dashboard_summary_docx"), {"org": other.pk}).status_code == 404


def test_anonymous_users_are_sent_to_login(client, world):
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_page_has_no_inline_script_or_style_and_links_its_chart_stylesheet(client, world):
    client.force_login(world.users["r"])
    html = client.get(reverse("portal:dashboard"), {"org": world.r.pk, "year": 2024}).content.decode()
    assert "<script>" not in html and '<script type="text/javascript">' not in html
    assert " style=" not in html and "<style" not in html
    assert "onclick" not in html
    assert reverse("portal:dashboard_chart_css") in html
    css = client.get(reverse("portal:dashboard_chart_css"))
    assert css["Content-Type"].startswith("text/css") and ".jx-chart .color-0" in css.content.decode()
    # every chart with numbers is drawn, with the bars linking to the lists
    assert html.count('class="pygal-chart jx-chart"') == 9
    assert 'xlink:href="/awards/?org=' in html


def test_every_chart_exports_its_table_to_excel(client, world):
    client.force_login(world.users["r"])
    response = client.get(reverse("portal:dashboard_export"), {"org": world.r.pk, "year": 2024})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(wb.sheetnames) == 9
    one = client.get(reverse("portal:dashboard_export"), {"org": world.r.pk, "year": 2024, "chart": "honours_by_type"})
    wb = load_workbook(io.BytesIO(b"".join(one.streaming_content)))
    rows = [r for r in wb.active.iter_rows(values_only=True) if any(c is not None for c in r)]
    assert ("全国", "全国测试奖章", "个人", 2, 0, 2) in rows
    assert ("省级", "省测试模范", "个人", 1, 5, 5) in rows


def test_an_organisation_without_records_shows_empty_panels_and_odd_parameters_do_not_fail(client):
    lonely = OrganizationFactory(name="新建工会")
    client.force_login(member_of(lonely, username="lonely"))
    for params in ({}, {"year": "abc"}, {"year": "1800"}, {"org": lonely.pk, "year": "2024"}):
        response = client.get(reverse("portal:dashboard"), params)
        assert response.status_code == 200, params
        assert "暂无数据" in response.content.decode()
    summary = client.get(reverse("portal:dashboard_summary"), {"year": 2024}).content.decode()
    assert "2024年，新建工会及所属单位暂无获评荣誉的记录。" in summary
    assert client.get(reverse("portal:dashboard_export")).status_code == 200
