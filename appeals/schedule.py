from celery.schedules import crontab

BEAT_SCHEDULE = {
    "appeals-sweep-deadlines": {"task": "appeals.tasks.sweep_deadlines", "schedule": 60.0},
    "appeals-auto-close-unrated": {"task": "appeals.tasks.auto_close_unrated", "schedule": crontab(minute=17)},
}
