from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "taijiang.core"
    label = "core"
    verbose_name = _("门户基础")

    def ready(self):
        from django.urls import register_converter

        from .http import IdConverter

        register_converter(IdConverter, "id")
