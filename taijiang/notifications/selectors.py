from django.db.models import Min
from django.utils import timezone

from .models import Delivery, Notification


def outbox_backlog() -> dict:
    now = timezone.now()
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING, notification__send_after__lte=now)
    oldest = pending.aggregate(oldest=Min("notification__send_after"))["oldest"]
    return {
        "pending": pending.count(),
        "failed": Delivery.objects.filter(status=Delivery.Status.FAILED).count(),
        "oldest_pending_seconds": int((now - oldest).total_seconds()) if oldest else 0,
    }


def notifications_for(user):
    return Notification.objects.filter(
        recipient=user, status=Notification.Status.ACTIVE, send_after__lte=timezone.now()
    ).order_by("-send_after", "-id")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return notifications_for(user).filter(read_at__isnull=True).count()
