"""The portal tests' worlds: the honours world (``tests.scenarios.honours``) for the 变更记录 page."""

import pytest

from tests.scenarios.honours import draft_maker, honours_world, worker_maker


@pytest.fixture
def world(db):
    return honours_world()


@pytest.fixture
def worker(world):
    return worker_maker(world)


@pytest.fixture
def draft(world, worker):
    return draft_maker(world, worker)
