"""The one way an app reads a tunable setting: declared in taijiang/settings.py, read at call time.

Every tunable of an app (days, minutes, limits, trusted addresses) is a plain top-level setting,
prefixed with the app (`APPEAL_`, `WORKLOAD_`, `QUEUE_`, `SERVICES_`), declared once in
taijiang/settings.py with its default and, where an operator may change it, read from the
environment there. Code reads it through `setting(name)` when it needs the value, never into a
module constant at import, so the environment and a test's `settings` fixture both apply.
docs/development.md, "Settings for apps".
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def setting(name: str):
    """settings.<name>; a name that taijiang/settings.py does not declare is a programming error."""
    try:
        return getattr(settings, name)
    except AttributeError:
        raise ImproperlyConfigured(f"settings.{name} is not declared in taijiang/settings.py") from None


def setting_int(name: str, *, minimum: int = 0) -> int:
    """An integer setting, refused (ImproperlyConfigured) when it is not a whole number >= minimum."""
    raw = setting(name)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ImproperlyConfigured(f"settings.{name} = {raw!r} is not a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"settings.{name} = {raw!r} is below {minimum}")
    return value
