"""Deployment settings (issue 12): the production key check, `check --deploy`, and the security
headers every response carries."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3Jx9-production-like-key-QwErTy-uiop-AsDfGh-jklZ-xcvB-nm12-3456",
    "ALLOWED_HOSTS": "jiangxin.example.org",
    "HTTPS": "true",
}


def manage(*args, **env):
    # the environment of a production server: none of what the test run set (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses)
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_debug_off_refuses_to_start_with_the_repository_key():
    proc = manage("check", DEBUG="false")
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr and "SECRET_KEY" in proc.stderr


def test_debug_on_starts_with_the_repository_key():
    proc = manage("check", DEBUG="true")
    assert proc.returncode == 0, proc.stderr


def test_check_deploy_passes_under_production_settings():
    proc = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


def test_check_deploy_warns_without_https_settings():
    proc = manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "HTTPS": "false"})
    assert proc.returncode != 0
    assert "security.W004" in proc.stderr + proc.stdout  # HSTS


@pytest.mark.django_db
def test_every_response_carries_csp_and_permissions_policy(client):
    for url in ("/", "/login/", "/notices/", "/no-such-page/"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_templates_have_no_inline_script_handlers_or_styles():
    # What the policy would block: every template, checked as text.
    import re

    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"\sstyle\s*=", r"javascript:"):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert offenders == []


def test_secure_settings_follow_the_environment():
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
            "from django.conf import settings as s;"
            "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
            " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_PROXY_SSL_HEADER)",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            **PRODUCTION,
            "SECURE_HSTS_SECONDS": "600",
            "SECURE_PROXY_SSL_HEADER": "true",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout.split() == ["True", "True", "True", "600", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')"]


@pytest.mark.django_db
def test_request_bodies_above_the_upload_limit_are_refused_before_anything_reads_them(monkeypatch):
    from django.core.files import uploadedfile
    from django.test import Client

    written = []
    original = uploadedfile.TemporaryUploadedFile.__init__

    def spy(self, *args, **kwargs):
        written.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", spy)
    client = Client(enforce_csrf_checks=True)  # anonymous, no CSRF token: the CSRF check would refuse
    too_big = io.BytesIO(b"\0" * (settings.JIANGXIN_REQUEST_MAX_BYTES + 1))
    too_big.name = "大文件.xlsx"
    response = client.post("/notices/", {"file": too_big})
    assert response.status_code == 413
    assert "文件超过" in response.content.decode()
    from wsgiref.util import is_hop_by_hop

    assert not [name for name in response.headers if is_hop_by_hop(name)]  # a WSGI server would refuse them
    assert written == []  # no temporary file was ever started


@pytest.mark.django_db
def test_an_upload_within_the_limit_stays_in_memory(client, organizer_of, org_tree, monkeypatch):
    from django.core.files import uploadedfile

    written = []
    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", lambda self, *a, **k: written.append(a))
    client.force_login(organizer_of(org_tree["root"]))
    upload = io.BytesIO(b"PK\x05\x06" + b"\0" * (settings.JIANGXIN_UPLOAD_MAX_BYTES - 4))
    upload.name = "报名表.xlsx"
    response = client.post("/awards/import/", {"file": upload})
    assert response.status_code == 200
    assert written == []
