"""Public pages read from a PostgreSQL read replica, when one is configured (docs/deployment.md).

With DATABASE_REPLICA_URL set, settings add the database alias ``replica``, this router and this
middleware: a GET or HEAD of a public page (``/results/…``, ``/notices/…``; no login needed, nothing
written) reads from the replica; everything else — every write, every signed-in page, the objection
form's POST — uses ``default``. A replica lags the primary by a moment; public pages tolerate that,
the organisers' pages (which must show what was just saved) never read from it.
"""

from __future__ import annotations

import contextvars

REPLICA = "replica"
PUBLIC_PREFIXES = ("/results/", "/notices/")
_reading_public = contextvars.ContextVar("jiangxin_public_read", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reading_public.get() else None

    def db_for_write(self, model, **hints):
        return None  # always the primary

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # migrations run on the primary and reach the replica by replication


class PublicReadsOnReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = request.method in ("GET", "HEAD") and request.path.startswith(PUBLIC_PREFIXES)
        token = _reading_public.set(public)
        try:
            return self.get_response(request)
        finally:
            _reading_public.reset(token)
