"""The directory's own pages: the organisation list and 账号管理 (accounts and roles). Pages that also
show competitions or honours (the person and organisation profiles, the people list with its
competition filter) live in ``portal``."""

from .accounts import (
    PasswordChangeView,
    account_create,
    account_detail,
    account_import,
    account_import_confirm,
    account_list,
    account_passwords,
    account_reset_password,
    account_role_grant,
    account_role_revoke,
    account_set_active,
    account_template,
)
from .organizations import organization_list

__all__ = [
    "PasswordChangeView",
    "account_create",
    "account_detail",
    "account_import",
    "account_import_confirm",
    "account_list",
    "account_passwords",
    "account_reset_password",
    "account_role_grant",
    "account_role_revoke",
    "account_set_active",
    "account_template",
    "organization_list",
]
