"""Every list's filter row is written by ``FilterForm.row_html`` in one pass, and what it writes is
what crispy-forms draws for the same form (``{% crispy %}``, Bootstrap 5 pack): same elements, classes,
values, selected options, checked boxes and escaping — compared as parsed HTML, page by page, with
filters unset and set. A form with errors, or a field it does not draw, is left to crispy."""

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms
from django.contrib.auth import get_user_model
from django.test.html import parse_html
from django.urls import reverse

from awards.models import Campaign, HonorType
from competitions.models import Competition, Event
from core.forms import FilterForm
from directory.models import Organization

pytestmark = pytest.mark.django_db

HOSTILE = '<b>"王&芳\'</b>'


def assert_row_is_crispys(client, url, query=None, *, drawn_by_us=True):
    response = client.get(url, query or {})
    assert response.status_code == 200
    form = response.context["filter"]
    form = form["form"] if isinstance(form, dict) else form.form  # a FilterSet's form, or the form itself
    ours = form.row_html()
    if not drawn_by_us:
        assert ours is None
        assert "form-errors" in response.content.decode()  # crispy drew it, with its summary
        return ours
    assert ours is not None
    assert ours in response.content.decode()  # the page carries this row, not crispy's
    assert parse_html(ours) == parse_html(render_crispy_form(form))  # (crispy adds classes to the widgets)
    return ours


@pytest.fixture
def demo(client, seed_data):
    client.login(username="demo", password="pw-123456")
    return client


def test_the_entries_filter_row_is_crispys_unset_and_set(demo):
    competition = Competition.objects.filter(events__entries__isnull=False).distinct().order_by("id").first()
    url = reverse("competitions:entry_list", args=[competition.slug])
    event = Event.objects.filter(competition=competition).order_by("id").last()
    assert_row_is_crispys(demo, url)
    html = assert_row_is_crispys(
        demo,
        url,
        {"q": HOSTILE, "event": event.pk, "status": "withdrawn", "gender": "F", "ordering": "-bib",
         "categories": ["is_frontline", "is_professional"]},
    )
    assert f'<option value="{event.pk}" selected>' in html
    assert 'value="is_frontline" id="id_categories_2" checked' in html
    assert "&lt;b&gt;&quot;王&amp;芳&#x27;&lt;/b&gt;" in html and HOSTILE not in html
    # two sort keys: django-filter draws them as a text box, which crispy is left to draw
    assert demo.get(url, {"ordering": "-bib,name"}).context["filter"].form.row_html() is None


def test_the_people_competitions_and_awards_filter_rows_are_crispys(demo):
    city = Organization.objects.filter(parent__isnull=False).order_by("id").first()
    honour = HonorType.objects.order_by("id").first()
    assert_row_is_crispys(demo, reverse("portal:person_list"))
    assert_row_is_crispys(demo, reverse("portal:person_list"), {"employer": city.pk, "skill_level": "level3"})
    assert_row_is_crispys(demo, reverse("competitions:competition_list"))
    assert_row_is_crispys(demo, reverse("competitions:competition_list"), {"year": 2023, "q": HOSTILE})
    assert_row_is_crispys(demo, reverse("awards:award_list"))
    html = assert_row_is_crispys(
        demo, reverse("awards:award_list"), {"honor_type": honour.pk, "year": "2020", "org": city.pk}
    )
    assert f'<input type="hidden" name="org" value="{city.pk}" id="id_org">' in html


def test_the_campaign_filter_rows_are_crispys(client, seed_data):
    client.login(username="tianjin", password="pw-123456")
    campaign = Campaign.objects.filter(nominations__isnull=False).order_by("id").first()
    url = reverse("awards:campaign_detail", args=[campaign.pk])
    assert_row_is_crispys(client, url)
    assert_row_is_crispys(client, url, {"status": "approved", "q": HOSTILE})
    assert_row_is_crispys(client, reverse("awards:campaign_list"), {"status": "reviewing"})


def test_the_change_list_filter_row_is_crispys(client, seed_data):
    admin = get_user_model().objects.create_superuser("filter-admin", password="pw-123456")
    client.force_login(admin)
    url = reverse("portal:change_list")
    assert_row_is_crispys(client, url, {"type": "", "id": ""})
    assert_row_is_crispys(client, url, {"type": "person", "id": "7", "user": admin.pk})


def test_a_filter_with_errors_is_drawn_by_crispy_with_its_summary(demo):
    assert_row_is_crispys(demo, reverse("awards:award_list"), {"year": "abc"}, drawn_by_us=False)


def test_a_field_the_row_does_not_draw_leaves_the_whole_form_to_crispy():
    class WithDate(FilterForm, forms.Form):
        name = forms.CharField(label="姓名", required=False)
        day = forms.DateField(label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    class WithHelp(FilterForm, forms.Form):
        name = forms.CharField(label="姓名", required=False, help_text="可输入部分姓名")

    class WithClass(FilterForm, forms.Form):
        name = forms.CharField(label="姓名", required=False, widget=forms.TextInput(attrs={"class": "wide"}))

    class Plain(FilterForm, forms.Form):
        name = forms.CharField(label="姓名", required=False)

    assert WithDate({}).row_html() is None
    assert WithHelp({}).row_html() is None
    assert WithClass({}).row_html() is None
    assert Plain({}).row_html() is not None
