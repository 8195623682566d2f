"""Periodic tasks of the notification centre (collected by taijiang/beat.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Delivers due reminders (at most half a minute late) and retries anything the after-commit
    # push missed (broker down).
    "notifications-sweep-outbox": {"task": "taijiang.notifications.tasks.sweep_outbox", "schedule": 30.0},
    # Retention: the inbox and its deliveries older than NOTIFICATION_RETENTION_DAYS.
    "notifications-purge-expired": {"task": "taijiang.notifications.tasks.purge_expired",
                                    "schedule": crontab(hour=3, minute=41)},
}
