"""Appointments: slots cut from a centre's opening hours, bookings, check-in."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AppointmentSlot(models.Model):
    centre = models.ForeignKey("grid.ServiceCentre", on_delete=models.CASCADE, related_name="appointment_slots",
                               verbose_name=_("服务中心"))
    start = models.DateTimeField(_("开始"))
    end = models.DateTimeField(_("结束"))
    capacity = models.PositiveSmallIntegerField(_("容量"))
    booked = models.PositiveSmallIntegerField(_("已约"), default=0)

    class Meta:
        verbose_name = _("预约时段")
        verbose_name_plural = _("预约时段")
        ordering = ["centre", "start"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "start"], name="slot_unique_per_centre_start"),
            models.CheckConstraint(condition=Q(booked__lte=models.F("capacity")), name="slot_not_overbooked"),
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="slot_starts_before_end"),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}"

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("已预约")
        CHECKED_IN = "checked_in", _("已签到")
        CANCELLED = "cancelled", _("已取消")
        NO_SHOW = "no_show", _("未到")

    slot = models.ForeignKey(AppointmentSlot, on_delete=models.PROTECT, related_name="appointments",
                             verbose_name=_("时段"))
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments",
                                 verbose_name=_("居民"))
    item = models.ForeignKey("services.ServiceItem", on_delete=models.PROTECT, related_name="appointments",
                             verbose_name=_("事项"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.BOOKED)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    ticket = models.OneToOneField("services.QueueTicket", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="appointment", verbose_name=_("签到号"))
    booked_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["slot__start"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "resident"], condition=Q(status="booked"),
                                    name="one_booking_per_resident_and_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.slot} {self.item}"
