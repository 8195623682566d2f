"""The single queue of a centre: windows, tickets, and the history of every ticket."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import StatusChange


class Window(models.Model):
    centre = models.ForeignKey("grid.ServiceCentre", on_delete=models.PROTECT, related_name="windows",
                               verbose_name=_("服务中心"))
    number = models.PositiveSmallIntegerField(_("窗口号"))
    name = models.CharField(_("名称"), max_length=40, default=_("综合窗口"))
    in_service = models.BooleanField(_("启用"), default=True, help_text=_("计入预约容量"))
    is_open = models.BooleanField(_("正在服务"), default=False)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("当前人员"))

    class Meta:
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        ordering = ["centre", "number"]
        constraints = [models.UniqueConstraint(fields=["centre", "number"], name="window_number_unique_per_centre")]

    def __str__(self) -> str:
        return _("%(number)s 号窗口") % {"number": self.number}


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("等候中")
    CALLED = "called", _("已叫号")
    SERVING = "serving", _("办理中")
    COMPLETED = "completed", _("已办结")
    NO_SHOW = "no_show", _("过号")
    TRANSFERRED = "transferred", _("已转街道")
    CANCELLED = "cancelled", _("已取消")


class TicketCounter(models.Model):
    """The last number issued per centre, day and prefix (incremented in place by one UPDATE)."""

    centre = models.ForeignKey("grid.ServiceCentre", on_delete=models.CASCADE, related_name="+")
    service_date = models.DateField()
    prefix = models.CharField(max_length=1)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["centre", "service_date", "prefix"],
                                               name="ticket_counter_unique")]

    def __str__(self) -> str:
        return f"{self.service_date} {self.prefix}{self.last}"


class QueueTicket(models.Model):
    class Kind(models.TextChoices):
        WALK_IN = "walk_in", _("现场取号")
        APPOINTMENT = "appointment", _("预约签到")

    class Source(models.TextChoices):
        KIOSK = "kiosk", _("自助取号")
        STAFF = "staff", _("工作人员取号")
        APPOINTMENT = "appointment", _("预约签到")
        API = "api", _("接口")

    centre = models.ForeignKey("grid.ServiceCentre", on_delete=models.PROTECT, related_name="tickets",
                               verbose_name=_("服务中心"))
    service_date = models.DateField(_("日期"))
    number = models.CharField(_("号码"), max_length=8)
    sequence = models.PositiveIntegerField(_("序号"))
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.WALK_IN)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices, default=Source.KIOSK)
    status = models.CharField(_("状态"), max_length=12, choices=TicketStatus.choices, default=TicketStatus.WAITING,
                              db_index=True)
    is_priority = models.BooleanField(_("优先"), default=False)
    priority_reason = models.CharField(_("优先原因"), max_length=40, blank=True)
    priority_verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                             blank=True, related_name="+", verbose_name=_("核验人"))
    # Appointment tickets go ahead of walk-ins once their slot has begun.
    slot_start = models.DateTimeField(_("预约时段"), null=True, blank=True)
    item = models.ForeignKey("services.ServiceItem", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("拟办事项"))
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="queue_tickets", verbose_name=_("居民"))
    window = models.ForeignKey(Window, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets",
                               verbose_name=_("窗口"))
    # Set when another window hands the ticket over: only that window calls it next.
    reserved_for = models.ForeignKey(Window, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("转给窗口"))
    recall_count = models.PositiveSmallIntegerField(_("重呼次数"), default=0)
    requests = models.ManyToManyField("services.ServiceRequest", blank=True, related_name="tickets",
                                      verbose_name=_("办理事项"))
    issued_at = models.DateTimeField(_("取号时间"), db_index=True)
    called_at = models.DateTimeField(_("叫号时间"), null=True, blank=True)
    served_at = models.DateTimeField(_("开始办理"), null=True, blank=True)
    completed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("排队号")
        verbose_name_plural = _("排队号")
        ordering = ["service_date", "issued_at", "pk"]
        indexes = [
            models.Index(fields=["centre", "service_date", "status"], name="ticket_queue_idx"),
            # The wait estimate reads a centre's latest completed tickets (services.selectors
            # .average_service_minutes): without it, every completed ticket of the week is sorted.
            models.Index(fields=["centre", "-completed_at"], condition=Q(status="completed"),
                         name="ticket_recent_done_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["centre", "service_date", "number"], name="ticket_number_unique_per_day"),
            models.CheckConstraint(condition=Q(is_priority=False) | ~Q(priority_reason=""),
                                   name="priority_ticket_has_reason"),
        ]

    def __str__(self) -> str:
        return self.number


class TicketEvent(StatusChange):
    """The ticket's timeline: issued, called, recalled, served, no-show, transferred."""

    ticket = models.ForeignKey(QueueTicket, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    to_status = models.CharField(max_length=12, blank=True)  # empty for a step that keeps the status
    window = models.ForeignKey(Window, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")

    def __str__(self) -> str:
        return f"{self.action} {self.at}"
