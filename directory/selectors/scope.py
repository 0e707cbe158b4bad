"""Scope: which organisations (and so which people and records) a user may see.

This module is the one implementation of "this user's subtree": every app asks it (``scope_q`` /
``scoped`` for querysets, ``visible_paths`` / ``path_within`` for objects already loaded,
``user_has_role`` for one organisation). A user sees the organisations they are a member of and
everything below them in the tree. Objects outside that scope answer 404 (their existence is not
revealed); objects in scope that the user may not change answer 403 (``core.errors.NotAllowed``).
No user at all (``None``: the command line) and superusers see everything.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from ..models import Membership, Organization, Role

# Attribute of a request's user holding its memberships once loaded (see directory.middleware).
MEMBERSHIPS_ATTR = "_jx_memberships"


def remember_memberships(user) -> None:
    """Let ``user`` (a request's user) keep its memberships once read: every permission check of the
    request then reuses them instead of asking the database again (issue 13: pages asked 2–8 times).
    Only the request's user object carries them, so they never outlive the request."""
    if user is not None and user.is_authenticated:
        setattr(user, MEMBERSHIPS_ATTR, None)


def _memberships(user) -> list[Membership]:
    cached = getattr(user, MEMBERSHIPS_ATTR, False)
    if cached:
        return cached
    memberships = list(Membership.objects.filter(user=user).select_related("organization").order_by("pk"))
    if cached is None:  # the request's user: keep them for the rest of the request
        setattr(user, MEMBERSHIPS_ATTR, memberships or [_NO_MEMBERSHIP])
    return memberships


_NO_MEMBERSHIP = Membership(role="")  # stands for "none" in the cache (an empty list reads as unset)


def user_memberships(user) -> list[Membership]:
    """The user's memberships with their organisations (the request's, read once per request)."""
    if user is None or not user.is_authenticated:
        return []
    return [m for m in _memberships(user) if m is not _NO_MEMBERSHIP]


def membership_roots(user, roles: Iterable[str] | None = None) -> list[Organization]:
    if user is None or not user.is_authenticated:
        return []
    wanted = None if roles is None else set(roles)
    return [
        m.organization
        for m in _memberships(user)
        if m is not _NO_MEMBERSHIP and (wanted is None or m.role in wanted)
    ]


def user_scope_stamp(user) -> tuple:
    """Who asks, as a page cached per user must key it (core.pagecache): the user, whether superuser,
    and each membership's role, organisation and that organisation's place in the tree — a new role,
    a membership gone or an organisation moved changes it."""
    if user is None or not user.is_authenticated:
        return (None,)
    memberships = tuple(sorted((m.role, m.organization_id, m.organization.path) for m in user_memberships(user)))
    return (user.pk, user.is_superuser, memberships)


def visible_paths(user, roles: Iterable[str] | None = None) -> tuple[str, ...] | None:
    """Paths of the roots of the user's subtrees (with one of ``roles`` when given); None: everything.

    ``None`` as user is the command line, which has full internal access, like a superuser.
    """
    if user is None or (user.is_authenticated and user.is_superuser):
        return None
    return tuple(org.path for org in membership_roots(user, roles))


def organizer_paths(user) -> tuple[str, ...] | None:
    """``visible_paths`` of the organisations the user organises (管理员/组织者)."""
    return visible_paths(user, [Role.ADMIN, Role.ORGANIZER])


def user_is_organizer_anywhere(user) -> bool:
    """True when the user organises (管理员/组织者) at least one organisation; always for None/superusers."""
    paths = organizer_paths(user)
    return paths is None or bool(paths)


def path_within(path: str | None, roots: tuple[str, ...] | None) -> bool:
    """True when ``path`` lies in one of the subtrees ``roots`` (None: everything)."""
    if roots is None:
        return True
    return bool(path) and bool(roots) and path.startswith(tuple(roots))


def _subtree_q(field: str, roots: list[Organization]) -> Q:
    """Q for `field` (an Organization FK path) lying in any root's subtree; one prefix test per root."""
    cond = Q(pk__in=[])
    for root in roots:
        cond |= Q(**{f"{field}path__startswith": root.path})
    return cond


def scope_q(user, field: str = "", roles: Iterable[str] | None = None) -> Q | None:
    """The filter for objects whose organisation (reached via `field`) the user may see.

    None means "everything" (superusers). `field` is "" for Organization itself, else e.g. "employer__".
    """
    if user.is_authenticated and user.is_superuser:
        return None
    return _subtree_q(field, membership_roots(user, roles))


def scoped(qs: QuerySet, user, field: str = "", roles: Iterable[str] | None = None) -> QuerySet:
    cond = scope_q(user, field, roles)
    return qs if cond is None else qs.filter(cond)


def user_has_role(user, organization: Organization, roles: Iterable[str]) -> bool:
    """True when the user holds one of `roles` on `organization` or on one of its ancestors."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # held on the organisation itself or on one of its ancestors: its path starts with theirs
    path = organization.path
    return any(bool(root.path) and path.startswith(root.path) for root in membership_roots(user, roles))


def user_is_organizer_of(user, organization: Organization) -> bool:
    return user_has_role(user, organization, [Role.ADMIN, Role.ORGANIZER])


def organizer_checker(user):
    """A function org → bool answering user_is_organizer_of for many rows with one query in all."""
    paths = organizer_paths(user)
    return lambda org: paths is None or (org is not None and path_within(org.path, paths))
