"""Service requests (online pre-application, window, proxy), their history and materials."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taijiang.core.crypto import EncryptedTextField
from taijiang.core.masking import mask_phone
from taijiang.core.models import StatusChange
from taijiang.core.uploads import RandomUploadPath

from .catalogue import ItemMaterial, ServiceItem


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    PRE_REVIEW = "pre_review", _("预审中")
    MATERIALS_MISSING = "materials_missing", _("待补正材料")
    ACCEPTED = "accepted", _("已受理")
    PROCESSING = "processing", _("办理中")
    COMPLETED = "completed", _("已办结")
    REJECTED = "rejected", _("不予受理")
    WITHDRAWN = "withdrawn", _("已撤回")


class ProxyStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    HANDLING = "handling", _("代办中")
    REPLIED = "replied", _("已回复")
    HANDED_OVER = "handed_over", _("结果已送达")
    CONFIRMED = "confirmed", _("已确认签收")


class ServiceRequest(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("网上预申请")
        WINDOW = "window", _("窗口受理")
        PROXY = "proxy", _("代办")

    class Level(models.TextChoices):
        COMMUNITY = "community", _("社区")
        STREET = "street", _("街道")
        DISTRICT = "district", _("区级部门")

    class ConsentMethod(models.TextChoices):
        SIGNED = "signed", _("书面签字")
        IN_PERSON = "in_person", _("当面口头同意")
        PHONE = "phone", _("电话同意")
        ONLINE = "online", _("本人网上申请")

    number = models.CharField(_("办件编号"), max_length=20, unique=True)
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="requests", verbose_name=_("事项"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="service_requests", verbose_name=_("申请人账号"))
    registry_resident = models.ForeignKey("grid.Resident", on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="service_requests", verbose_name=_("登记居民"))
    applicant_name = models.CharField(_("申请人姓名"), max_length=50)
    applicant_phone = EncryptedTextField(_("联系电话"), blank=True)
    community = models.ForeignKey("grid.Community", on_delete=models.PROTECT, related_name="service_requests",
                                  verbose_name=_("社区"))
    grid = models.ForeignKey("grid.Grid", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="service_requests", verbose_name=_("网格"))
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    description = models.TextField(_("情况说明"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.SUBMITTED, db_index=True)
    handling_level = models.CharField(_("办理层级"), max_length=10, choices=Level.choices, default=Level.COMMUNITY)
    missing_materials = models.JSONField(_("待补正材料"), default=list, blank=True)
    reject_reason = models.TextField(_("不予受理理由"), blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    due_date = models.DateField(_("承诺办结日期"), null=True, blank=True)
    source_visit = models.ForeignKey("grid.Visit", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="service_requests", verbose_name=_("来源走访"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("经办人"))
    # Proxy handling (无偿代办): consent, assignee and its own small workflow.
    is_proxy = models.BooleanField(_("代办"), default=False)
    consent_by = models.CharField(_("同意人"), max_length=50, blank=True)
    consent_method = models.CharField(_("同意方式"), max_length=10, choices=ConsentMethod.choices, blank=True)
    consent_at = models.DateTimeField(_("同意时间"), null=True, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="proxy_tasks", verbose_name=_("代办人"))
    proxy_status = models.CharField(_("代办进度"), max_length=12, choices=ProxyStatus.choices, blank=True)
    confirmed_by_name = models.CharField(_("签收人"), max_length=50, blank=True)
    confirmed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["community", "status"], name="request_community_status_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(reject_reason=""),
                                   name="rejected_request_has_reason"),
            models.CheckConstraint(condition=Q(is_proxy=False) | (~Q(consent_by="") & Q(consent_at__isnull=False)),
                                   name="proxy_request_has_consent"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.item.name}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.applicant_phone)

    @property
    def is_open(self) -> bool:
        return self.status not in (RequestStatus.COMPLETED, RequestStatus.REJECTED, RequestStatus.WITHDRAWN)


class RequestEvent(StatusChange):
    """One step of a request's timeline (status change, transfer, proxy step, note).

    Longer statuses and a free-length note than the base; `at` is indexed for the time-freed figures.
    """

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)  # empty for a step that keeps the status
    proxy_status = models.CharField(max_length=12, blank=True)
    title = models.CharField(_("事件"), max_length=100)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(_("居民可见"), default=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta(StatusChange.Meta):
        verbose_name = _("办件记录")
        verbose_name_plural = _("办件记录")

    def __str__(self) -> str:
        return self.title


class RequestAttachment(models.Model):
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="attachments")
    material = models.ForeignKey(ItemMaterial, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("材料"))
    file = models.FileField(_("文件"), upload_to=RandomUploadPath("materials"))
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("材料附件")
        verbose_name_plural = _("材料附件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RequestCounter(models.Model):
    """Per-day counter behind request numbers (locked with select_for_update)."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day} {self.last}"
