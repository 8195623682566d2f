"""Periodic tasks of the notification centre (collected by taijiang/beat.py)."""

BEAT_SCHEDULE = {
    # Delivers due reminders (at most half a minute late) and retries anything the after-commit
    # push missed (broker down).
    "notifications-sweep-outbox": {"task": "taijiang.notifications.tasks.sweep_outbox", "schedule": 30.0},
}
