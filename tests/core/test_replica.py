"""With a read replica configured, only public GET pages read from it; writes and signed-in pages never do."""

from django.test import RequestFactory

from core.replica import REPLICA, PublicReadsOnReplicaMiddleware, ReplicaRouter
from directory.models import Person


def _alias_during(method: str, path: str):
    seen = {}

    def view(request):
        seen["read"] = ReplicaRouter().db_for_read(Person)
        seen["write"] = ReplicaRouter().db_for_write(Person)
        return "response"

    request = getattr(RequestFactory(), method.lower())(path)
    PublicReadsOnReplicaMiddleware(view)(request)
    return seen


def test_public_gets_read_from_the_replica():
    assert _alias_during("GET", "/results/haihe-cup-2023/") == {"read": REPLICA, "write": None}
    assert _alias_during("GET", "/notices/1/")["read"] == REPLICA


def test_writes_and_other_pages_use_the_primary():
    assert _alias_during("POST", "/notices/1/objection/3/") == {"read": None, "write": None}
    assert _alias_during("GET", "/competitions/")["read"] is None
    assert _alias_during("GET", "/")["read"] is None
    assert ReplicaRouter().db_for_read(Person) is None  # outside any request
    assert ReplicaRouter().allow_migrate(REPLICA, "core") is False
