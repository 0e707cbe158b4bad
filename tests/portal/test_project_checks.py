from io import StringIO

import pytest
from django.core.management import call_command


def test_system_check_is_clean():
    call_command("check", stdout=StringIO())


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_settings_are_chinese_and_safe_by_default(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


def test_every_domain_model_has_an_admin_with_search():
    from django.apps import apps
    from django.contrib import admin

    for model in apps.get_models():
        if model._meta.app_label in {"core", "directory", "competitions", "awards"}:
            model_admin = admin.site._registry.get(model)
            assert model_admin is not None, f"{model.__name__} has no admin"
            assert model_admin.search_fields, f"{model.__name__} admin has no search"
