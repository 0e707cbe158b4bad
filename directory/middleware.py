"""Ask a person whose password an organiser set (a new account, a reset) to choose their own first.

At login ``directory.apps`` notes in the session whether the account must change its password; while
it must, every page but the password change itself, logout and static files redirects there. No query
per request: the session is read anyway.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "jx_must_change_password"


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY):
            target = reverse("directory:password_change")
            allowed = (target, reverse("logout"), settings.STATIC_URL or "/static/")
            if not request.path.startswith(allowed):
                return redirect(target)
        return self.get_response(request)
