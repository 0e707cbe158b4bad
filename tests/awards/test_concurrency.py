"""Two requests taking the same step at once: the row lock lets exactly one through (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from awards.models import NominationStatus, NominationTransition
from awards.services import nominations as nomination_services
from core.errors import DomainError
from tests.scenarios.honours import TODAY

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_simultaneous_approvals_apply_once(world, draft):
    n = draft()
    nomination_services.nomination_submit(nomination=n, by=world["users"]["a"], today=TODAY)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve():
        try:
            barrier.wait()
            nomination_services.nomination_approve(nomination=n, by=world["users"]["reviewer"], comment="同意")
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes)[0] == "ok" and len(outcomes) == 2
    assert "不能重复审核通过" in sorted(outcomes)[1]
    assert NominationTransition.objects.filter(nomination=n, to_status=NominationStatus.APPROVED).count() == 1
