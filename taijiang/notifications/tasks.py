"""Thin, idempotent tasks: they carry ids and call services."""

from celery import shared_task

from . import delivery, retention


@shared_task(name="taijiang.notifications.tasks.deliver_notification")
def deliver_notification(notification_id: int) -> int:
    return delivery.deliver_notification_now(notification_id=notification_id)


@shared_task(name="taijiang.notifications.tasks.sweep_outbox")
def sweep_outbox() -> int:
    return delivery.sweep_outbox_now()


@shared_task(name="taijiang.notifications.tasks.purge_expired")
def purge_expired() -> int:
    return retention.purge_expired()
