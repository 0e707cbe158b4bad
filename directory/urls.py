from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("organizations/", views.organization_list, name="organization_list"),
    path("accounts/", views.account_list, name="account_list"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("accounts/import/", views.account_import, name="account_import"),
    path("accounts/import/confirm/", views.account_import_confirm, name="account_import_confirm"),
    path("accounts/import/template.xlsx", views.account_template, name="account_template"),
    path("accounts/passwords/", views.account_passwords, name="account_passwords"),
    path("accounts/<int:pk>/", views.account_detail, name="account_detail"),
    path("accounts/<int:pk>/roles/", views.account_role_grant, name="account_role_grant"),
    path("accounts/<int:pk>/roles/<int:membership_pk>/remove/", views.account_role_revoke, name="account_role_revoke"),
    path("accounts/<int:pk>/reset-password/", views.account_reset_password, name="account_reset_password"),
    path("accounts/<int:pk>/active/", views.account_set_active, name="account_set_active"),
    path("password/", login_required(views.PasswordChangeView.as_view()), name="password_change"),
]
