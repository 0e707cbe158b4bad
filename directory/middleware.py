"""Two middlewares of the who-is-who app, both after AuthenticationMiddleware.

``ForcePasswordChangeMiddleware``: a person whose password an organiser set (a new account, a reset)
chooses their own first. At login ``directory.apps`` notes in the session whether the account must
change its password; while it must, every page but the password change itself, logout and static
files redirects there. No query per request: the session is read anyway.

``MembershipsOncePerRequest``: the user's memberships and roles are read once per request, then
reused by every scope and permission check of that request
(``directory.selectors.scope.remember_memberships``).
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .selectors.scope import remember_memberships

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


class MembershipsOncePerRequest:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and request.COOKIES:  # no cookie: anonymous, nothing to remember
            remember_memberships(user)
        return self.get_response(request)
