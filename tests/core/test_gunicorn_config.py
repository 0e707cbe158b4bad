"""config/gunicorn.py: the app is preloaded in the master (a recycled worker serves at once) unless
GUNICORN_PRELOAD says otherwise, and the master's warm-up builds what every worker would otherwise
build for itself without opening a database connection (a forked worker must not share one)."""

import importlib.util
from pathlib import Path

import pytest
from django.db import connections
from django.urls import get_resolver

CONFIG = Path(__file__).resolve().parents[2] / "config" / "gunicorn.py"


def _load(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_config_under_test", CONFIG)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("false", False), ("0", False), ("yes", True)])
def test_preload_follows_the_environment(monkeypatch, value, expected):
    assert _load(monkeypatch, GUNICORN_PRELOAD=value).preload_app is expected


def test_the_preload_is_on_by_default(monkeypatch):
    monkeypatch.delenv("GUNICORN_PRELOAD", raising=False)
    assert _load(monkeypatch).preload_app is True


def test_the_masters_warm_up_opens_no_database_connection(monkeypatch):
    config = _load(monkeypatch, GUNICORN_PRELOAD="true")
    for connection in connections.all():
        connection.close()
    get_resolver()._populated = False  # built again by the warm-up
    config.when_ready(server=None)
    assert all(connection.connection is None for connection in connections.all())
    assert get_resolver()._populated
