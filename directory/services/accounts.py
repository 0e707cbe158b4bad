"""Writes about user accounts and their roles (账号管理); every change is recorded in ``AccountLog``.

Each function takes the acting user ``by`` (None: the command line) and checks it itself:
an organiser (管理员/组织者) creates accounts for units of their subtree, grants and removes roles on
organisations of their subtree only (管理员 only by a 管理员), resets passwords (the person must
choose a new one at the next login) and deactivates accounts whose every role lies in their subtree.
Initial and reset passwords are returned once to the caller and never stored in clear.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction

from core.errors import DomainError, NotAllowed

from ..models import AccountAction, AccountLog, AccountProfile, Membership, Organization, Role
from ..selectors.accounts import account_may_manage, assignable_roles
from ..selectors.scope import user_is_organizer_of
from .people import parse_person_name, parse_phone

__all__ = [
    "IMPORT_KIND",
    "account_create",
    "account_log",
    "account_password_changed",
    "account_reset_password",
    "account_role_grant",
    "account_role_revoke",
    "account_set_active",
    "accounts_import_save",
    "generate_password",
    "parse_role",
    "parse_username",
]

# No 0/O, 1/l/I: initial passwords are read off paper.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ROLE_WORDS = {str(label): value for value, label in Role.choices} | {"联络员": Role.ORGANIZER}


def generate_password(length: int = 10) -> str:
    while True:
        pw = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in pw) and any(c.isalpha() for c in pw):
            return pw


class _InitialPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with fewer rounds, for the random one-time passwords organisers hand out only.

    They carry ~58 bits of randomness (not a person's choice) and must be replaced at first login;
    the full default costs ~0.5 s a hash, minutes for a spreadsheet of people. Django's own hasher
    verifies them (the rounds are in the hash) and re-hashes at full cost on the first login."""

    iterations = 20_000


def hash_initial_password(password: str) -> str:
    """The stored form of an initial password: fewer PBKDF2 rounds when PBKDF2 is the site's hasher."""
    preferred = get_hasher("default")
    if type(preferred) is PBKDF2PasswordHasher:
        hasher = _InitialPasswordHasher()
        return hasher.encode(password, hasher.salt())
    return make_password(password)


def parse_role(value) -> str:
    """A role as the spreadsheet or form writes it (管理员, 组织者, 联络员 = 组织者, 裁判, 评审, 查看)."""
    text = str(value or "").strip()
    if text in ROLE_WORDS:
        return ROLE_WORDS[text]
    if text in Role.values:
        return text
    raise DomainError(f"未知角色“{text}”，应为" + "、".join(ROLE_WORDS))


def parse_username(value) -> str:
    text = str(value or "").strip()
    if not text:
        raise DomainError("用户名不能为空")
    if len(text) > 150:
        raise DomainError("用户名过长，最多150个字符")
    try:
        UnicodeUsernameValidator()(text)
    except ValidationError:
        raise DomainError(f"用户名“{text}”只能含字母、数字和 @ . + - _") from None
    return text


def account_log(*, by, user, action: str, detail: str = "") -> AccountLog:
    return AccountLog.objects.create(
        by=by if getattr(by, "pk", None) else None, user=user, action=action, detail=detail[:300]
    )


def _who(user) -> str:
    return f"{user.get_full_name() or user.username}（{user.username}）"


def _require_grant(by, organization: Organization, role: str) -> None:
    if by is None:
        return
    if not user_is_organizer_of(by, organization):
        raise NotAllowed(f"您不是“{organization.name}”的管理员或组织者，不能在其下设置账号和角色")
    if role not in dict(assignable_roles(by, organization)):
        raise NotAllowed("只有管理员可以授予管理员角色")


def _require_manage(by, user) -> None:
    if not account_may_manage(by, user):
        raise NotAllowed(f"账号 {user.username} 的角色不全在您管理的范围内，不能修改它")


