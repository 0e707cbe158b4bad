"""Logs and lists name people one way (issue 11): the full name, else the username."""

import pytest
from django.template import Context, Template

from tests.factories import UserFactory


@pytest.mark.django_db
def test_person_name_is_the_full_name_else_the_username():
    tpl = Template("{% load jiangxin %}[{{ a|person_name }}][{{ b|person_name }}][{{ c|person_name|default:'—' }}]")
    named = UserFactory(username="tj-li", first_name="", last_name="李明")
    bare = UserFactory(username="lf-judge9", first_name="", last_name="")
    assert tpl.render(Context({"a": named, "b": bare, "c": None})) == "[李明][lf-judge9][—]"
