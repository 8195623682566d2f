"""Rooms of a service centre and what each may be used for."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import Created
from taijiang.core.uploads import RandomUploadPath


class Function(models.TextChoices):
    """What a time slice of a room is for, and what a booking is for."""

    GENERAL = "general", _("通用")
    ELDERLY = "elderly", _("长者活动")
    MEAL = "meal", _("长者用餐")
    AFTER_SCHOOL = "after_school", _("六点半课堂")
    NIGHT_SCHOOL = "night_school", _("青年夜校")
    PARENT_CHILD = "parent_child", _("亲子手作")
    LECTURE = "lecture", _("沙龙讲座")
    HEALTH = "health", _("健康义诊")
    DELIBERATION = "deliberation", _("议事协商")
    MEETING = "meeting", _("会议")
    SERVICE = "service", _("便民服务")


class Room(models.Model):
    class Kind(models.TextChoices):
        OFFICE = "office", _("办公用房")
        SERVICE = "service", _("服务用房")
        OPEN = "open", _("开放活动空间")

    class Bookers(models.TextChoices):
        RESIDENTS = "residents", _("居民、组织和工作人员")
        ORGANISATIONS = "organisations", _("社会组织和工作人员")
        STAFF = "staff", _("仅工作人员")

    centre = models.ForeignKey("grid.ServiceCentre", on_delete=models.PROTECT, related_name="rooms",
                               verbose_name=_("服务中心"))
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.OPEN)
    area_m2 = models.DecimalField(_("面积（㎡）"), max_digits=7, decimal_places=1,
                                  validators=[MinValueValidator(0)])
    capacity = models.PositiveIntegerField(_("容纳人数"), default=10)
    equipment = models.CharField(_("设施设备"), max_length=300, blank=True)
    description = models.TextField(_("简介"), blank=True)
    bookable = models.BooleanField(_("可预约"), default=True)
    bookers = models.CharField(_("谁可预约"), max_length=14, choices=Bookers.choices, default=Bookers.RESIDENTS)
    needs_approval = models.BooleanField(_("需审核"), default=False)
    follows_centre_hours = models.BooleanField(
        _("限中心开放时间内"), default=True,
        help_text=_("取消勾选后，此房间按自己的时段开放（如晚间的青年夜校）。"))
    min_notice_hours = models.PositiveIntegerField(_("最少提前（小时）"), default=1)
    max_notice_days = models.PositiveIntegerField(_("最多提前（天）"), default=30)
    min_duration_minutes = models.PositiveIntegerField(_("最短时长（分钟）"), default=30)
    max_duration_minutes = models.PositiveIntegerField(_("最长时长（分钟）"), default=240)
    buffer_minutes = models.PositiveIntegerField(_("两场之间间隔（分钟）"), default=0)
    weekly_quota = models.PositiveIntegerField(_("每位居民每周限约（次）"), default=3,
                                               help_text=_("0 表示不限。"))
    check_in_required = models.BooleanField(_("需签到"), default=True)
    release_after_minutes = models.PositiveIntegerField(_("未签到自动释放（分钟）"), default=15)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("房间")
        verbose_name_plural = _("房间")
        ordering = ["centre", "name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="room_name_unique_per_centre"),
            models.CheckConstraint(condition=Q(min_duration_minutes__gt=0), name="room_min_duration_positive"),
            models.CheckConstraint(condition=Q(min_duration_minutes__lte=models.F("max_duration_minutes")),
                                   name="room_min_duration_le_max"),
            models.CheckConstraint(condition=Q(area_m2__gte=0), name="room_area_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class RoomPhoto(Created):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=RandomUploadPath("spaces/rooms"))
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("房间照片")
        verbose_name_plural = _("房间照片")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name
