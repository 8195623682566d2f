"""Periodic tasks of the notification centre (collected by taijiang/beat.py)."""

BEAT_SCHEDULE = {
    # Delivers due reminders and retries anything the after-commit push missed (broker down).
    "notifications-sweep-outbox": {"task": "taijiang.notifications.tasks.sweep_outbox", "schedule": 60.0},
}
