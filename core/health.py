"""``/healthz``: is this web process able to serve? JSON, 200 when every part answers, 503 otherwise.

Checks the database (one query), the cache (a write and a read) and, when jobs run on Redis (RQ),
the queue's Redis. No login, no personal data; load balancers poll it.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not keep a value")
    cache.delete(key)


def _queue() -> None:
    import django_rq  # only installed/configured with the RQ backend

    django_rq.get_connection("default").ping()


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database, "cache": _cache}
    if getattr(settings, "JIANGXIN_TASKS", "") == "rq":
        checks["queue"] = _queue
    status = {}
    for name, check in checks.items():
        try:
            check()
            status[name] = "ok"
        except Exception as exc:  # any failure is reported, never a 500
            logger.warning("healthz: %s failed: %s", name, exc)
            status[name] = "error"
    ok = all(v == "ok" for v in status.values())
    return JsonResponse({"status": "ok" if ok else "error", **status}, status=200 if ok else 503)
