"""Tunable numbers of the appeals app.

Fixed rules of the app are constants here; what an operator may change is a setting declared in
taijiang/settings.py and read at call time (taijiang.core.conf).
"""

from taijiang.core.conf import setting_int

MAX_PHOTOS = 9
DUPLICATE_WINDOW_DAYS = 3
# Deadlines (working hours) for an appeal without a category: accept, first reply, resolve.
DEFAULT_HOURS = (4, 14, 35)


def reopen_days() -> int:
    return setting_int("APPEAL_REOPEN_DAYS")


def auto_close_days() -> int:
    return setting_int("APPEAL_AUTO_CLOSE_DAYS")
