"""Collects the Celery beat schedule from each app's `schedule.py`.

Each schedule module is plain data (no Django imports) so settings can read it. Anything due
hours or days ahead is a row with a due time that one of these periodic tasks scans; no task
is scheduled with a long countdown (see docs/background-work.md).
"""

from importlib import import_module

SCHEDULE_MODULES = [
    "taijiang.notifications.schedule",
    "grid.schedule",
    "services.schedule",
    "appeals.schedule",
    "spaces.schedule",
    "taijiang.dashboard.schedule",
]


def collect_beat_schedule() -> dict:
    schedule: dict = {}
    for dotted in SCHEDULE_MODULES:
        try:
            module = import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
            continue
        for name, entry in module.BEAT_SCHEDULE.items():
            if name in schedule:
                raise ValueError(f"beat entry {name!r} defined twice")
            schedule[name] = entry
    return schedule
