"""Site-wide middlewares: the request log line (issue 14), request size, no caching of personal data and
the database-busy page (issue 12)."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from .spreadsheets.safety import too_big_message

__all__ = [
    "DatabaseBusyMiddleware",
    "PersonalDataNoStoreMiddleware",
    "RequestLogMiddleware",
    "RequestSizeLimitMiddleware",
]


class RequestSizeLimitMiddleware:
    """Refuse (413) a request whose declared body passes ``JIANGXIN_REQUEST_MAX_BYTES``.

    First in the chain: nothing has read the body yet, so no multipart parser has written a
    temporary file, whoever sent it (the CSRF and login checks come later and would read it).
    A body without Content-Length reads as empty under WSGI, so the header is all there is to check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.JIANGXIN_REQUEST_MAX_BYTES
        if length > limit:
            body = render_to_string(
                "core/request_too_big.html",
                {"message": too_big_message(settings.JIANGXIN_UPLOAD_MAX_BYTES, length)},
            )
            # (No "Connection: close" here: WSGI forbids hop-by-hop headers; the server decides.)
            return HttpResponse(body, status=413, content_type="text/html; charset=utf-8")
        return self.get_response(request)


class PersonalDataNoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user.

    What a signed-in user sees — person pages, registration lists, import previews, exports with
    full ID numbers and phones — may carry personal data; none of it may stay in a browser's or a
    proxy's cache. Public pages (notices, results) keep the default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class DatabaseBusyMiddleware:
    """A request that waited for the database's write lock longer than the busy timeout (SQLite:
    "database is locked") answers 503 with a Chinese "try again" page; the transaction that was
    waiting was rolled back. Any other database error still propagates (a real 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and "locked" in str(exception).lower():
            body = render_to_string("core/database_busy.html", request=request)
            response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
            response["Retry-After"] = "5"
            return response
        return None


def client_ip(request) -> str | None:
    """The client's address for the login lock-out (``AXES_CLIENT_IP_CALLABLE``).

    ``REMOTE_ADDR`` unless the site runs behind ``TRUSTED_PROXY_COUNT`` reverse proxies: then the
    address the outermost trusted proxy saw, from the right of ``X-Forwarded-For`` (entries further
    left are whatever the client wrote). Behind a proxy, REMOTE_ADDR is the proxy for everyone, and
    five failures anywhere would lock every user out.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


logger = logging.getLogger("jiangxin.request")


class RequestLogMiddleware:
    """One log line per request, to stdout (settings.LOGGING): method, path, status, user, milliseconds.

    Outermost middleware, so the time includes every other middleware; the user is read after the
    response, when AuthenticationMiddleware has set it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            user = getattr(request, "user", None)
            name = user.get_username() if user is not None and user.is_authenticated else "-"
            ms = (time.perf_counter() - start) * 1000
            logger.info(
                "%s %s %s user=%s %.0fms", request.method, request.get_full_path()[:300], response.status_code, name, ms
            )
        return response
