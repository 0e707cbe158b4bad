"""Reads about user accounts, for the organisers who manage them (账号管理).

An organiser (管理员/组织者) sees the accounts that belong to a unit of their subtree or hold a role
there; anything else answers 404. They may change an account (reset its password, deactivate it)
only when every role it holds and its own unit lie in their subtree and it is not a superuser;
otherwise the account is seen but not theirs to change (403). Roles are granted and removed on
organisations of their subtree only; 管理员 only by a 管理员.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from ..models import AccountLog, Membership, Organization, Role
from .scope import organizer_paths, path_within, scoped, user_has_role, user_is_organizer_anywhere

MANAGER_ROLES = (Role.ADMIN, Role.ORGANIZER)


def account_manager(user) -> bool:
    """True when the user may open 账号管理 (an organiser or admin somewhere, or a superuser)."""
    return user.is_authenticated and user_is_organizer_anywhere(user)


def _paths_q(paths, field: str) -> Q:
    cond = Q(pk__in=[])
    for p in paths:
        cond |= Q(**{f"{field}__path__startswith": p})
    return cond


def account_list_visible(user) -> QuerySet:
    """The accounts ``user`` manages or sees, with their memberships and unit (fixed queries)."""
    User = get_user_model()
    qs = User.objects.all()
    paths = organizer_paths(user)
    if paths is not None:
        ids = Membership.objects.filter(_paths_q(paths, "organization")).values("user_id")
        qs = qs.filter(Q(pk__in=ids) | _paths_q(paths, "account__organization"))
    return qs.select_related("account__organization").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organization").order_by("organization__path"),
        )
    ).order_by("username")


def account_get_visible(user, pk) -> object:
    account = account_list_visible(user).filter(pk=pk).first()
    if account is None:
        raise Http404("没有这个账号")
    return account


def account_may_manage(by, account) -> bool:
    """True when ``by`` may reset the password of, deactivate or reactivate ``account``."""
    if by is None:
        return True
    if account.is_superuser and not by.is_superuser:
        return False
    paths = organizer_paths(by)
    if paths is None:
        return True
    if account.pk == by.pk:
        return False
    profile = getattr(account, "account", None)
    orgs = [m.organization for m in account.memberships.all()]
    if profile is not None and profile.organization_id:
        orgs.append(profile.organization)
    return bool(orgs) and all(path_within(o.path, paths) for o in orgs)


def assignable_organizations(by) -> QuerySet:
    """Organisations ``by`` may create accounts for and grant roles on: those they organise and below."""
    return scoped(Organization.objects.all(), by, roles=MANAGER_ROLES)


def assignable_roles(by, organization: Organization | None = None) -> list[tuple[str, str]]:
    """The roles ``by`` may grant (on ``organization`` when given): 管理员 only by a 管理员."""
    admin = by is None or by.is_superuser or (
        user_has_role(by, organization, [Role.ADMIN]) if organization is not None
        else Membership.objects.filter(user=by, role=Role.ADMIN).exists()
    )
    return [(v, label) for v, label in Role.choices if v != Role.ADMIN or admin]


def account_log_for(account) -> QuerySet:
    return AccountLog.objects.filter(user=account).select_related("by")[:100]
