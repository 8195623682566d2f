from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "taijiang.notifications"
    label = "notifications"
    verbose_name = _("通知")

    def ready(self):
        from . import checks  # noqa: F401  (registers the SMS deploy check)

        # Each app declares its event types (texts in zh-hans and English) in `<app>/events.py`.
        for config in apps.get_app_configs():
            try:
                import_module(f"{config.name}.events")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.events":
                    raise
