"""Bookings of rooms: a half-open range [start, end) that never overlaps another active one."""

import datetime
import secrets

from django.conf import settings
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import Created, StatusChange, Timestamped

from .constraints import PostgresOnlyExclusionConstraint, TsTzRange
from .rooms import Function, Room

CHECK_IN_OPENS_BEFORE = datetime.timedelta(minutes=15)


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    CONFIRMED = "confirmed", _("已确认")
    CHECKED_IN = "checked_in", _("已签到")
    CANCELLED = "cancelled", _("已取消")
    REJECTED = "rejected", _("未通过")
    NO_SHOW = "no_show", _("未到场（已释放）")


# Statuses that hold the room. Kept in one place: the exclusion constraint, the service's
# overlap check and the figures all read it.
ACTIVE_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)


class BookingSeries(Created):
    """A weekly recurring booking: created all at once or not at all."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="series")
    booker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    weeks = models.PositiveSmallIntegerField(_("周数"))

    class Meta:
        verbose_name = _("每周重复预约")
        verbose_name_plural = _("每周重复预约")

    def __str__(self) -> str:
        return f"{self.room} × {self.weeks}"


class Booking(Timestamped):
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("房间"))
    booker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="space_bookings",
                               verbose_name=_("预约人"))
    organisation = models.CharField(_("组织名称"), max_length=80, blank=True)
    purpose = models.CharField(_("用途"), max_length=14, choices=Function.choices)
    title = models.CharField(_("活动名称"), max_length=80)
    attendees = models.PositiveIntegerField(_("人数"), default=1)
    start = models.DateTimeField(_("开始"))
    end = models.DateTimeField(_("结束"))
    # end + the room's buffer at booking time: the range the database keeps free of others.
    blocked_until = models.DateTimeField(_("占用至"))
    status = models.CharField(_("状态"), max_length=12, choices=BookingStatus.choices,
                              default=BookingStatus.CONFIRMED, db_index=True)
    series = models.ForeignKey(BookingSeries, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="bookings")
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE, raised on every change")

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["room", "start"], name="booking_room_start")]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="booking_start_before_end"),
            models.CheckConstraint(condition=Q(end__lte=F("blocked_until")), name="booking_block_covers_end"),
            PostgresOnlyExclusionConstraint(
                name="booking_no_overlap",
                expressions=[
                    (TsTzRange("start", "blocked_until", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("room", RangeOperators.EQUAL),
                ],
                condition=Q(status__in=[s.value for s in ACTIVE_STATUSES]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.start:%Y-%m-%d %H:%M} {self.title}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def check_in_open(self, now=None) -> bool:
        """From 15 minutes before the start until the end (booking_check_in refuses outside it)."""
        now = now or timezone.now()
        return self.start - CHECK_IN_OPENS_BEFORE <= now < self.end

    @property
    def can_check_in_now(self) -> bool:
        return self.status == BookingStatus.CONFIRMED and self.room.check_in_required and self.check_in_open()


class BookingChange(StatusChange):
    """The booking's timeline."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="changes")


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class FeedToken(models.Model):
    """The secret in a user's private calendar URL; regenerating it kills the old URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spaces_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"feed of {self.user_id}"
