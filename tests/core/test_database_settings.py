"""The embedded database under concurrent users: WAL, BEGIN IMMEDIATE, a busy timeout, and a
"busy" page (503) instead of a server error when the wait runs out."""

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from core.middleware import DatabaseBusyMiddleware

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite settings")


@sqlite_only
@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions_and_a_busy_timeout(settings):
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == options["timeout"] * 1000


def respond(exception):
    return DatabaseBusyMiddleware(lambda request: None).process_exception(RequestFactory().get("/"), exception)


def test_a_locked_database_is_a_busy_page_not_a_500():
    response = respond(OperationalError("database is locked"))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "系统繁忙，请稍后重试" in response.content.decode()


def test_other_database_errors_are_not_hidden():
    assert respond(OperationalError("no such table: x")) is None
    assert respond(ValueError("database is locked")) is None
