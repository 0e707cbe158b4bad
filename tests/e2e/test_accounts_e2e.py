"""账号管理, the home page per role and bulk approval, click by click in Chromium.

An organiser creates a unit account and hands over its password; the new user must choose their
own at first login. A judge's home page shows their mark sheet (also at 390 px). A reviewer approves
several nominations at once through the confirmation page. Screenshots at 1366x768 go to
``$E2E_SCREENSHOTS`` (or the test's tmp folder)."""

import os
from pathlib import Path

import pytest

from awards.models import CampaignStatus, NominationStatus, NominationTransition
from competitions.models import Event, JudgeAssignment
from directory.models import AccountLog, Organization, Role
from tests.factories import CampaignFactory, HonorTypeFactory, NominationFactory, PersonFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _shot(page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_organiser_creates_a_unit_account_whose_owner_must_change_the_password(
    seed_data, page, login, live_server, tmp_path
):
    page.set_viewport_size(DESKTOP)
    login("tianjin")
    page.click("nav >> text=账号管理")
    page.wait_for_load_state()
    _shot(page, tmp_path, "accounts-01-list")
    page.click("text=新建账号")
    unit = Organization.objects.get(name="物华道消防救援站")
    page.fill("#id_name", "刘 洋")
    page.select_option("#id_organization", str(unit.pk))
    page.select_option("#id_role", Role.ORGANIZER)
    page.fill("#id_phone", "13912345678")
    _shot(page, tmp_path, "accounts-02-new")
    page.click("button:has-text('创建账号')")
    page.wait_for_load_state()
    assert "已创建账号 13912345678" in page.inner_text("main")
    row = page.locator("#password-table tbody tr").first
    cells = row.locator("td").all_inner_texts()
    assert cells[1:5] == ["刘洋", "物华道消防救援站", "组织者", "13912345678"]
    password = cells[5]
    _shot(page, tmp_path, "accounts-03-initial-password")
    # shown once: a reload no longer shows it
    page.reload()
    assert password not in page.inner_text("main")
    page.click("button:has-text('退出')")
    page.wait_for_load_state()

    login("13912345678", password)
    assert page.url.endswith("/password/")
    assert "请先设置自己的新密码" in page.inner_text("main")
    page.goto(f"{live_server.url}/competitions/")
    assert page.url.endswith("/password/")  # every page leads back until it is changed
    _shot(page, tmp_path, "accounts-04-forced-change")
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", "Wuhua-2026-xin")
    page.fill("#id_new_password2", "Wuhua-2026-xin")
    page.click("button:has-text('保存新密码')")
    page.wait_for_load_state()
    assert "密码已修改" in page.inner_text("main")
    assert page.url == f"{live_server.url}/"
    _shot(page, tmp_path, "accounts-05-home-after-change")
    assert set(AccountLog.objects.values_list("action", flat=True)) == {"create", "change_password"}


def test_organiser_resets_a_password_and_deactivates_an_account(seed_data, page, login, live_server, tmp_path):
    page.set_viewport_size(DESKTOP)
    unit = Organization.objects.get(name="物华道消防救援站")
    target = member_of(unit, role=Role.VIEWER, username="wuhua-viewer")
    login("tianjin")
    page.goto(f"{live_server.url}/accounts/{target.pk}/")
    page.click("button:has-text('重置密码')")
    page.wait_for_load_state()
    assert "已重置 wuhua-viewer 的密码" in page.inner_text("main")
    page.goto(f"{live_server.url}/accounts/{target.pk}/")
    page.click("button:has-text('停用账号')")
    page.wait_for_load_state()
    assert "已停用账号 wuhua-viewer" in page.inner_text("main")
    _shot(page, tmp_path, "accounts-06-detail-deactivated")
    target.refresh_from_db()
    assert not target.is_active


def test_judge_home_shows_their_mark_sheet(seed_data, page, login, live_server, tmp_path):
    event = Event.objects.get(competition__slug="haihe-cup-2023", name="焊工")
    judge = member_of(Organization.objects.get(name="天津市总工会"), role=Role.JUDGE, username="hh-judge")
    JudgeAssignment.objects.create(event=event, user=judge)
    entries = event.entries.filter(status="registered").count()
    page.set_viewport_size(PHONE)
    login("hh-judge")
    sheets = page.locator(".todo-sheets")
    assert f"还有 {entries} 名选手待评分" in sheets.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, tmp_path, "home-judge-390")
    page.set_viewport_size(DESKTOP)
    _shot(page, tmp_path, "home-judge-1366")
    sheets.locator("a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/scoring/{event.pk}/marks/")


