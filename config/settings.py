"""Settings, read from the environment (12-factor) with safe local defaults.

SQLite file by default; DATABASE_URL=postgres://… selects PostgreSQL.
"""

import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# openpyxl switches to lxml whenever lxml is installed (python-docx needs it), and then writes a
# carriage return in a cell as a bare CR that reads back as a line feed, and reads cached formula
# values differently. Keep openpyxl on the standard library's XML, as the spreadsheets were built
# and tested; set before anything imports openpyxl (settings load first).
os.environ.setdefault("OPENPYXL_LXML", "False")


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# The local default key is only acceptable while DEBUG is on or in tests (tests/settings.py sets its
# own); with DEBUG off the hardening block below refuses to start with it.
DEV_SECRET_KEY = "local-dev-only-not-secret-jiangxin"  # noqa: S105 - refused with DEBUG off
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER = TemplatesSetting
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
    "care",
    "portal",
]

MIDDLEWARE = [
    "core.middleware.RequestLogMiddleware",  # one log line per request (issue 14, block below)
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "directory.middleware.ForcePasswordChangeMiddleware",
    # Exposes the request's user to the change history (core.history) when no service names one.
    "simple_history.middleware.HistoryRequestMiddleware",
    "directory.middleware.MembershipsOncePerRequest",
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

# PostgreSQL compiles a query (JIT) when its estimated cost passes jit_above_cost (default 100 000):
# the lists' capped COUNTs and filtered pages, estimated at 0.2–1.7 million for a few ms of work,
# spent 20–530 ms compiling (issue 13, bench/pages.py 表彰记录). Only far larger queries are compiled.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", os.environ.get("PG_OPTIONS", "-c jit_above_cost=10000000")
    )
    # Server-side binding (psycopg 3): the parameters travel apart from the SQL text, so psycopg does not
    # quote them into it in Python, and a query run five times on a connection is prepared (planned
    # once). bench/load.py, two interleaved pairs: 118.3-118.5 -> 125.1-135.9 requests/s, gunicorn
    # 12.6 -> 11.0-11.9 ms of CPU per request. Behind PgBouncer in transaction mode (before 1.21, or
    # without max_prepared_statements) prepared statements break: PG_SERVER_SIDE_BINDING=false there.
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = env_bool("PG_SERVER_SIDE_BINDING", True)

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
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Uploads: spreadsheets are read from memory up to this size, and refused above it. Request bodies
# are bounded in the hardening block below (Django's limits and core.middleware.RequestSizeLimit).
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

DJANGO_TABLES2_TEMPLATE = "core/table.html"  # Bootstrap 5, scrolls sideways, rows by core.table_rows

# Forms are drawn one way: django-crispy-forms with its Bootstrap 5 pack (see core/forms.py);
# templates/bootstrap5/ overrides the pack's error summary.
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Widgets render through the project's templates too, so templates/django/forms/ can override one
# (the select, whose stock template includes a template per option).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


# --- Production serving, shared state and background jobs (issue 14) -------------------------------
# One settings module: production is DEBUG=false plus the environment below (README "Production").
# HTTPS, security headers, CSP, the SECRET_KEY refusal and SQLite's concurrency settings are in the
# hardening block below.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

# Static files: WhiteNoise serves them from STATIC_ROOT (`manage.py collectstatic`), compressed
# (gzip/brotli) with content-hashed names and far-future caching. DEBUG and the tests use the plain
# storage and the finders, so neither needs collectstatic.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
if TESTING:  # job files the tests write stay out of the work tree
    MEDIA_ROOT = Path(tempfile.gettempdir()) / "jiangxin-test-media"
