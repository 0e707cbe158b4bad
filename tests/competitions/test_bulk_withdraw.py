"""批量退赛: several entries withdrawn at once with one reason, after a confirmation page; all or none."""

import pytest
from django.urls import reverse

from competitions.models import EntryStatus, RegistrationAction, RegistrationChange
from competitions.services.entries import entries_bulk_withdraw
from core.errors import DomainError, NotAllowed
from tests.factories import CompetitionFactory, EntryFactory, EventFactory, PersonFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(org_tree):
    event = EventFactory(competition=CompetitionFactory(organizer=org_tree["a"]))
    return [EntryFactory(event=event, bib=f"01{i:03d}", person=PersonFactory(employer=org_tree["a1"]))
            for i in range(3)]


def test_bulk_withdraw_records_each_entry(org_tree, entries):
    boss = member_of(org_tree["a"])
    done = entries_bulk_withdraw(entries=entries, reason="单位调整", by=boss)
    assert {e.status for e in done} == {EntryStatus.WITHDRAWN}
    assert RegistrationChange.objects.filter(action=RegistrationAction.ENTRY_WITHDRAW, reason="单位调整").count() == 3


def test_one_refusal_leaves_all_registered(org_tree, entries):
    entries[1].status = EntryStatus.DISQUALIFIED
    entries[1].save()
    boss = member_of(org_tree["a"])
    with pytest.raises(DomainError, match="未做任何更改"):
        entries_bulk_withdraw(entries=entries, reason="单位调整", by=boss)
    assert entries[0].__class__.objects.filter(status=EntryStatus.REGISTERED).count() == 2
    with pytest.raises(DomainError, match="退赛原因"):
        entries_bulk_withdraw(entries=entries[:1], reason=" ", by=boss)
    with pytest.raises(NotAllowed):
        entries_bulk_withdraw(entries=entries[:1], reason="x", by=member_of(org_tree["b"], username="other"))


def test_entry_list_confirms_before_withdrawing(client, org_tree, entries):
    competition = entries[0].event.competition
    client.force_login(member_of(org_tree["a"], username="boss"))
    list_page = client.get(reverse("competitions:entry_list", args=[competition.slug])).content.decode()
    assert 'name="ids"' in list_page and "所选报名退赛" in list_page
    url = reverse("competitions:entry_bulk_withdraw", args=[competition.slug])
    ids = [e.pk for e in entries[:2]]
    page = client.post(url, {"ids": ids}).content.decode()
    assert "确认退赛 2 条" in page and "01000" in page
    assert not RegistrationChange.objects.exists()
    assert "请填写退赛原因" in client.post(url, {"ids": ids, "confirm": "1"}).content.decode()
    response = client.post(url, {"ids": ids, "confirm": "1", "reason": "因病"})
    assert response.status_code == 302
    assert [e.status for e in entries[0].__class__.objects.order_by("bib")] == [
        EntryStatus.WITHDRAWN, EntryStatus.WITHDRAWN, EntryStatus.REGISTERED]
