from importlib import import_module

from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "公共"

    def ready(self):
        # Fill the exporter registry: every app declares its spreadsheets in <app>/exporters/ (or, until
        # every app has moved, <app>/exports.py). By name only: core imports no app.
        for config in apps.get_app_configs():
            for module in (f"{config.name}.exporters", f"{config.name}.exports"):
                try:
                    import_module(module)
                except ModuleNotFoundError as exc:
                    if exc.name != module:
                        raise
