"""账号管理: organisers create accounts for their units' people, grant and remove roles, reset
passwords, deactivate accounts, and create many at once from a spreadsheet; everyone changes their
own password. Writes go through ``directory.services.accounts``; initial passwords are shown once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_POST

from core.errors import DomainError, NotAllowed, form_error, show_error
from core.imports import ImportFlow

from .. import selectors, services
from ..forms.accounts import AccountCreateForm, AccountImportForm, OwnPasswordChangeForm, RoleGrantForm
from ..importers import AccountImporter
from ..importers.template import TEMPLATE_FILENAME, account_template_bytes
from ..middleware import SESSION_KEY
from ..models import Membership, Role

PASSWORDS_KEY = "jx_initial_passwords"


def _manager(request) -> None:
    if not selectors.account_manager(request.user):
        raise Http404


def _hand_over(request, rows) -> None:
    """Keep the new passwords for the one page that shows them (and forgets them)."""
    request.session[PASSWORDS_KEY] = [list(r) for r in rows]


@login_required
def account_list(request):
    _manager(request)
    accounts = selectors.account_list_visible(request.user)
    q = (request.GET.get("q") or "").strip()
    if q:
        accounts = accounts.filter(Q(first_name__icontains=q) | Q(username__icontains=q))
    return render(request, "directory/account_list.html", {"accounts": accounts[:500], "q": q})


@login_required
def account_create(request):
    _manager(request)
    form = AccountCreateForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user, password = services.account_create(
                by=request.user, name=d["name"], organization=d["organization"], role=d["role"],
                phone=d["phone"], username=d["username"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            _hand_over(request, [(user.first_name, d["organization"].name, str(Role(d["role"]).label),
                                  user.username, password)])
            messages.success(request, f"已创建账号 {user.username}")
            return redirect("directory:account_passwords")
    return render(request, "directory/account_form.html", {"form": form})


@login_required
def account_detail(request, pk):
    _manager(request)
    account = selectors.account_get_visible(request.user, pk)
    return render(request, "directory/account_detail.html", {
        "account": account,
        "memberships": list(account.memberships.all()),
        "may_manage": selectors.account_may_manage(request.user, account),
        "grant_form": RoleGrantForm(by=request.user),
        "log": selectors.account_log_for(account),
    })


@login_required
@require_POST
def account_role_grant(request, pk):
    _manager(request)
    account = selectors.account_get_visible(request.user, pk)
    form = RoleGrantForm(request.POST, by=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect("directory:account_detail", pk=account.pk)
    try:
        services.account_role_grant(by=request.user, user=account, organization=form.cleaned_data["organization"],
                                    role=form.cleaned_data["role"])
        messages.success(request, "已授予角色")
    except NotAllowed:
        raise
    except DomainError as exc:
        show_error(request, exc)
    return redirect("directory:account_detail", pk=account.pk)


@login_required
@require_POST
def account_role_revoke(request, pk, membership_pk):
    _manager(request)
    account = selectors.account_get_visible(request.user, pk)
    membership = get_object_or_404(Membership.objects.select_related("organization", "user"),
                                   pk=membership_pk, user=account)
    services.account_role_revoke(by=request.user, membership=membership)
    messages.success(request, f"已取消 {membership.organization.name} 的{membership.get_role_display()}角色")
    return redirect("directory:account_detail", pk=account.pk)


@login_required
@require_POST
def account_reset_password(request, pk):
    _manager(request)
    account = selectors.account_get_visible(request.user, pk)
    password = services.account_reset_password(by=request.user, user=account)
    profile = getattr(account, "account", None)
    unit = profile.organization.name if profile and profile.organization_id else ""
    roles = "、".join(sorted({m.get_role_display() for m in account.memberships.all()}))
    _hand_over(request, [(account.first_name, unit, roles, account.username, password)])
    messages.success(request, f"已重置 {account.username} 的密码，本人下次登录时须修改")
    return redirect("directory:account_passwords")


@login_required
@require_POST
def account_set_active(request, pk):
    _manager(request)
    account = selectors.account_get_visible(request.user, pk)
    active = request.POST.get("active") == "1"
    services.account_set_active(by=request.user, user=account, active=active)
    messages.success(request, f"已{'启用' if active else '停用'}账号 {account.username}")
    return redirect("directory:account_detail", pk=account.pk)


@login_required
def account_passwords(request):
    """The printable list of the passwords just given: shown once, then forgotten."""
    _manager(request)
    rows = request.session.pop(PASSWORDS_KEY, None)
    return render(request, "directory/account_passwords.html", {"rows": rows})


def _import_flow(request) -> ImportFlow:
    def importer(options: dict) -> AccountImporter:
        instance = AccountImporter(by=request.user)
        original = instance.save

        def save(report):
            original(report)
            _hand_over(request, report.passwords)

        instance.save = save
        return instance

    return ImportFlow(
        kind=AccountImporter.kind,
        target="",
        importer=importer,
        form=lambda data, files: AccountImportForm(data, files),
        upload_url=reverse("directory:account_import"),
        confirm_url=reverse("directory:account_import_confirm"),
        done_url=reverse("directory:account_passwords"),
        title="批量创建账号",
        template="directory/account_import.html",
        context={"template_url": reverse("directory:account_template"), "template_label": "下载模板"},
    )


@login_required
def account_import(request):
    _manager(request)
    return _import_flow(request).upload(request)


@login_required
@require_POST
def account_import_confirm(request):
    _manager(request)
    return _import_flow(request).confirm(request)


@login_required
def account_template(request):
    _manager(request)
    response = HttpResponse(
        account_template_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(TEMPLATE_FILENAME)}"
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Everyone changes their own password here (and must, after an organiser set it)."""

    form_class = OwnPasswordChangeForm
    template_name = "directory/password_change.html"
    success_url = reverse_lazy("portal:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.account_password_changed(user=self.request.user)
        self.request.session.pop(SESSION_KEY, None)
        messages.success(self.request, "密码已修改")
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["forced"] = bool(self.request.session.get(SESSION_KEY))
        return context
