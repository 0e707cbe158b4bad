"""Exporters own their parameters: one form class per exporter (``Exporter.Parameters``) makes both
the command-line options of ``manage.py export NAME`` and the web form, validated the same way — a
bad value is a Chinese CommandError on the command line, a message (never a 500) on the web."""

from __future__ import annotations

import argparse
import re

import pytest
from django import forms
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.exports import Exporter, ExportError, ExportParameters, LookupField, exporters
from directory.models import Role

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")

# The command-line options README documents (and users type): they must all still exist.
DOCUMENTED_OPTIONS = {
    "roster": {"--campaign", "--year", "--honor", "--organization", "--title", "--rule", "--ethnicity"},
    "notice": {"--campaign", "--all-approved", "--title", "--rule", "--ethnicity"},
    "nominations": {"--campaign", "--status", "--rule"},
    "statistics": {"--year", "--organization", "--depth", "--title"},
    "entries": {"--event", "--status"},
    "eligible": {"--all"},
    "people": {"--organization"},
}
DOCUMENTED_POSITIONALS = {"entries": ["competition"], "results": ["competition", "event"], "eligible": ["competition"]}


def _parser(cls: type[Exporter]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=cls.name, add_help=False)
    cls.add_arguments(parser)
    return parser


@pytest.mark.parametrize("name", sorted(exporters()))
def test_command_line_options_are_the_form_fields(name):
    cls = exporters()[name]
    assert issubclass(cls.Parameters, ExportParameters)
    assert cls.cli_option_names() == set(cls.Parameters.base_fields)
    parser = _parser(cls)
    for action in parser._actions:
        field = cls.Parameters.base_fields[action.dest]
        # help from the label; switches from BooleanFields, repeatable values from multiple choices
        assert str(field.label) in action.help
        if isinstance(field, forms.BooleanField):
            assert isinstance(action, argparse._StoreTrueAction)
        if isinstance(field, forms.MultipleChoiceField):
            assert action.nargs == "+"
    assert "add_arguments" not in cls.__dict__ and "from_cli" not in cls.__dict__, "one derivation, in core"


@pytest.mark.parametrize("name", sorted(DOCUMENTED_OPTIONS))
def test_documented_options_still_exist(name):
    parser = _parser(exporters()[name])
    options = {s for a in parser._actions for s in a.option_strings}
    assert DOCUMENTED_OPTIONS[name] <= options


@pytest.mark.parametrize("name", sorted(DOCUMENTED_POSITIONALS))
def test_documented_positionals_still_exist(name):
    parser = _parser(exporters()[name])
    assert [a.dest for a in parser._actions if not a.option_strings] == DOCUMENTED_POSITIONALS[name]


def _bad_value(field: forms.Field) -> str | None:
    if isinstance(field, LookupField):
        return "根本不存在的名称xyz"
    if isinstance(field, forms.IntegerField):
        return "abc"
    if isinstance(field, forms.ChoiceField | forms.MultipleChoiceField):
        return "bogus"
    return None


BAD_CASES = [
    (name, field_name)
    for name, cls in sorted(exporters().items())
    for field_name, field in cls.Parameters.base_fields.items()
    if _bad_value(field) is not None
]


@pytest.mark.parametrize(("name", "field_name"), BAD_CASES)
def test_a_bad_value_is_a_chinese_command_error_naming_the_option(name, field_name, honours, tmp_path):
    cls = exporters()[name]
    field = cls.Parameters.base_fields[field_name]
    bad = _bad_value(field)
    if field_name in cls.Parameters.positional:
        argv = [bad] if cls.Parameters.positional[0] == field_name else ["export-test-cup", bad]
    else:
        argv = ["--" + field_name.replace("_", "-"), bad]
    out = tmp_path / "x.xlsx"
    with pytest.raises(CommandError) as info:
        call_command("export", name, *argv, "-o", str(out))
    message = str(info.value)
    assert CJK.search(message), message
    option = field_name.upper() if field_name in cls.Parameters.positional else "--" + field_name.replace("_", "-")
    assert option in message, message
    assert not out.exists()


@pytest.mark.parametrize(("name", "field_name"), BAD_CASES)
def test_the_same_bad_value_is_the_same_error_from_python_and_the_form(name, field_name, honours):
    cls = exporters()[name]
    bad = _bad_value(cls.Parameters.base_fields[field_name])
    with pytest.raises(ExportError) as info:
        cls(**{field_name: bad})
    assert field_name in info.value.fields
    form = cls.Parameters({field_name: bad})
    assert not form.is_valid()
    assert form.errors[field_name] == info.value.fields[field_name]


