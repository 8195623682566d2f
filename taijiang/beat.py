"""Collects the Celery beat schedule from each installed app's `schedule.py`.

Each schedule module is plain data (no Django imports) so settings can read it. Settings run
before the app registry exists, so Django's `autodiscover_modules` cannot be used here: the apps
are found the same way by hand, from INSTALLED_APPS, importing `<app>.schedule` for each of the
project's own apps that has that file. A new app only adds its file. Anything due hours or days
ahead is a row with a due time that one of these periodic tasks scans; no task is scheduled with
a long countdown (see docs/background-work.md).
"""

from importlib import import_module
from pathlib import Path


def schedule_modules(installed_apps, base_dir) -> list[str]:
    """`<app>.schedule` for every installed app of this project (under base_dir) that has one."""
    base = Path(base_dir)
    return [f"{app}.schedule" for app in installed_apps
            if (base.joinpath(*app.split(".")) / "schedule.py").is_file()]


def collect_beat_schedule(installed_apps, base_dir) -> dict:
    schedule: dict = {}
    for dotted in schedule_modules(installed_apps, base_dir):
        for name, entry in import_module(dotted).BEAT_SCHEDULE.items():
            if name in schedule:
                raise ValueError(f"beat entry {name!r} defined twice")
            schedule[name] = entry
    return schedule
