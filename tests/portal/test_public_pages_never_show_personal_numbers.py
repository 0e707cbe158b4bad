"""A property, tried on generated data (hypothesis): no public page and no public export ever contains a
full 18-character ID number or an 11-digit mobile number — whatever the numbers, names and genders of
the people on the public notice, in the published results and on the honours roster.

Public pages are those anonymous users may open (the permission matrix's ``200`` for anonymous);
public exports are the registered exporters with ``public = True``. A public exporter added without a
way to build it here fails ``test_every_public_exporter_is_tried``: add it to ``PUBLIC_EXPORTS``.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from awards.models import Award
from core.exports import exporters
from core.history import record_pks
from core.idcard import make_demo_id_number
from directory.models import Person
from tests.scenarios.permissions import permission_world

pytestmark = pytest.mark.django_db

FULL_ID = re.compile(r"(?<![0-9])[1-9]\d{16}[\dXx](?![0-9])")
MOBILE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")

# How to build each public exporter over the world (a function of it).
PUBLIC_EXPORTS = {
    "roster": lambda w: {"year": w["award"].year},
    "notice": lambda w: {"campaign": w["notice"]},
}


def public_urls(w) -> list[str]:
    return [
        reverse("portal:home"),
        reverse("login"),
        reverse("awards:notice_list"),
        reverse("awards:notice_detail", args=[w["notice"].pk]),
        reverse("awards:objection_create", args=[w["notice"].pk, w["in_notice"].pk]),
        reverse("awards:objection_receipt") + f"?receipt={w['objection'].receipt}",
        reverse("competitions:public_results", args=[w["published"].slug]),
        reverse("competitions:public_event_results", args=[w["published"].slug, w["pub_event"].pk]),
    ]


@pytest.fixture
def world(db):
    return permission_world()


def export_text(cls, params) -> str:
    """Every cell of every sheet of the file, as text (numbers too), one per line."""
    buf = io.BytesIO()
    cls(**params).write(buf)
    book = load_workbook(io.BytesIO(buf.getvalue()))
    return "\n".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
        for value in row if value is not None
    )


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
people = st.lists(
    st.fixed_dictionaries({
        "name": st.text(CJK, min_size=2, max_size=4),
        "gender": st.sampled_from(["M", "F"]),
        "birth": st.dates(dt.date(1950, 1, 1), dt.date(2005, 12, 31)),
        "area": st.integers(110000, 659999).map(str),
        "seq": st.integers(0, 499),
        "phone": st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    }),
    min_size=2, max_size=2, unique_by=lambda p: (p["area"], p["birth"], p["seq"], p["gender"]),
)


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=people)
def test_no_public_page_or_export_shows_a_full_id_number_or_phone(world, people):
    persons = [world["person"], world["in_notice"].person]
    numbers = []
    # the last example's numbers may be swapped in this one: free them first (they are unique)
    Person.objects.filter(pk__in=[p.pk for p in persons]).update(id_number=None)
    for person, p in zip(persons, people, strict=True):
        id_number = make_demo_id_number(p["area"], p["birth"], p["seq"], p["gender"])
        Person.objects.filter(pk=person.pk).update(
            name=p["name"], gender=p["gender"], birth_date=p["birth"], id_number=id_number, phone=p["phone"]
        )
        numbers += [id_number, p["phone"]]
    # recorded in the change history as every service's write is: the public pages' cached parts
    # are keyed by it (core.pagecache)
    record_pks(Person, [p.pk for p in persons])
    Award.objects.filter(person=persons[0]).update(recipient_name=people[0]["name"], gender=people[0]["gender"])
    client = Client()
    texts = {url: client.get(url).content.decode() for url in public_urls(world)}
    for name, params in PUBLIC_EXPORTS.items():
        texts[f"export {name}"] = export_text(exporters()[name], params(world))
    # the generated people really are on the pages and in the files (else the check proves nothing)
    # (rosters print two-character names with a full-width space between the characters: 王　宁)
    shown = {where: text.replace("\u3000", "") for where, text in texts.items()}
    assert people[0]["name"] in shown["export roster"] and people[1]["name"] in shown["export notice"]
    assert people[0]["name"] in shown[public_urls(world)[-1]]
    assert people[1]["name"] in shown[public_urls(world)[3]]
    for where, text in texts.items():
        for number in numbers:
            assert number not in text, (where, number)
        assert not FULL_ID.search(text), (where, FULL_ID.search(text).group())
        assert not MOBILE.search(text), (where, MOBILE.search(text).group())


def test_every_public_exporter_is_tried():
    public = sorted(name for name, cls in exporters().items() if cls.public)
    assert public == sorted(PUBLIC_EXPORTS)


def test_the_pages_tried_are_public(world):
    client = Client()
    for url in public_urls(world):
        assert client.get(url).status_code == 200, url
