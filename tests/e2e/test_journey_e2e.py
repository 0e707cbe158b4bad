"""An organiser's year in the browser, click by click, against the live test server.

One test walks the whole journey the product exists for — a new competition to a downloaded roster —
as a union organiser, its judges, the public and an objector would: nothing is set up behind the
browser's back except the people who already have accounts. Every step leaves a screenshot under
``test-output/journey/`` (kept by CI), named in order, so a failure shows the page it happened on.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.scenarios.browser import record_refusals
from tests.scenarios.exports import sheet_rows, workbook
from tests.scenarios.registration_workbooks import HEADER, new_id
from tests.scenarios.registration_workbooks import workbook as registration_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "journey"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
ID_NUMBER = re.compile(r"\d{17}[\dX]")
UNIT = "物华道消防救援站"  # a unit of 天津市总工会 (seed 001): its workers compete, it nominates them


class Journey:
    """The browser, the live server and the numbered screenshots of one journey."""

    def __init__(self, browser, live_server):
        self.browser = browser
        self.url = live_server.url
        self.step = 0
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob("*.png"):
            old.unlink()
        self.contexts = []
        self.refused = []  # anything the browser refused under the CSP, or a script error

    def page(self, viewport=DESKTOP):
        context = self.browser.new_context(locale="zh-CN", viewport=viewport, accept_downloads=True)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        record_refusals(page, self.refused)
        return page

    def login(self, username, password="pw-123456", viewport=DESKTOP):
        page = self.page(viewport)
        page.goto(f"{self.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        assert "/login/" not in page.url, page.inner_text("main")
        return page

    def create_account(self, page, *, name, unit, role, phone, username="") -> str:
        """As an organiser, on 账号管理: a new account; returns its one-time password."""
        self.go(page, "/accounts/new/")
        page.fill("#id_name", name)
        page.select_option("#id_organization", label=unit)
        page.select_option("#id_role", label=role)
        page.fill("#id_phone", phone)
        if username:
            page.fill("#id_username", username)
        page.click("main button:has-text('创建账号')")
        page.wait_for_load_state()
        assert "已创建账号" in page.inner_text("main"), page.inner_text("main")
        return page.locator("#password-table tbody tr").first.locator("td").all_inner_texts()[5]

    def first_login(self, username, password, viewport=DESKTOP):
        """The first login of an account an organiser made: the site asks for a new password first."""
        page = self.login(username, password, viewport)
        assert page.url.endswith("/password/"), page.url
        page.fill("#id_old_password", password)
        page.fill("#id_new_password1", "Jiangxin-2026-own")
        page.fill("#id_new_password2", "Jiangxin-2026-own")
        page.click("main button:has-text('保存新密码')")
        page.wait_for_load_state()
        assert "密码已修改" in page.inner_text("main")
        return page

    def shot(self, page, name):
        self.step += 1
        page.screenshot(path=str(SHOTS / f"{self.step:02d}-{name}.png"), full_page=True)

    def go(self, page, path):
        page.goto(f"{self.url}{path}")
        page.wait_for_load_state()
        return page

    def submit(self, page, button_text, *, within="main"):
        page.click(f"{within} button:has-text('{button_text}')")
        page.wait_for_load_state()

    def confirm(self, page, form="main form:has(button[type=submit])"):
        """A confirmation page: tick what must be ticked, press its submit button."""
        boxes = page.locator(f"{form} input[type=checkbox][required], {form} input[type=checkbox][name=confirm]")
        for i in range(boxes.count()):
            boxes.nth(i).check()
        page.locator(f"{form} button[type=submit]").last.click()
        page.wait_for_load_state()

    def download(self, page, link_text) -> bytes:
        with page.expect_download() as info:
            page.click(f"main a:has-text('{link_text}'), main button:has-text('{link_text}')")
        return Path(info.value.path()).read_bytes()

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def journey(playwright_browser, live_server):
    j = Journey(playwright_browser, live_server)
    yield j
    j.close()


def test_an_organiser_runs_the_year_in_the_browser(seed_data, journey):
    today = date.today()
    organiser = journey.login("tianjin")
    journey.shot(organiser, "organiser-home")

    # --- a new competition and its event ----------------------------------------------------------
    journey.go(organiser, "/competitions/new/")
    organiser.fill("#id_name", "旅程测试职工技能大赛")
    organiser.fill("#id_slug", "journey-contest")
    organiser.fill("#id_year", str(today.year))
    organiser.select_option("#id_organizer", label="天津市总工会")
    organiser.fill("#id_registration_opens", (today - timedelta(days=1)).isoformat())
    organiser.fill("#id_registration_closes", (today + timedelta(days=30)).isoformat())
    organiser.fill("#id_start_date", (today + timedelta(days=40)).isoformat())
    organiser.fill("#id_end_date", (today + timedelta(days=41)).isoformat())
    journey.shot(organiser, "competition-form")
    journey.submit(organiser, "保存")
    assert "旅程测试职工技能大赛" in organiser.inner_text("h1"), organiser.inner_text("main")
    journey.shot(organiser, "competition-created")

    journey.go(organiser, "/competitions/journey-contest/registration/")
    organiser.click("main a:has-text('添加赛项')")
    organiser.wait_for_load_state()
    organiser.fill("#id_name", "焊工")
    organiser.fill("#id_trade", "焊工")
    journey.shot(organiser, "event-form")
    journey.submit(organiser, "保存")
    assert "焊工" in organiser.inner_text("#events")
    # open registration
    organiser.click("main button[name=to_status]:has-text('开放报名')")
    organiser.wait_for_load_state()
    assert "报名中" in organiser.inner_text("#competition-status")
    journey.shot(organiser, "registration-open")

    # --- the template, a bad workbook, the good one ------------------------------------------------
    template = sheet_rows(workbook(journey.download(organiser, "下载模板")).active)
    header = [str(c).rstrip("*") for c in next(row for row in template if row and "序号" in row)]
    assert {"姓名", "身份证号", "赛项"} <= set(header), header

    organiser.click("main a:has-text('导入报名表')")
    organiser.wait_for_load_state()
    bad = registration_workbook(
        [
            [1, "张三", "男", "汉族", "12345", "13900000001", "天津市总工会", "焊工", "焊工", None, ""],
            [2, "", "女", "汉族", new_id("F"), "13900000002", "天津市总工会", "焊工", "焊工", None, ""],
            [3, "李四", "男", "汉族", new_id("M"), "13900000003", "天津市总工会", "焊工", "车工", None, ""],
        ],
        header=HEADER,
    )
    organiser.set_input_files("input[name=file]", files=[{"name": "报名表-有错.xlsx", "mimeType": XLSX, "buffer": bad}])
    organiser.click("#import-form button[type=submit]")
    organiser.wait_for_load_state()
    errors = organiser.inner_text("main")
    # the sheet's title is row 1 and its header row 2: data starts at row 3
    for row, column in (("第3行", "身份证号"), ("第4行", "姓名"), ("第5行", "赛项")):
        assert re.search(f"{row}\\s+{column}", errors), errors
    assert "未导入任何数据" in errors
    journey.shot(organiser, "import-errors")

    people = [
        ["赵建国", "男", new_id("M")],
        ["钱丽华", "女", new_id("F")],
        ["孙志强", "男", new_id("M")],
        ["李秀英", "女", new_id("F")],
    ]
    good = registration_workbook(
        [
            [i + 1, name, gender, "汉族", idn, f"139000001{i:02d}", UNIT, "焊工", "焊工", None, "高级工"]
            for i, (name, gender, idn) in enumerate(people)
        ],
        header=HEADER,
    )
    organiser.set_input_files("input[name=file]", files=[{"name": "报名表.xlsx", "mimeType": XLSX, "buffer": good}])
    organiser.click("#import-form button[type=submit]")
    organiser.wait_for_load_state()
    assert "检查通过，尚未保存" in organiser.inner_text("main")
    journey.shot(organiser, "import-preview")
    organiser.click("#confirm-import")
    organiser.wait_for_load_state()
    assert "已导入 4 条报名" in organiser.inner_text("main")
    journey.shot(organiser, "entries-imported")

    # --- judges, marks, a score sheet, results ------------------------------------------------------
    judges = {}
    for i, (username, full_name) in enumerate((("j-chief", "周正"), ("j-one", "吴敏"), ("j-two", "郑强"))):
        judges[username] = journey.create_account(
            organiser, name=full_name, unit="天津市总工会", role="裁判", phone=f"1370000000{i}", username=username
        )
    journey.shot(organiser, "judge-accounts")
    journey.go(organiser, "/competitions/journey-contest/scoring/")
    organiser.click("main a.btn:text-is('裁判')")
    organiser.wait_for_load_state()
    judges_url = organiser.url
    for username, chief in (("j-chief", True), ("j-one", False), ("j-two", False)):
        journey.go(organiser, judges_url.removeprefix(journey.url))
        organiser.fill("#id_username", username)
        if chief:
            organiser.check("#id_is_chief")
        journey.submit(organiser, "保存")
    assert "j-chief" in organiser.inner_text("main table") and "裁判长" in organiser.inner_text("main table")
    journey.shot(organiser, "judges-assigned")

    journey.go(organiser, "/competitions/journey-contest/registration/")
    for move in ("截止报名，开始比赛", "开始评分"):
        organiser.click(f"main button[name=to_status]:has-text('{move}')")
        organiser.wait_for_load_state()
    assert "评分中" in organiser.inner_text("#competition-status")

    for judge, base in (("j-one", 80), ("j-two", 84)):
        marker = journey.first_login(judge, judges[judge])
        # the judge's home page says what to do: the mark sheet and how many entries remain
        journey.go(marker, "/")
        todo = marker.inner_text("main")
        assert "焊工" in todo and "4" in todo, todo
        journey.shot(marker, f"judge-home-{judge}")
        marker.click("main a:has-text('焊工')")
        marker.wait_for_load_state()
        cells = marker.locator("main table.mark-sheet input[type=text], main table.mark-sheet input[type=number]")
        for i in range(cells.count()):
            cells.nth(i).fill(str(base + i))
        journey.shot(marker, f"mark-sheet-{judge}")
        journey.submit(marker, "保存")
        assert "已保存" in marker.inner_text("main"), marker.inner_text("main")

    # The organiser imports the pre-filled score sheet: a preview says which judges' marks it replaces.
    journey.go(organiser, "/competitions/journey-contest/scoring/")
    organiser.click("main a.btn:text-is('成绩')")
    organiser.wait_for_load_state()
    results_path = organiser.url.removeprefix(journey.url)
    sheet = workbook(journey.download(organiser, "下载成绩登记表"))
    ws = sheet.active
    header_row = next(r for r in ws.iter_rows(min_row=1, max_row=10) if any(c.value == "参赛号" for c in r))
    # the score columns are headed by the component's name ("实操成绩(分)" …)
    columns = {str(c.value): c.column for c in header_row if c.value}
    practical = next(col for label, col in columns.items() if label.startswith("实操"))
    theory = next(col for label, col in columns.items() if label.startswith("理论"))
    first = header_row[0].row + 1
    ws.cell(row=first, column=practical, value=95)
    ws.cell(row=first, column=theory, value=90)
    buf = io.BytesIO()
    sheet.save(buf)
    organiser.click("main a:has-text('导入成绩')")
    organiser.wait_for_load_state()
    score_file = {"name": "成绩表.xlsx", "mimeType": XLSX, "buffer": buf.getvalue()}
    organiser.set_input_files("input[name=file]", files=[score_file])
    organiser.click("main form button[type=submit]")
    organiser.wait_for_load_state()
    preview = organiser.inner_text("main")
    assert "将取代" in preview and "裁判评分" in preview, preview
    journey.shot(organiser, "score-import-preview")
    organiser.click("main button:has-text('确认导入')")
    organiser.wait_for_load_state()
    assert organiser.locator("main .alert-success").count() == 1, organiser.inner_text("main")

    journey.go(organiser, results_path)
    journey.submit(organiser, "计算成绩")
    journey.shot(organiser, "results-computed")

    chief = journey.first_login("j-chief", judges["j-chief"])
    journey.go(chief, results_path)
    chief.click("main a:has-text('锁定成绩')")
    chief.wait_for_load_state()
    journey.shot(chief, "lock-confirmation")
    journey.confirm(chief)
    assert "已锁定" in chief.inner_text("main"), chief.inner_text("main")

    journey.go(organiser, results_path)
    organiser.click("main :text('公布成绩')")
    organiser.wait_for_load_state()
    confirmation = organiser.inner_text("main")
    assert "公开" in confirmation and "4" in confirmation, confirmation
    journey.shot(organiser, "publish-confirmation")
    journey.confirm(organiser)
    assert "成绩已公布" in organiser.inner_text("main")

    public = journey.page(PHONE)
    journey.go(public, "/results/")
    public.click("main a:has-text('旅程测试职工技能大赛')")
    public.wait_for_load_state()
    public.click("main a:has-text('焊工')")
    public.wait_for_load_state()
    listing = public.inner_text("main")
    assert "赵建国" in listing and "一等奖" in listing
    assert not ID_NUMBER.search(public.content())
    assert public.evaluate("document.documentElement.scrollWidth") <= 390
    journey.shot(public, "public-results-phone")

    # --- a campaign with places and a rule, saved and shown again -----------------------------------
    campaign_name = f"{today.year}年天津市五一劳动奖章评选（旅程测试）"
    journey.go(organiser, "/campaigns/new/")
    organiser.fill("#id_name", campaign_name)
    organiser.select_option("#id_conferring_org", label="天津市总工会")
    organiser.check("#div_id_honor_types label:text-is('天津市五一劳动奖章')")
    journey.submit(organiser, "保存")
    assert "评选已创建" in organiser.inner_text("main"), organiser.inner_text("main")
    if "/edit/" not in organiser.url:
        organiser.click("main a:has-text('修改设置')")
        organiser.wait_for_load_state()
    edit_path = organiser.url.removeprefix(journey.url)
    organiser.select_option("#id_quota-0-nominating_org", label=UNIT)
    organiser.select_option("#id_quota-0-honor_type", label="天津市五一劳动奖章")
    organiser.fill("#id_quota-0-places", "1")
    organiser.select_option("#id_rule-0-flag", "female")
    organiser.fill("#id_rule-0-max_percent", "60")
    journey.shot(organiser, "campaign-places-and-rules")
    journey.submit(organiser, "保存")
    assert "已保存" in organiser.inner_text("main"), organiser.inner_text("main")
    journey.go(organiser, edit_path)
    assert organiser.input_value("#id_quota-0-places") == "1"
    assert organiser.input_value("#id_rule-0-max_percent") == "60"
    assert "E+" not in organiser.content()
    campaign_path = edit_path.removesuffix("edit/")
    journey.go(organiser, campaign_path)
    organiser.click("main a:has-text('开始推荐')")
    organiser.wait_for_load_state()
    journey.confirm(organiser)
    assert "推荐中" in organiser.inner_text("main"), organiser.inner_text("main")

    # --- the competition says what its results lead to: 资格规则 ----------------------------------------
    journey.go(organiser, "/competitions/journey-contest/")
    organiser.click("#eligibility a:has-text('设置资格规则')")
    organiser.wait_for_load_state()
    organiser.fill("#id_rule-0-label", "一等奖可推荐天津市五一劳动奖章")
    organiser.fill("#id_rule-0-honor_name", "天津市五一劳动奖章")
    organiser.check("#id_rule-0-prizes_0")  # 一等奖
    organiser.fill("#id_rule-0-source", "竞赛通知第八条（旅程测试）")
    journey.shot(organiser, "eligibility-rules")
    journey.submit(organiser, "保存")
    assert "已保存资格规则（1条）" in organiser.inner_text("main"), organiser.inner_text("main")

    # --- the unit's contact gets an account and nominates from the results --------------------------
    contact_password = journey.create_account(organiser, name="刘洋", unit=UNIT, role="组织者", phone="13912345678")
    contact = journey.first_login("13912345678", contact_password)
    journey.go(contact, campaign_path)
    contact.click("main a:has-text('从竞赛成绩')")
    contact.wait_for_load_state()
    contact.select_option("#id_competition", label="旅程测试职工技能大赛")
    contact.select_option("#id_nominating_org", label=UNIT)
    contact.click("main button:has-text('列出')")
    contact.wait_for_load_state()
    contact.locator("main tr:has-text('赵建国') input[name=pick]").first.check()
    journey.shot(contact, "nominate-from-results")
    contact.click("main button:has-text('生成推荐草稿')")
    contact.wait_for_load_state()
    assert "赵建国" in contact.inner_text("main"), contact.inner_text("main")
    if "/nominations/" not in contact.url:
        contact.click("main a:has-text('赵建国')")
        contact.wait_for_load_state()
    nomination_path = contact.url.removeprefix(journey.url)
    journey.shot(contact, "nomination-check")
    contact.click("main button[name=action][value=submit]")
    contact.wait_for_load_state()
    assert "已推荐" in contact.inner_text("main"), contact.inner_text("main")

    # --- review, 公示 ---------------------------------------------------------------------------------
    journey.go(organiser, nomination_path)
    organiser.click("main button[name=action][value=approve]")
    organiser.wait_for_load_state()
    assert "审核通过" in organiser.inner_text("main"), organiser.inner_text("main")
    journey.go(organiser, campaign_path)
    organiser.click("main a:has-text('开始公示')")
    organiser.wait_for_load_state()
    organiser.fill("#id_start", today.isoformat())
    if organiser.locator("#id_reason").count():
        organiser.fill("#id_reason", "推荐已截止前提前审核完毕（旅程测试）")
    journey.shot(organiser, "notice-confirmation")
    organiser.click("main button:has-text('确认公示')")
    organiser.wait_for_load_state()
    assert "公示中" in organiser.inner_text("main"), organiser.inner_text("main")

    # --- an anonymous objection on a phone, the answer --------------------------------------------------
    public = journey.page(PHONE)
    journey.go(public, "/notices/")
    public.click(f"main a:has-text('{campaign_name}')")
    public.wait_for_load_state()
    assert "赵建国" in public.inner_text("main") and not ID_NUMBER.search(public.content())
    assert public.evaluate("document.documentElement.scrollWidth") <= 390
    journey.shot(public, "public-notice-phone")
    public.click("main a:has-text('提出异议')")
    public.wait_for_load_state()
    public.fill("#id_name", "王群众")
    public.fill("#id_contact", "13800001111")
    public.fill("#id_content", "该同志今年曾有违章操作记录，请核实。")
    public.click("main button:has-text('提交异议')")
    public.wait_for_load_state()
    journey.shot(public, "objection-lodged-phone")
    assert "异议" in public.inner_text("main")

    journey.go(organiser, nomination_path)
    assert "该同志今年曾有违章操作记录" in organiser.inner_text("main")
    organiser.check("text=经核查，异议不成立")
    organiser.fill("textarea[name=answer]", "经核查，违章记录不属实，异议不成立。")
    organiser.click("main button:has-text('答复')")
    organiser.wait_for_load_state()
    assert "已答复异议" in organiser.inner_text("main")

    # --- time passes: the 公示 period ends (five working days cannot be waited for in a test) -----------
    from awards.models import Campaign

    Campaign.objects.filter(name=campaign_name).update(
        notice_start=today - timedelta(days=10), notice_end=today - timedelta(days=1)
    )

    # --- 表彰 and the roster --------------------------------------------------------------------------
    journey.go(organiser, campaign_path)
    organiser.click("main a.btn:has-text('表彰…')")
    organiser.wait_for_load_state()
    assert "赵建国" in organiser.inner_text("#confer-list")
    organiser.fill("input[name=decision_number]", f"津工发〔{today.year}〕1号")
    organiser.fill("input[name=decision_date]", today.isoformat())
    journey.shot(organiser, "confer-confirmation")
    organiser.click("main button:has-text('确认表彰')")
    organiser.wait_for_load_state()
    assert "已表彰1个对象" in organiser.inner_text("main"), organiser.inner_text("main")

    journey.go(organiser, campaign_path)
    roster = sheet_rows(workbook(journey.download(organiser, "导出表彰名单")).active)
    printed = [cell for row in roster for cell in row if cell]
    assert any("以姓氏笔画为序" in str(c) for c in printed), printed
    assert any(str(c).startswith("赵建国") for c in printed), printed
    assert any(f"津工发〔{today.year}〕1号" in str(c) for c in printed), printed
    journey.shot(organiser, "campaign-conferred")

    # --- the error pages, in Chinese and in the site's layout -------------------------------------------
    journey.go(organiser, "/no-such-page/")
    assert "页面不存在" in organiser.inner_text("main") or "找不到" in organiser.inner_text("main")
    assert organiser.locator("main a[href='/']").count() >= 1
    journey.shot(organiser, "error-404")
    journey.go(organiser, "/holidays/")
    assert "403" in organiser.inner_text("main") or "没有权限" in organiser.inner_text("main")
    journey.shot(organiser, "error-403")
    assert journey.refused == [], "the browser refused or failed:\n" + "\n".join(journey.refused)