def test_missing_required_values_are_explained_in_chinese(db, tmp_path):
    with pytest.raises(CommandError, match="请指定评选批次"):
        call_command("export", "notice", "-o", str(tmp_path / "n.xlsx"))
    with pytest.raises(CommandError, match="请指定竞赛"):
        call_command("export", "results", "-o", str(tmp_path / "r.xlsx"))


def test_specific_messages(honours, tmp_path):
    out = str(tmp_path / "x.xlsx")
    with pytest.raises(CommandError, match="年度应为数字"):
        call_command("export", "roster", "--year", "二〇二四", "-o", out)
    with pytest.raises(CommandError, match="年度超出范围"):
        call_command("export", "roster", "--year", "1800", "-o", out)
    with pytest.raises(CommandError, match="未知的推荐状态"):
        call_command("export", "nominations", "--campaign", str(honours.campaign.pk), "--status", "bogus", "-o", out)
    with pytest.raises(CommandError, match="分组层级应在 0 到 10 之间"):
        call_command("export", "statistics", "--depth", "11", "-o", out)
    with pytest.raises(CommandError, match="天津市五一劳动奖章"):  # the closest honour names
        call_command("export_roster", "--honor", "天津五一劳动奖章", "-o", out)


def test_repeated_and_listed_multiple_values(honours, tmp_path):
    out = tmp_path / "n.xlsx"
    campaign = str(honours.campaign.pk)
    call_command("export", "nominations", "--campaign", campaign, "--status", "in_notice", "approved", "-o", str(out))
    call_command("export", "nominations", "--campaign", campaign, "--status", "in_notice", "--status", "approved",
                 "-o", str(out))
    assert out.exists()


def test_aliases_on_the_command_line(honours, competition_world, tmp_path):
    out = tmp_path / "a.xlsx"
    call_command("export", "notice", "--campaign", str(honours.campaign.pk), "--all", "-o", str(out))
    call_command("export", "eligible", "export-test-cup", "--all", "-o", str(out))
    call_command("export", "eligible", "export-test-cup", "--include-unpublished", "-o", str(out))


def test_the_web_form_is_the_same_declaration_scoped_to_the_user(honours, user_with):
    cls = exporters()["roster"]
    user = user_with((honours.district_b, Role.ORGANIZER))
    form = cls.Parameters(user=user)
    assert set(form.fields) == cls.cli_option_names()
    organisations = set(form.fields["organization"].queryset)
    assert honours.district_b in organisations and honours.district_a not in organisations
    # Outside the user's scope: refused by the web form, accepted from the command line (no user).
    bound = cls.Parameters({"organization": str(honours.district_a.pk)}, user=user)
    assert not bound.is_valid() and "可见" in bound.errors["organization"][0]
    assert cls.Parameters({"organization": str(honours.district_a.pk)}).is_valid()


@pytest.fixture
def organiser(client, honours, user_with):
    client.force_login(user_with((honours.root, Role.ORGANIZER)))
    return client


@pytest.mark.parametrize(
    ("url_name", "query", "words"),
    [
        ("roster", {"rule": "bogus"}, "排序"),
        ("notice", {"rule": "x"}, "排序"),
        ("nominations", {"rule": "x"}, "排序"),
    ],
)
def test_a_bad_value_on_the_web_is_a_message_not_a_500(organiser, honours, url_name, query, words):
    url = reverse("awards:campaign_export", args=[honours.campaign.pk, url_name])
    response = organiser.get(url, query, follow=True)
    assert response.status_code == 200
    text = " ".join(str(m) for m in response.context["messages"])
    assert "导出失败" in text and words in text


def test_bad_values_on_the_award_list_and_statistics_pages(organiser, honours):
    response = organiser.get(reverse("awards:award_export"), {"year": 2024, "rule": "bogus"}, follow=True)
    assert response.status_code == 200
    assert "排序" in " ".join(str(m) for m in response.context["messages"])
    page = organiser.get(reverse("awards:statistics"), {"year": "abc", "depth": "99"})
    assert page.status_code == 200
    assert "年度应为数字" in page.content.decode() and "分组层级" in page.content.decode()
    response = organiser.get(reverse("awards:statistics_export"), {"depth": "99"}, follow=True)
    assert response.status_code == 200


def test_results_book_bad_event_on_the_web(client, honours, competition_world, user_with):
    client.force_login(user_with((honours.root, Role.ORGANIZER)))
    url = reverse("competitions:results_book", args=["export-test-cup"])
    response = client.get(url, {"event": "没有这个赛项"}, follow=True)
    assert response.status_code == 200
    assert "没有赛项" in " ".join(str(m) for m in response.context["messages"])
