from celery.schedules import crontab

BEAT_SCHEDULE = {
    "services-mark-missed-appointments": {
        "task": "services.tasks.mark_missed_appointments",
        "schedule": crontab(hour=22, minute=30),
    },
}
