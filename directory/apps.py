from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "组织与人员"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_note_password_change, dispatch_uid="directory.must_change_password")


def _note_password_change(sender, request, user, **kwargs):
    from .middleware import SESSION_KEY
    from .models import AccountProfile
    from .selectors.accounts import account_manager

    if request is not None and hasattr(request, "session"):
        if AccountProfile.objects.filter(user=user, must_change_password=True).exists():
            request.session[SESSION_KEY] = True
        else:
            request.session.pop(SESSION_KEY, None)
        # Read by base.html (no query per page) to show 账号管理 to organisers.
        request.session["jx_account_manager"] = account_manager(user)
