from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "taijiang.notifications"
    label = "notifications"
    verbose_name = _("通知")

    def ready(self):
        from . import checks  # noqa: F401  (registers the SMS deploy check)

        # Each app declares its event types (texts in zh-hans and English) in `<app>/events.py`;
        # the apps pass those constants, and stored codes are looked up after this import.
        autodiscover_modules("events")
