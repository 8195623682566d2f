"""The notification centre and its outbox.

A Notification is written in the same transaction as the event that causes it; it is the
in-app message. Each external channel (email, SMS) gets a Delivery row: the outbox. Deliveries
are sent after commit and again by a periodic sweep, locking each row (SELECT … FOR UPDATE
SKIP LOCKED) so that two workers never send the same one.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.crypto import EncryptedTextField
from taijiang.core.masking import mask_phone
from taijiang.core.models import Created


class Notification(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        CANCELLED = "cancelled", _("已取消")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="notifications",
        verbose_name=_("接收人"),
    )
    event = models.CharField(_("事件"), max_length=60, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    context = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Reminders are written ahead of time and become visible and deliverable at send_after.
    send_after = models.DateTimeField(_("发送时间"), default=timezone.now, db_index=True)
    # Identifies one promise (e.g. "spaces.booking:42:reminder-24h"): the same key never notifies twice.
    dedupe_key = models.CharField(_("去重键"), max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-send_after", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title


class Delivery(Created):
    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        # The backend deliberately handed the message to no one (no provider configured, SMS
        # switched off): final, with the reason in last_error, never retried on its own.
        NOT_SENT = "not_sent", _("未发送")
        FAILED = "failed", _("发送失败")
        DROPPED = "dropped", _("已放弃")
        CANCELLED = "cancelled", _("已取消")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("渠道"), max_length=10)
    # A phone number or an email address: personal data, encrypted at rest like every phone.
    address = EncryptedTextField(_("地址"), help_text=_("邮箱或手机号"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now)
    last_error = models.TextField(_("最近错误"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    # Given to the provider with every attempt of this row: a re-send after a worker died between
    # the provider's "accepted" and our commit carries the same key, and the provider drops it.
    idempotency_key = models.UUIDField(_("幂等键"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("外部投递")
        verbose_name_plural = _("外部投递")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel"),
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False), name="sent_has_time"),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="delivery_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.masked_address} ({self.status})"

    @property
    def masked_address(self) -> str:
        if "@" in self.address:
            name, _at, domain = self.address.partition("@")
            return f"{name[:1]}***@{domain}"
        return mask_phone(self.address)


class ChannelPreference(models.Model):
    """Which external channels a user wants. In-app notifications are always on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    email = models.BooleanField(_("邮件通知"), default=False)
    sms = models.BooleanField(_("短信通知"), default=True)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")

    def __str__(self) -> str:
        return f"{self.user}: email={self.email} sms={self.sms}"
