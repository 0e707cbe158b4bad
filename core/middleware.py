"""One log line per request, to stdout (settings.LOGGING): method, path, status, user, milliseconds.

Outermost middleware, so the time includes every other middleware; the user is read after the
response, when AuthenticationMiddleware has set it.
"""

from __future__ import annotations

import logging
import time

logger = logging.getLogger("jiangxin.request")


class RequestLogMiddleware:
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
