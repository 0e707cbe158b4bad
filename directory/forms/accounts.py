"""Forms of 账号管理: a new account, a role to grant, the account import, and the password change."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from core.forms import CrispyForm, grid_layout
from core.imports import UploadForm

from ..selectors.accounts import assignable_organizations, assignable_roles


class _OrgRoleFields(forms.Form):
    organization = forms.ModelChoiceField(label="单位", queryset=None, empty_label="请选择单位")
    role = forms.ChoiceField(label="角色", choices=())

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = assignable_organizations(by).order_by("path")
        self.fields["organization"].queryset = orgs
        self.fields["organization"].label_from_instance = lambda o: "　" * o.depth + o.name
        self.fields["role"].choices = [("", "请选择角色"), *assignable_roles(by)]


class AccountCreateForm(CrispyForm, _OrgRoleFields):
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号", max_length=20)
    username = forms.CharField(label="用户名", max_length=150, required=False, help_text="不填则用手机号登录")

    field_order = ["name", "organization", "role", "phone", "username"]

    def layout(self):
        return grid_layout(self, col="col-md-4")


class RoleGrantForm(CrispyForm, _OrgRoleFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].label = "组织"
        self.fields["organization"].empty_label = "请选择组织"

    def layout(self):
        return grid_layout(self, col="col-md-6")


class AccountImportForm(UploadForm):
    pass


class OwnPasswordChangeForm(CrispyForm, PasswordChangeForm):
    pass
