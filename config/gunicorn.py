"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi` (README "Production").

Every value can be changed by the environment; gunicorn's own access log stays off because the app
writes one line per request itself (core.middleware.RequestLogMiddleware), with the user.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # long work runs as background jobs
graceful_timeout = 30
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))  # recycle workers now and then
max_requests_jitter = 200
# The app is imported once, in the master, before the workers fork: a worker (re)started after its
# max_requests is serving at once instead of importing Django again (1-2 s of a core each, with the
# requests sent to it waiting), and the workers share the imported code's memory. Code changes then
# need a restart of the master, not a HUP. GUNICORN_PRELOAD=false turns it off.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").strip().lower() not in ("0", "false", "no", "off")
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's runtime control socket (gunicornc) is one fixed path per user: off, so that several
# instances (a benchmark beside a server) never fight over it.
control_socket_disable = True


def when_ready(server):
    """With the app preloaded, what each worker's first requests would otherwise build for itself —
    the URL patterns, the translation catalogue, the compiled page frame — built once in the master
    and shared by every fork. Nothing here opens a database or Redis connection (a forked worker must
    not share one)."""
    if not preload_app:
        return
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver()._populate()
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("匠心")
    get_template("base.html")
