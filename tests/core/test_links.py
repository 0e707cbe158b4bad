"""``core.links.RowUrl`` writes the URL ``reverse`` would, for every row, under any script prefix."""

import uuid

from django.urls import reverse, set_script_prefix

from core.links import RowUrl


def test_a_row_url_is_what_reverse_gives_for_each_id():
    person = RowUrl("portal:person_detail")
    for pk in (1, 7, 10, 99, 123456789, 2**31 - 1):
        assert person(pk) == reverse("portal:person_detail", args=[pk])


def test_leading_arguments_and_the_script_prefix_are_part_of_the_url():
    status = RowUrl("competitions:entry_status")
    assert status("cup-2026", 5) == reverse("competitions:entry_status", args=["cup-2026", 5])
    assert status("other", 5) == reverse("competitions:entry_status", args=["other", 5])
    try:
        set_script_prefix("/jiangxin/")
        assert status("cup-2026", 5).startswith("/jiangxin/")
        assert status("cup-2026", 5) == reverse("competitions:entry_status", args=["cup-2026", 5])
    finally:
        set_script_prefix("/")
    assert status("cup-2026", 5) == reverse("competitions:entry_status", args=["cup-2026", 5])


def test_anything_but_an_int_id_goes_to_reverse():
    job = RowUrl("core:job_detail")
    pk = uuid.uuid4()
    assert job(pk) == reverse("core:job_detail", args=[pk])
    assert RowUrl("portal:person_detail")("12") == reverse("portal:person_detail", args=["12"])
