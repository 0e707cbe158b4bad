"""Production is the same settings module with DEBUG=false and the environment of README
"Production": `check --deploy` passes, static files are hashed and compressed by WhiteNoise, and
REDIS_URL moves the cache, the sessions and the job queue to Redis. Each case runs a fresh Python
(the settings are read once per process)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "Zx8k2Jq9Lm4Np7Rs1Tv6Wy3Ab5Cd0Ef8Gh2Ij4Kl6Mn8Op0Qr2St4Uv6Wx8Yz",
    "ALLOWED_HOSTS": "jiangxin.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}
SHOW = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "tasks": settings.TASKS["default"]["BACKEND"],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "whitenoise": "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE,
}))
"""


def run(args, **env) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests in this process; no deployment has it
    dropped = {"REDIS_URL", "DEBUG", "JIANGXIN_TASKS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_REPLICA_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_under(**env) -> dict:
    result = run(["-c", SHOW], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_passes_under_the_production_environment():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_serves_hashed_compressed_static_files_and_the_embedded_default_needs_no_redis():
    found = settings_under(**PRODUCTION)
    assert found == {
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "sessions": "django.contrib.sessions.backends.db",
        "tasks": "django_tasks_db.DatabaseBackend",
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "whitenoise": True,
    }


def test_redis_url_backs_the_cache_the_sessions_and_the_queue():
    found = settings_under(**PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/8")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert found["tasks"] == "django_tasks_rq.RQBackend"


def test_development_needs_no_collectstatic():
    assert settings_under(DEBUG="true")["static"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


@pytest.mark.django_db
def test_the_tests_use_the_plain_static_storage_and_run_jobs_at_once(settings):
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
