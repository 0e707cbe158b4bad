import pytest
from django.core.cache import cache

from tests.scenarios.innovation import innovation_contest


@pytest.fixture
def contest(db):
    cache.clear()
    return innovation_contest()
