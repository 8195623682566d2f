"""Activities held in a booked room, with sign-up, waitlist and attendance."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import Created, StatusChange, Timestamped

from .bookings import Booking

APPEAL_NUMBER_RE = r"^YSS-\d{8}-\d{4}$"


class Activity(Created):
    class Kind(models.TextChoices):
        PARENT_CHILD = "parent_child", _("亲子手作")
        LECTURE = "lecture", _("沙龙讲座")
        HEALTH = "health", _("健康义诊")
        NIGHT_SCHOOL = "night_school", _("青年夜校")
        ELDERLY = "elderly", _("长者活动")
        DELIBERATION = "deliberation", _("议事协商")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("报名中")
        CANCELLED = "cancelled", _("已取消")
        FINISHED = "finished", _("已结束")

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="activity")
    kind = models.CharField(_("类型"), max_length=14, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=80)
    description = models.TextField(_("介绍"), blank=True)
    capacity = models.PositiveIntegerField(_("名额"))
    waitlist = models.BooleanField(_("满员后可候补"), default=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    agenda = models.TextField(_("议程"), blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("发布人"))

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["booking__start"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gt=0), name="activity_capacity_positive")]
        # The activity lists read the published ones, a few hundred among years of finished activities.
        indexes = [models.Index(fields=["booking"], condition=Q(status="published"), name="activity_published_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_deliberation(self) -> bool:
        return self.kind == self.Kind.DELIBERATION


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已报名")
    WAITLISTED = "waitlisted", _("候补中")
    CANCELLED = "cancelled", _("已取消")


class SignUp(Timestamped):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="space_signups")
    status = models.CharField(_("状态"), max_length=10, choices=SignUpStatus.choices)
    attended = models.BooleanField(_("到场"), null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "resident"], condition=~Q(status="cancelled"),
                                    name="one_live_signup_per_resident"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.resident}"


class ActivityAppealLink(models.Model):
    """An appeal (by tracking number) that a deliberation meeting discussed.

    Only the number is stored: the appeals app owns appeals and this app never imports it.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="appeal_links")
    number = models.CharField(_("诉求编号"), max_length=20, validators=[
        RegexValidator(APPEAL_NUMBER_RE, _("诉求编号格式应为 YSS-YYYYMMDD-NNNN。"))])

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "number"], name="appeal_link_unique"),
        ]

    def __str__(self) -> str:
        return self.number



class ActivityChange(StatusChange):
    """The activity's timeline: published, cancelled (with the reason), finished."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="changes")


class SignUpChange(StatusChange):
    """A sign-up's timeline: signed up or waitlisted, promoted (actor None), cancelled."""

    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="changes")
