from importlib import import_module

from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "公共"

    def ready(self):
        # Fill the exporter registry: every app declares its spreadsheets in <app>/exporters/.
        # By name only: core imports no app.
        for config in apps.get_app_configs():
            try:
                import_module(f"{config.name}.exporters")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.exporters":
                    raise
