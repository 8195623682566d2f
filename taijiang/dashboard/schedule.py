"""Beat entries of the dashboard (plain data, read by taijiang/beat.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "dashboard-nightly-rollup": {
        "task": "taijiang.dashboard.tasks.nightly_rollup",
        # Celery's timezone follows settings (Asia/Shanghai): 02:00 local, after the day has ended.
        "schedule": crontab(hour=2, minute=0),
    },
    "dashboard-monthly-reports": {
        "task": "taijiang.dashboard.tasks.monthly_reports",
        # Every morning at 08:30 local; the task itself checks for the month's first working day
        # (a holiday-shifted first working day needs no special schedule).
        "schedule": crontab(hour=8, minute=30),
    },
}