def account_create(
    *, by, name: str, organization: Organization, role: str, phone: str = "", username: str = "",
    password: str | None = None, log: bool = True,
):
    """A new account for a person of ``organization`` holding ``role`` there; returns (user, password).

    The username defaults to the phone number. The person must change the password at the first login.
    """
    name = parse_person_name(name)
    phone = parse_phone(phone)
    role = parse_role(role)
    username = parse_username(username or phone)
    _require_grant(by, organization, role)
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"用户名“{username}”已被使用", fields={"username": "该用户名已被使用"})
    password = password or generate_password()
    with transaction.atomic():
        user = User.objects.create(username=username, first_name=name, password=hash_initial_password(password))
        AccountProfile.objects.create(user=user, organization=organization, phone=phone, must_change_password=True)
        Membership.objects.create(user=user, organization=organization, role=role)
        if log:
            account_log(
                by=by, user=user, action=AccountAction.CREATE,
                detail=f"{_who(user)}，{organization.name} · {Role(role).label}",
            )
    return user, password


def account_role_grant(*, by, user, organization: Organization, role: str) -> Membership:
    role = parse_role(role)
    _require_grant(by, organization, role)
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, organization=organization, role=role)
        if not created:
            raise DomainError(f"{_who(user)} 已是“{organization.name}”的{Role(role).label}")
        account_log(by=by, user=user, action=AccountAction.GRANT, detail=f"{organization.name} · {Role(role).label}")
    return membership


def account_role_revoke(*, by, membership: Membership) -> None:
    _require_grant(by, membership.organization, membership.role)
    with transaction.atomic():
        user, org, role = membership.user, membership.organization, membership.get_role_display()
        membership.delete()
        account_log(by=by, user=user, action=AccountAction.REVOKE, detail=f"{org.name} · {role}")


def account_reset_password(*, by, user) -> str:
    """A new random password (returned once); the person must change it at the next login."""
    _require_manage(by, user)
    password = generate_password()
    with transaction.atomic():
        user.password = hash_initial_password(password)
        user.save(update_fields=["password"])
        AccountProfile.objects.update_or_create(user=user, defaults={"must_change_password": True})
        account_log(by=by, user=user, action=AccountAction.RESET_PASSWORD, detail=_who(user))
    return password


def account_set_active(*, by, user, active: bool) -> None:
    _require_manage(by, user)
    if user.is_active == active:
        return
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        action = AccountAction.ACTIVATE if active else AccountAction.DEACTIVATE
        account_log(by=by, user=user, action=action, detail=_who(user))


def account_password_changed(*, user) -> None:
    """The person chose a new password themselves: no longer asked to change it."""
    with transaction.atomic():
        AccountProfile.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
        account_log(by=user, user=user, action=AccountAction.CHANGE_PASSWORD, detail=_who(user))


IMPORT_KIND = "accounts"


def accounts_import_save(*, report, by) -> None:
    """Save the checked plan of an account import (``directory.importers.AccountImporter``) in the
    importer's transaction; a fixed number of queries whatever the number of rows. The initial
    passwords go on ``report.passwords`` (shown once) and nowhere else."""
    from core.imports import import_record_create

    User = get_user_model()
    plans = report.plans
    passwords = [generate_password() for _ in plans]
    users = User.objects.bulk_create([
        User(username=p.username, first_name=p.name, password=hash_initial_password(pw))
        for p, pw in zip(plans, passwords, strict=True)
    ])
    if any(u.pk is None for u in users):  # a backend that does not return keys from bulk inserts
        by_name = dict(User.objects.filter(username__in=[p.username for p in plans]).values_list("username", "pk"))
        for u in users:
            u.pk = by_name[u.username]
    AccountProfile.objects.bulk_create([
        AccountProfile(user=u, organization=p.organization, phone=p.phone, must_change_password=True)
        for u, p in zip(users, plans, strict=True)
    ])
    Membership.objects.bulk_create([
        Membership(user=u, organization=p.organization, role=p.role) for u, p in zip(users, plans, strict=True)
    ])
    actor = by if getattr(by, "pk", None) else None
    record = import_record_create(report, kind=IMPORT_KIND, target="账号", by=by, created=len(users))
    AccountLog.objects.bulk_create([
        AccountLog(
            by=actor, user=u, action=AccountAction.IMPORT,
            detail=f"{_who(u)}，{p.organization.name} · {Role(p.role).label}（{report.filename}）"[:300],
        )
        for u, p in zip(users, plans, strict=True)
    ])
    report.passwords = [
        (p.name, p.organization.name, str(Role(p.role).label), p.username, pw)
        for p, pw in zip(plans, passwords, strict=True)
    ]
    report.record = record
