"""Tunable numbers of the appeals app (settings.PORTAL overrides them)."""

from django.conf import settings

MAX_PHOTOS = 9
REOPEN_DAYS_DEFAULT = 7
AUTO_CLOSE_DAYS_DEFAULT = 7
DUPLICATE_WINDOW_DAYS = 3
# Deadlines (working hours) for an appeal without a category: accept, first reply, resolve.
DEFAULT_HOURS = (4, 14, 35)


def _portal(key: str, default):
    return getattr(settings, "PORTAL", {}).get(key, default)


def reopen_days() -> int:
    return int(_portal("APPEAL_REOPEN_DAYS", REOPEN_DAYS_DEFAULT))


def auto_close_days() -> int:
    return int(_portal("APPEAL_AUTO_CLOSE_DAYS", AUTO_CLOSE_DAYS_DEFAULT))
