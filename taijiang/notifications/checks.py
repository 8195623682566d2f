"""`check --deploy`: production must really send SMS, or say on purpose that it does not."""

from django.conf import settings
from django.core.checks import Error, Info, Tags, register
from django.utils.module_loading import import_string

from .channels import LoggingSmsBackend

HINT = ("Set SMS_BACKEND to a provider adapter (e.g. taijiang.notifications.channels.HttpSmsBackend with "
        "SMS_HTTP_URL and SMS_HTTP_TOKEN), or SMS_DISABLED=true to run without SMS (docs/notifications.md).")


@register(Tags.security, deploy=True)
def check_sms_backend(app_configs=None, **kwargs):
    if not getattr(settings, "PRODUCTION", False):
        return []
    if getattr(settings, "SMS_DISABLED", False):
        return [Info("SMS is disabled (SMS_DISABLED=true): SMS deliveries are marked not sent.",
                     id="notifications.I001")]
    path = getattr(settings, "SMS_BACKEND", "")
    if not path:
        return [Error("SMS_BACKEND is not set: no SMS would leave the portal.", hint=HINT, id="notifications.E001")]
    try:
        backend = import_string(path)
    except ImportError as exc:
        return [Error(f"SMS_BACKEND {path!r} cannot be imported: {exc}", hint=HINT, id="notifications.E002")]
    if isinstance(backend, type) and issubclass(backend, LoggingSmsBackend):
        return [Error("SMS_BACKEND is the logging backend: messages are only written to the log.", hint=HINT,
                      id="notifications.E003")]
    problems = backend.deploy_errors() if hasattr(backend, "deploy_errors") else []
    return [Error(f"{path}: {problem}", hint=HINT, id="notifications.E004") for problem in problems]
