from importlib import import_module

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "公共"

    def ready(self):
        from .planner_statistics import analyze_sqlite_after_migrate

        post_migrate.connect(analyze_sqlite_after_migrate, sender=self, dispatch_uid="core.analyze_sqlite")
        # Fill the exporter registry: every app declares its spreadsheets in <app>/exporters/.
        # By name only: core imports no app.
        for config in apps.get_app_configs():
            try:
                import_module(f"{config.name}.exporters")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.exporters":
                    raise
