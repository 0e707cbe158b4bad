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
