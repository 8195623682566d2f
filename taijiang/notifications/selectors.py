import datetime

from django.db.models import Min, Q
from django.utils import timezone

from taijiang.users.scope import Level, scope_for

from .models import Delivery, Notification

# A pending delivery whose time passed this long ago is stuck (worker or beat down): admins see it.
STALE_PENDING_AFTER = datetime.timedelta(minutes=10)


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


def deliveries_in_scope(user):
    """Deliveries whose recipient lives or works in the admin's territory.

    A community admin sees recipients of their community (users.community); a street admin
    recipients of their street (users.street, or a community in it); a district admin all,
    including deliveries whose recipient was deleted. Everyone else sees nothing.
    """
    qs = Delivery.objects.all()
    scope = scope_for(user)
    if scope.level == Level.DISTRICT:
        return qs
    if scope.level == Level.COMMUNITY:
        return qs.filter(notification__recipient__community_id__in=scope.community_ids)
    if scope.level == Level.STREET:
        return qs.filter(
            Q(notification__recipient__street_id__in=scope.street_ids)
            | Q(notification__recipient__community__street_id__in=scope.street_ids)
        )
    return qs.none()


def deliveries_needing_attention(user):
    """FAILED and NOT_SENT deliveries, and PENDING ones overdue by more than STALE_PENDING_AFTER, newest first."""
    stale_before = timezone.now() - STALE_PENDING_AFTER
    return (
        deliveries_in_scope(user)
        .filter(
            Q(status__in=(Delivery.Status.FAILED, Delivery.Status.NOT_SENT))
            | Q(status=Delivery.Status.PENDING, notification__send_after__lte=stale_before)
        )
        .select_related("notification__recipient__community")
        .order_by("-notification__send_after", "-pk")
    )
