"""Appeals (易说事), their timeline, photos, deadline breaches and the daily number counter."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taijiang.core.crypto import EncryptedTextField, lookup_hash
from taijiang.core.exceptions import NotAllowed
from taijiang.core.masking import mask_phone
from taijiang.core.models import Created, StatusChange
from taijiang.core.uploads import RandomUploadPath
from taijiang.core.validators import normalize_mobile
from taijiang.users.scope import Level

from ..workflow import OPEN_STATUSES, Status
from .catalogue import Category


class Channel(models.TextChoices):
    WEB = "web", _("居民自主提交")
    VISIT = "visit", _("走访代提")
    PHONE = "phone", _("电话代提")
    WINDOW = "window", _("窗口代提")
    OPEN311 = "open311", _("外部系统")


class ContactPreference(models.TextChoices):
    IN_APP = "inapp", _("站内消息")
    PHONE = "phone", _("电话联系")
    SMS = "sms", _("短信")
    NONE = "none", _("无需联系")


def contact_phone_lookup_hash(phone: str) -> str:
    """`Appeal.contact_phone_hash` of a number as typed ("" for none); mobiles are normalised first."""
    return lookup_hash(normalize_mobile(phone)) if phone else ""


class Appeal(models.Model):
    Status = Status
    Channel = Channel
    ContactPreference = ContactPreference

    number = models.CharField(_("受理编号"), max_length=20, unique=True)
    submitter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="appeals", verbose_name=_("提交人"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("录入人"))
    registry_resident = models.ForeignKey("grid.Resident", on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="appeals", verbose_name=_("登记居民"))
    source_visit = models.ForeignKey("grid.Visit", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="appeals", verbose_name=_("来源走访"))
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    channel_system = models.CharField(_("外部系统"), max_length=60, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True, related_name="appeals",
                                 verbose_name=_("分类"))
    text = models.TextField(_("诉求内容"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    # Who holds the case: the level, and the unit at that level (denormalised from the place).
    level = models.CharField(_("当前层级"), max_length=12, choices=Level.choices, default=Level.GRID)
    grid = models.ForeignKey("grid.Grid", on_delete=models.PROTECT, null=True, blank=True, related_name="appeals",
                             verbose_name=_("网格"))
    community = models.ForeignKey("grid.Community", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="appeals", verbose_name=_("社区"))
    street = models.ForeignKey("grid.Street", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="appeals", verbose_name=_("街道"))
    building = models.ForeignKey("grid.Building", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="appeals", verbose_name=_("楼栋"))
    address = models.CharField(_("地点"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    contact_preference = models.CharField(_("联系方式偏好"), max_length=8, choices=ContactPreference.choices,
                                          default=ContactPreference.IN_APP)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    # Encrypted at rest, shown masked; the full number only through a logged reveal
    # (appeals.services.reveal_contact_phone). The hash finds a caller's appeals without decrypting.
    contact_phone = EncryptedTextField(_("联系电话"), blank=True)
    contact_phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    publish_allowed = models.BooleanField(_("允许在公开栏展示"), default=True)
    # Deadlines of the current level (reset when the case moves to another level).
    level_entered_at = models.DateTimeField(_("进入本层级时间"), null=True, blank=True)
    accept_due = models.DateTimeField(_("受理期限"), null=True, blank=True)
    reply_due = models.DateTimeField(_("答复期限"), null=True, blank=True)
    resolve_due = models.DateTimeField(_("办结期限"), null=True, blank=True, db_index=True)
    is_overdue = models.BooleanField(_("已超时"), default=False, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    first_reply_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(_("答复办结时间"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="duplicates", verbose_name=_("合并至"))
    decline_reason = models.TextField(_("不予受理理由"), blank=True)
    rating = models.PositiveSmallIntegerField(_("满意度评分"), null=True, blank=True)
    rating_comment = models.TextField(_("评价"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    # Residents without an account cannot rate online: the staff member who called or visited them
    # records what they said (kept apart so the dashboards can tell the two kinds of rating apart).
    rating_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                           blank=True, related_name="+", verbose_name=_("回访记录人"))
    closed_unrated = models.BooleanField(_("未评价自动办结"), default=False)
    submit_ip = models.GenericIPAddressField(null=True, blank=True)
    # default (not auto_now_add) so imports and demo data can keep the real filing time.
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["level", "status"], name="appeal_level_status_idx"),
            models.Index(fields=["submitter", "-created_at"], name="appeal_submitter_recent_idx"),
            # The public board: published answers, newest first (selectors.public_board).
            models.Index(F("resolved_at").desc(), F("id").desc(), name="appeal_board_idx",
                         condition=Q(status__in=["replied", "closed"], publish_allowed=True)),
            # Staff lists in the API, overdue first then newest, within a community / street / grid.
            models.Index(F("community"), F("is_overdue").desc(), F("created_at").desc(),
                         name="appeal_community_list_idx"),
            models.Index(F("street"), F("is_overdue").desc(), F("created_at").desc(), name="appeal_street_list_idx"),
            models.Index(F("grid"), F("is_overdue").desc(), F("created_at").desc(), name="appeal_grid_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="appeal_rating_1_to_5"),
            models.CheckConstraint(condition=~Q(status="merged") | Q(merged_into__isnull=False),
                                   name="appeal_merged_has_target"),
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="appeal_not_merged_into_itself"),
            models.CheckConstraint(condition=~Q(level="grid") | Q(grid__isnull=False), name="appeal_grid_level_has_grid"),
            models.CheckConstraint(condition=~Q(level="community") | Q(community__isnull=False),
                                   name="appeal_community_level_has_community"),
            models.CheckConstraint(condition=~Q(level="street") | Q(street__isnull=False),
                                   name="appeal_street_level_has_street"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        self.contact_phone_hash = contact_phone_lookup_hash(self.contact_phone)
        if kwargs.get("update_fields") is not None and "contact_phone" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "contact_phone_hash"}
        super().save(*args, **kwargs)

    @property
    def masked_contact_phone(self) -> str:
        return mask_phone(self.contact_phone)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def holder_unit(self) -> str:
        """The unit holding the case, as shown to the resident (never a staff member's name)."""
        if self.level == Level.GRID and self.grid_id:
            return str(self.grid)
        if self.level == Level.COMMUNITY and self.community_id:
            return self.community.name
        if self.level == Level.STREET and self.street_id:
            return self.street.name
        return str(_("台江区职能部门"))

    @property
    def current_due(self):
        """The next deadline that matters for the current status."""
        if self.status == Status.SUBMITTED:
            return self.accept_due
        if self.status in (Status.ACCEPTED, Status.IN_PROGRESS):
            return self.resolve_due
        return None


class AppealEvent(StatusChange):
    """One row of the timeline: a transition, a reply, an internal note, a level change.

    `note` is the text the timeline shows (a reply, the reason for a move); `at` has a default
    rather than auto_now_add because the demo and imports write past timelines.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        TRANSITION = "transition", _("状态变更")
        REPLY = "reply", _("答复")
        NOTE = "note", _("内部备注")
        ESCALATED = "escalated", _("上报上一级")
        ROUTED = "routed", _("指派层级")
        INFO_ADDED = "info_added", _("补充信息")
        RATED = "rated", _("评价")
        MERGED = "merged", _("合并")
        BREACH = "breach", _("超时")
        CATEGORY = "category", _("调整分类")
        CONTACTED = "contacted", _("回访联系")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    level = models.CharField(max_length=12, choices=Level.choices)
    public = models.BooleanField(_("居民可见"), default=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta(StatusChange.Meta):
        verbose_name = _("诉求记录")
        verbose_name_plural = _("诉求记录")

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.kind}"


class AppealPhoto(Created):
    class Kind(models.TextChoices):
        REPORT = "report", _("居民照片")
        RESULT = "result", _("办理结果照片")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REPORT)
    image = models.FileField(upload_to=RandomUploadPath("appeals"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("诉求照片")
        verbose_name_plural = _("诉求照片")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.kind} {self.pk}"


class DeadlineBreach(models.Model):
    """A missed deadline, recorded once: the sweep's idempotency key.

    Unique per appeal, level, kind and due time: each stay at a level (after escalation, routing
    back down or a reopening) has its own deadlines, and each of those is acted on exactly once.
    """

    class Kind(models.TextChoices):
        ACCEPT = "accept", _("超时未受理")
        REPLY = "reply", _("超时未答复")
        RESOLVE = "resolve", _("超时未办结")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="breaches")
    level = models.CharField(max_length=12, choices=Level.choices)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    due_at = models.DateTimeField()
    detected_at = models.DateTimeField(auto_now_add=True)
    escalated = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("超时记录")
        verbose_name_plural = _("超时记录")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "level", "kind", "due_at"], name="appeal_breach_once_per_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.level} {self.kind}"


class DailyCounter(models.Model):
    """The last tracking number handed out on a day (locked with select_for_update)."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号计数")
        verbose_name_plural = _("编号计数")

    def __str__(self) -> str:
        return f"{self.day} {self.last}"


class ContactAccessLog(models.Model):
    """Who saw an appeal's full contact phone, when and why: append-only, like grid.AccessLog.

    Nobody edits or deletes a row through the application: `save()` refuses updates, `delete()`
    refuses, the admin grants only view.
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("查看人"))
    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="contact_access_logs",
                               verbose_name=_("诉求"))
    reason = models.CharField(_("查看事由"), max_length=200)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("联系电话查看记录")
        verbose_name_plural = _("联系电话查看记录")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="contact_access_log_reason_required")]

    def __str__(self) -> str:
        return f"{self.actor} → {self.appeal_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise NotAllowed(_("查看记录不可修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise NotAllowed(_("查看记录不可删除。"))