MEDIA_URL = "media/"
_MANIFEST_STATIC = not DEBUG and not TESTING
STORAGES = {
    # Job result files (core.jobs) go through the storage API: FileSystemStorage here; a shared
    # volume or an S3-compatible storage in a multi-machine deployment (docs/deployment.md).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _MANIFEST_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if _MANIFEST_STATIC:
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")

# Shared state: with REDIS_URL the cache (and so the objection rate limit and any lock-out, which
# count in the cache) and the sessions (cached_db: Redis in front of the database) are shared by
# every web process and machine. Without it: a per-process memory cache and database sessions,
# which is right for one process (`make run`).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "jx"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background jobs: Django's task API (the django-tasks backport of DEP 14, django.tasks in Django 6).
# Embedded default: the database backend (django-tasks-db) and its `db_worker`, which `make run`
# starts beside runserver. With REDIS_URL (or JIANGXIN_TASKS=rq) the RQ backend (django-tasks-rq) on
# Redis: `manage.py rqworker --job-class django_tasks_rq.Job default`. The tests run tasks at once.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
JIANGXIN_TASKS = os.environ.get("JIANGXIN_TASKS", "rq" if REDIS_URL else "database").strip().lower()
if TESTING:
    JIANGXIN_TASKS = os.environ.get("JIANGXIN_TEST_TASKS", "immediate")
if JIANGXIN_TASKS == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": os.environ.get("JIANGXIN_QUEUE_URL", REDIS_URL), "DEFAULT_TIMEOUT": 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif JIANGXIN_TASKS == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A PostgreSQL read replica for the public pages (core/replica.py, docs/deployment.md).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0"))
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "core.replica.PublicReadsOnReplicaMiddleware")
# Imports and exports of more rows than this run as background jobs with a progress bar.
JIANGXIN_JOB_THRESHOLD_ROWS = int(os.environ.get("JIANGXIN_JOB_THRESHOLD_ROWS", "2000"))
# How long a finished job's file may be downloaded (hours); a running job whose worker has not
# reported for this many seconds is marked failed (its worker died; its transaction rolled back).
JIANGXIN_JOB_KEEP_HOURS = int(os.environ.get("JIANGXIN_JOB_KEEP_HOURS", "24"))
JIANGXIN_JOB_STALE_SECONDS = int(os.environ.get("JIANGXIN_JOB_STALE_SECONDS", "120"))
# The niceness a worker runs a job at (0: as the web server): where web and worker share a machine,
# pages get the CPU first and a 100 000-row export waits instead (bench/load.py).
JIANGXIN_JOB_NICE = int(os.environ.get("JIANGXIN_JOB_NICE", "10"))

# Logs: everything to stdout; one line per request (core.middleware.RequestLogMiddleware):
# time, method, path, status, user, milliseconds.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "jiangxin.request": {
            "handlers": ["console"],
            "level": os.environ.get("REQUEST_LOG_LEVEL", "WARNING" if TESTING else "INFO"),
            "propagate": False,
        },
    },
}

# --- Hardening (issue 12: hostile files, logins, deployment, concurrency) ---------------------------
# Kept in one block, applied to the lists above, so other blocks can change those lists freely.
from datetime import timedelta  # noqa: E402

from csp.constants import NONE, SELF  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG 已关闭（生产模式），但 SECRET_KEY 仍是仓库中的开发用默认值。请在环境变量 SECRET_KEY 中设置一个随机密钥"
        "（例如 python -c 'import secrets; print(secrets.token_urlsafe(50))'），或开发时设置 DEBUG=true。"
    )

# Request bodies: form fields (everything but files) up to Django's usual 2.5 MB; a file up to the
# upload limit stays in memory (no temporary file); a body whose Content-Length passes the upload
# limit plus room for the form is refused before anything reads it (core.middleware), so no
# anonymous post can make the server write a large temporary file before the CSRF check refuses it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
JIANGXIN_REQUEST_MAX_BYTES = JIANGXIN_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = JIANGXIN_REQUEST_MAX_BYTES  # Django compares the whole body's length

# HTTPS: HTTPS=true turns on the SSL redirect, secure cookies and HSTS (one year, subdomains,
# preload); each can be set on its own. Behind a proxy that terminates TLS, set
# SECURE_PROXY_SSL_HEADER=true (trusts X-Forwarded-Proto from that proxy only).
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600 if HTTPS else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts and styles only from this site's static files — no
# inline <script>, no on…= handlers, no style="" (templates use static/js/jiangxin.js and CSS classes).
# Bootstrap draws its icons (navbar toggler, select arrows) as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): no page needs any of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "fullscreen", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock",
        "usb", "xr-spatial-tracking",
    )
}

# Logins (django-axes): after 5 failures for one username, or from one address, that username or
# address is locked for AXES_COOLOFF_MINUTES (the right password is refused meanwhile). Attempts are
# kept in the database, which every web server and worker shares (a per-process cache would let
# guesses spread over processes); admins unlock in the admin (Axes → Access attempts) or with `manage.py axes_reset`.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Behind reverse proxies, how many: the address is then read from X-Forwarded-For (core.middleware).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_ip"

INSTALLED_APPS += ["csp", "django_permissions_policy", "axes"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
MIDDLEWARE.insert(0, "core.middleware.RequestSizeLimitMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django_permissions_policy.PermissionsPolicyMiddleware",
)
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "core.middleware.PersonalDataNoStoreMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes requires

# SQLite under concurrent users: WAL (readers never wait for the writer), every transaction takes the
# write lock when it begins (BEGIN IMMEDIATE: a reader turning writer can never deadlock and fail at
# once) and waits up to SQLITE_BUSY_TIMEOUT seconds for it. A request still waiting after that gets
# a "busy, try again" page (core.middleware.DatabaseBusyMiddleware), never a 500.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        }
    )
MIDDLEWARE.insert(1, "core.middleware.DatabaseBusyMiddleware")
# --- end of hardening -------------------------------------------------------------------------------
