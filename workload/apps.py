from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkloadConfig(AppConfig):
    name = "workload"
    verbose_name = _("社区工作事项")
