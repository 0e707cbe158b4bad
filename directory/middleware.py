"""Per-request memory of the user's memberships (directory.selectors.scope.remember_memberships)."""

from .selectors.scope import remember_memberships


class MembershipsOncePerRequest:
    """Marks the request's user so its memberships and roles are read once per request, then reused
    by every scope and permission check of that request. Goes after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and request.COOKIES:  # no cookie: anonymous, nothing to remember
            remember_memberships(user)
        return self.get_response(request)
