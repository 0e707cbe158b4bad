"""Settings of the test suite: the project's settings (config/settings.py) with a test-only key.

With DEBUG off the project refuses to start on the repository's development key, so the tests
bring their own (subprocesses of ``manage.py`` inherit it through the environment). django-axes
is off because ``Client.login()`` authenticates without a request, which axes refuses; the login
lock-out tests switch it on (tests/portal/test_login_lockout.py).
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")

from config.settings import *  # noqa: F403

AXES_ENABLED = False

# SQLite: the test database is a file, not the shared in-memory one, so that threads and the live
# server meet the same WAL, BEGIN IMMEDIATE and busy timeout as production (an in-memory database
# shares one cache and answers "table is locked" at once instead of waiting). One file per process
# (pytest-xdist workers add their own suffix); Django deletes it when the run ends.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile
    from pathlib import Path

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"jiangxin-test-{os.getpid()}.sqlite3"),
    }
