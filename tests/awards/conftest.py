"""The awards tests' world: ``tests.scenarios.honours``."""

import pytest

from awards.services import nominations as nomination_services
from tests.scenarios.honours import TODAY, draft_maker, honours_world, refresh, worker_maker


@pytest.fixture
def world(db):
    return honours_world()


@pytest.fixture
def worker(world):
    return worker_maker(world)


@pytest.fixture
def draft(world, worker):
    return draft_maker(world, worker)


@pytest.fixture
def approved(world, draft, worker):
    """approved(n=…) → that many approved medal nominations at 甲公司 (候选0, 候选1, …)."""

    def make(n=2, **flags):
        out = []
        for i in range(n):
            nom = draft(person=worker(name=f"候选{i}", **flags))
            nomination_services.nomination_submit(nomination=nom, by=world["users"]["a"], today=TODAY)
            nomination_services.nomination_approve(nomination=nom, by=world["users"]["reviewer"])
            out.append(refresh(nom))
        return out

    return make
