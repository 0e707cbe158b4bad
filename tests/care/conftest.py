"""The 劳模关爱 tests' world: ``tests.scenarios.care``."""

import pytest

from tests.scenarios.care import care_world


@pytest.fixture
def world(db):
    return care_world()
