"""Settings, read from the environment (12-factor) with safe local defaults.

SQLite file by default; DATABASE_URL=postgres://… selects PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# The local default key is only acceptable while DEBUG is on or in tests;
# production must set SECRET_KEY (checked by `manage.py check --deploy`).
SECRET_KEY = os.environ.get("SECRET_KEY", "local-dev-only-not-secret-jiangxin")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "bootstrap",
    # Bootstrap Icons (font + CSS) as static files of an installed package: no CDN
    "js_lib_bootstrap_icons",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "core",
    "directory",
    "competitions",
    "awards",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "directory.middleware.ForcePasswordChangeMiddleware",
    # Exposes the request's user to the change history (core.history) when no service names one.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.changes",
                # the main menu and its active item (portal/navigation.py)
                "portal.navigation.menu",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Uploads: spreadsheets are read from memory up to this size, and refused above it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
JIANGXIN_UPLOAD_MAX_BYTES = int(os.environ.get("JIANGXIN_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
JIANGXIN_IMPORT_MAX_ROWS = int(os.environ.get("JIANGXIN_IMPORT_MAX_ROWS", "100000"))
# Font written into exported workbooks (宋体 is what printed rosters use).
# Uploaded files (innovation attachments) go through Django's storage API (FileSystemStorage here).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))
JIANGXIN_ATTACHMENT_MAX_BYTES = int(os.environ.get("JIANGXIN_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
# Where voting verification codes are sent: a dotted path to a class with send(phone, text).
JIANGXIN_SMS_BACKEND = os.environ.get("JIANGXIN_SMS_BACKEND", "core.sms.ConsoleSmsBackend")
JIANGXIN_EXPORT_FONT = os.environ.get("JIANGXIN_EXPORT_FONT", "宋体")

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"  # tables scroll sideways, never squeeze

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Forms are drawn one way: django-crispy-forms with its Bootstrap 5 pack (see core/forms.py);
# templates/bootstrap5/ overrides the pack's error summary.
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
