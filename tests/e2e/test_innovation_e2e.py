"""群众性创新 end to end in Chromium, on the 学巴登 demo contest (build_demo_innovation):
a unit's contact submits a project with a PDF → the organiser screens in bulk and hands out voting
codes → a voter votes on a 390-px phone page → the experts' review (执裁回避 shown on the judges'
page) → the organiser computes and publishes the combined result → the public results page.
Screenshots at 1366x768 and 390 px go to test-output/screenshots/ (or ``$E2E_SCREENSHOTS``)."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from competitions.models import Competition, JudgeAssignment, Project, ProjectStatus, Vote
from competitions.selectors.recusals import recused_entries
from competitions.services.marks import mark_save
from competitions.services.results import event_lock_scores

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SLUG = "xingshan-five-types"


def fresh_page(page, viewport):
    return page.context.browser.new_context(locale="zh-CN", viewport=viewport).new_page()


def review_everything(competition):
    """Each expert marks every passed project he need not recuse from; the 评审组长 locks."""
    chief = JudgeAssignment.objects.filter(event__competition=competition, is_chief=True).first().user
    for n, project in enumerate(Project.objects.filter(competition=competition, status=ProjectStatus.PASSED)):
        entry = project.entry
        for a in JudgeAssignment.objects.filter(event=entry.event).select_related("user"):
            if entry.pk in recused_entries(entry.event, a.user):
                continue
            for component in entry.event.components.all():
                mark_save(entry=entry, component=component, by=a.user, value=Decimal(70 + n), expected_version=None)
    for event in competition.events.all():
        event_lock_scores(event=event, by=chief)


def test_submit_screen_vote_on_a_phone_review_and_publish(
    seed_data, page, login, live_server, tmp_path, settings, shot
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("build_demo_innovation", "--password", "pw-123456", stdout=io.StringIO())
    competition = Competition.objects.get(slug=SLUG)
    base = f"{live_server.url}/competitions/{SLUG}"

    # 1. a unit's contact submits a project with a PDF
    page.set_viewport_size(DESKTOP)
    login("xs-caikuang")
    page.goto(f"{base}/innovation/")
    page.click("text=申报成果")
    page.fill("#id_title", "溜井放矿口防堵装置")
    page.select_option("#id_category", label="安全保障型")
    page.select_option("#id_unit", label="(演示)采矿作业区")
    page.fill("#id_members", "（演示）高远\n（演示）林森")
    page.fill("#id_summary", "在放矿口加装振动破拱装置，减少人工处理堵塞。")
    page.fill("#id_benefit", "8.5")
    page.click("button:has-text('保存草稿')")
    page.wait_for_load_state()
    assert page.locator("#project-status").inner_text() == "草稿"
    page.set_input_files(
        "#id_file", files=[{"name": "说明.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}]
    )
    page.click("#attachment-form button[type=submit]")
    page.wait_for_load_state()
    assert "说明.pdf" in page.locator("#attachments").inner_text()
    page.click("#submit-project")
    page.wait_for_load_state()
    assert page.locator("#project-status").inner_text() == "已申报"
    shot("innovation-1-project", widths=(1366,))
    ours = Project.objects.get(title="溜井放矿口防堵装置")
    assert ours.members.get(is_lead=True).person.name == "（演示）高远"

    # 2. the organiser screens everything in bulk and generates voting codes
    organiser = fresh_page(page, DESKTOP)
    organiser.goto(f"{live_server.url}/login/?next=/competitions/{SLUG}/screening/")
    organiser.fill("#id_username", "xs-union")
    organiser.fill("#id_password", "pw-123456")
    organiser.click("main button[type=submit]")
    organiser.wait_for_load_state()
    organiser.check("[data-bulk-all]")
    organiser.click("#screen-pass")
    organiser.wait_for_load_state()
    assert organiser.locator("text=已通过 15 项").count() == 1
    shot("innovation-2-screening", widths=(1366,), on=organiser)
    organiser.goto(f"{base}/votes/")
    organiser.select_option("#id_unit", label="(演示)采矿作业区")
    organiser.fill("#id_count", "3")
    organiser.click("button:has-text('生成')")
    organiser.wait_for_load_state()
    code = organiser.locator("#codes").inner_text().split()[0]

    # 3. a voter on a phone: code, then two votes, the second one twice
    phone = fresh_page(page, PHONE)
    phone.goto(f"{live_server.url}/vote/{SLUG}/")
    phone.fill("#id_code", code)
    phone.click("#code-form button[type=submit]")
    phone.wait_for_load_state()
    assert phone.locator("#voter-ok").count() == 1
    card = phone.locator(f"#p{ours.pk}")
    card.locator("button:has-text('投票')").click()
    phone.wait_for_load_state()
    assert phone.locator(f"#p{ours.pk} .vote-count").inner_text() == "1"
    phone.locator(f"#p{ours.pk} button:has-text('投票')").click()
    phone.wait_for_load_state()
    assert phone.locator("text=今天已为该成果投过票").count() == 1
    widths = shot("innovation-3-vote", widths=(390, 1366), on=phone)
    assert widths[390] <= 390, f"the voting page scrolls sideways on a phone ({widths[390]}px)"
    assert Vote.objects.filter(project=ours, voided=False).count() == 1

    # 4. review: the judges' page shows the recusal of the expert from 采矿作业区
    review_everything(competition)
    event = ours.category
    organiser.goto(f"{base}/scoring/{event.pk}/judges/")
    assert "裁判所在单位属于代表队" in organiser.locator("#conflicts-xs-expert2").inner_text()
    shot("innovation-4-judges", widths=(1366,), on=organiser)

    # 5. combined result, published
    organiser.goto(f"{base}/innovation-results/")
    organiser.click("#compute")
    organiser.wait_for_load_state()
    assert organiser.locator("text=已计算 15 项成果的综合成绩").count() == 1
    organiser.click("#publish")
    organiser.wait_for_load_state()
    shot("innovation-5-results", widths=(1366,), on=organiser)
    public = fresh_page(page, PHONE)
    public.goto(f"{live_server.url}/innovation-results/{SLUG}/")
    rows = public.locator("#public-results tbody tr")
    assert rows.count() == 15
    assert "一等奖" in rows.first.inner_text()
    widths = shot("innovation-6-public-results", widths=(390, 1366), on=public)
    assert widths[390] <= 390
    for extra in (organiser, phone, public):
        extra.context.close()