def test_organiser_home_lists_what_to_do(seed_data, page, login, live_server, tmp_path):
    page.set_viewport_size(DESKTOP)
    login("tianjin")
    main = page.inner_text("main")
    assert "待答复的异议" in main and "临近或已过的截止日期" in main
    _shot(page, tmp_path, "home-organiser")
    page.locator(".todo-objections a").first.click()
    page.wait_for_load_state()
    assert "/nominations/" in page.url


def test_reviewer_approves_several_nominations_after_confirming(seed_data, page, login, live_server, tmp_path):
    tianjin = Organization.objects.get(name="天津市总工会")
    unit = Organization.objects.get(name="（演示）津沽机械制造有限公司")
    campaign = CampaignFactory(name="2026年天津市五一劳动奖章评选（测试）", conferring_org=tianjin,
                               status=CampaignStatus.REVIEWING, year=2026)
    honour = HonorTypeFactory(name="天津市五一劳动奖章（测试）")
    campaign.honor_types.add(honour)
    names = ["张建国", "李秀英", "王志刚"]
    for name in names:
        NominationFactory(campaign=campaign, honor_type=honour, nominating_org=unit, status=NominationStatus.SUBMITTED,
                          person=PersonFactory(name=name, employer=unit))
    page.set_viewport_size(DESKTOP)
    login("tianjin")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    page.check("[data-bulk-all]")
    assert page.locator("input[name=ids]:checked").count() == 3
    page.uncheck(f"input[aria-label='{names[2]}']")
    page.select_option("select[name=action]", "approve")
    page.click("button:has-text('批量处理所选')")
    page.wait_for_load_state()
    assert "确认审核通过 2 项" in page.inner_text("main")
    assert not NominationTransition.objects.filter(nomination__campaign=campaign).exists()
    _shot(page, tmp_path, "bulk-approve-01-confirm")
    page.click("button:has-text('确认审核通过 2 项')")
    page.wait_for_load_state()
    assert "已审核通过 2 项推荐" in page.inner_text("main")
    _shot(page, tmp_path, "bulk-approve-02-done")
    statuses = dict(campaign.nominations.values_list("person__name", "status"))
    assert statuses == {names[0]: "approved", names[1]: "approved", names[2]: "submitted"}


def test_organiser_bulk_creates_accounts_from_a_spreadsheet(seed_data, page, login, live_server, tmp_path):
    import io

    from openpyxl import Workbook

    def sheet(rows) -> str:
        wb = Workbook()
        ws = wb.active
        ws.append(["姓名", "单位", "角色", "手机号", "用户名"])
        for r in rows:
            ws.append(list(r))
        path = tmp_path / f"accounts-{len(rows)}.xlsx"
        buf = io.BytesIO()
        wb.save(buf)
        path.write_bytes(buf.getvalue())
        return str(path)

    page.set_viewport_size(DESKTOP)
    login("tianjin")
    page.goto(f"{live_server.url}/accounts/import/")
    page.set_input_files("#id_file", sheet([
        ("周明", "物华道消防救援站", "联络员", "13911110001", ""),
        ("吴芳", "廊坊市总工会", "裁判", "13911110002", ""),
        ("郑强", "物华道消防救援站", "教练", "139", ""),
    ]))
    page.click("button:has-text('上传并检查')")
    page.wait_for_load_state()
    main = page.inner_text("main")
    _shot(page, tmp_path, "accounts-07-import-errors")
    assert "第3行\t单位\t找不到名为“廊坊市总工会”的单位" in main
    assert "第4行\t角色\t未知角色“教练”" in main and "第4行\t手机号\t" in main
    page.set_input_files("#id_file", sheet([
        ("周明", "物华道消防救援站", "联络员", "13911110001", ""),
        ("吴芳", "天津铁道职业技术学院", "裁判", "13911110002", "wufang"),
    ]))
    page.click("button:has-text('上传并检查')")
    page.wait_for_load_state()
    _shot(page, tmp_path, "accounts-08-import-preview")
    page.click("button:has-text('确认导入 2 个账号')")
    page.wait_for_load_state()
    rows = page.locator("#password-table tbody tr")
    assert rows.count() == 2 and "wufang" in rows.nth(1).inner_text()
    _shot(page, tmp_path, "accounts-09-import-passwords")
    page.emulate_media(media="print")
    _shot(page, tmp_path, "accounts-10-passwords-print")
    assert not page.locator("nav.navbar").is_visible()
