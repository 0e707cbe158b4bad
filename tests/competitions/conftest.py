"""Fixtures of the competitions tests: the seed's open registration and the 某市 registration world."""

import pytest

from competitions.models import Competition
from tests.scenarios.registration import registration_world


@pytest.fixture
def haihe(seed_data):
    """The seed's open 海河工匠杯 registration (status 报名中, window in 2023, 3 places per unit)."""
    return Competition.objects.select_related("organizer").get(slug="haihe-cup-2023")


@pytest.fixture
def tianjin(client, seed_data):
    assert client.login(username="tianjin", password="pw-123456")
    return client


@pytest.fixture
def langfang(client, seed_data):
    assert client.login(username="langfang", password="pw-123456")
    return client


@pytest.fixture
def reg(db):
    return registration_world()
