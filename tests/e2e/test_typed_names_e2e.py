"""Names an organiser types (issue 11): an over-long name is a clear form error, never cut by the
browser or the server; full-width brackets stay as typed."""

import pytest

from competitions.models import Competition
from directory.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill(page, live_server, name):
    page.goto(f"{live_server.url}/competitions/new/")
    assert page.get_attribute("#id_name", "maxlength") is None  # the browser must not cut it
    page.fill("#id_name", name)
    page.select_option("#id_kind", index=1)
    page.select_option("#id_level", index=1)
    page.fill("#id_year", "2026")
    page.select_option("#id_organizer", str(Organization.objects.get(name="天津市总工会").pk))
    page.click("main button:has-text('保存')")
    page.wait_for_load_state()


def test_an_over_long_name_is_a_form_error_and_brackets_stay_full_width(seed_data, page, login, live_server, shot):
    login("tianjin")
    too_long = "2026年天津市职工职业技能大赛（第二届）" + "很长的名称" * 40
    _fill(page, live_server, too_long)
    summary = page.locator("main .form-errors[role=alert]")
    assert "竞赛名称" in summary.inner_text() and "200" in summary.inner_text()
    assert page.input_value("#id_name") == too_long  # kept whole, to be shortened by the person
    assert not Competition.objects.filter(name__startswith="2026年天津市职工职业技能大赛").exists()
    shot("competition-name-too-long", widths=(1366,))

    _fill(page, live_server, "2026年天津市职工职业技能大赛（第二届）")
    competition = Competition.objects.get(name__startswith="2026年天津市职工职业技能大赛")
    assert competition.name == "2026年天津市职工职业技能大赛（第二届）"
    assert "（第二届）" in page.inner_text("main")
