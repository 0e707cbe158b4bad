from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Pages that span the apps (home, person and organisation profiles, the people list) and the
    commands that set up the whole site. It sits above every domain app; no app imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "门户"
