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
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's runtime control socket (gunicornc) is one fixed path per user: off, so that several
# instances (a benchmark beside a server) never fight over it.
control_socket_disable = True
