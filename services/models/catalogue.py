"""The catalogue of service items (社区服务事项清单), its published versions and catalogue changes (目录变更申请).

Versioning: the ServiceItem rows are the working list that street admins edit. An item added
or changed since the last publication is flagged `unpublished_changes`; a new item stays a
DRAFT (invisible to the public) until the list is published. Publishing writes a
CatalogueVersion holding a JSON snapshot of every active item with its materials, so every
published list stays viewable exactly as it was published.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ItemGroup(models.TextChoices):
    CIVIL = "civil", _("民政")
    DISABILITY = "disability", _("残联")
    LABOUR = "labour", _("人社、医保")
    HEALTH = "health", _("卫健")
    POLICE = "police", _("公安协助")
    VETERANS = "veterans", _("退役军人")
    PARTY = "party", _("党务")
    OTHER = "other", _("其他")


class ItemLevel(models.TextChoices):
    COMMUNITY = "community", _("社区受理办结")
    STREET = "street", _("社区受理、街道审核")
    DISTRICT = "district", _("社区受理、转区级办理")


class ServiceItem(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿（未发布）")
        ACTIVE = "active", _("在办")
        SUSPENDED = "suspended", _("暂停")

    code = models.SlugField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=80)
    aliases = models.TextField(_("居民常用说法"), blank=True,
                               help_text=_("居民搜索时会用的叫法，每行一个，如：老人补贴、养老金。"))
    group = models.CharField(_("类别"), max_length=20, choices=ItemGroup.choices, db_index=True)
    level = models.CharField(_("办理层级"), max_length=12, choices=ItemLevel.choices, default=ItemLevel.COMMUNITY)
    accepting_place = models.CharField(_("受理地点"), max_length=100, default=_("社区党群服务中心综合窗口"))
    promised_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), default=0,
                                                     help_text=_("0 表示即办"))
    legal_days = models.PositiveSmallIntegerField(_("法定时限（工作日）"), default=0)
    fee = models.CharField(_("收费"), max_length=60, default=_("不收费"))
    conditions = models.TextField(_("办理条件"), blank=True)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    online = models.BooleanField(_("可网上预申请"), default=True)
    proxy = models.BooleanField(_("可代办"), default=True)
    home_service = models.BooleanField(_("可上门办理"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    unpublished_changes = models.BooleanField(_("有未发布的修改"), default=True)
    admitted_via = models.OneToOneField("services.AdmissionProposal", on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="item", verbose_name=_("目录变更申请"))
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["group", "order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(legal_days=0) | Q(promised_days__lte=models.F("legal_days")),
                                   name="item_promised_within_legal_limit"),
        ]

    def __str__(self) -> str:
        return self.name


class ItemMaterial(models.Model):
    class Form(models.TextChoices):
        ORIGINAL = "original", _("原件")
        COPY = "copy", _("复印件")
        BOTH = "both", _("原件及复印件")
        FORM = "form", _("填写表格")

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="materials", verbose_name=_("事项"))
    name = models.CharField(_("材料名称"), max_length=100)
    form = models.CharField(_("形式"), max_length=10, choices=Form.choices, default=Form.ORIGINAL)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    required = models.BooleanField(_("必需"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["item", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "name"], name="material_name_unique_per_item"),
            models.CheckConstraint(condition=Q(copies__gte=1), name="material_at_least_one_copy"),
        ]

    def __str__(self) -> str:
        return self.name


class CatalogueVersion(models.Model):
    """A published list, frozen as JSON (items with their materials) at publication."""

    number = models.PositiveIntegerField(_("版本号"), unique=True)
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("发布人"))
    note = models.CharField(_("发布说明"), max_length=200, blank=True)
    item_count = models.PositiveIntegerField(_("事项数"), default=0)
    snapshot = models.JSONField(_("清单快照"), default=list)

    class Meta:
        verbose_name = _("清单版本")
        verbose_name_plural = _("清单版本")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number}"


class ApprovalStep(models.Model):
    """One step of the admission procedure, configured by the district, run in `order`."""

    order = models.PositiveSmallIntegerField(_("顺序"), unique=True)
    label = models.CharField(_("步骤名称"), max_length=60)
    role = models.CharField(_("审批角色"), max_length=20,
                            choices=[("community_admin", _("社区代表")), ("street_admin", _("街道管理员")),
                                     ("district_admin", _("区级管理员"))])
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("目录变更审批步骤")
        verbose_name_plural = _("目录变更审批步骤")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.label}"


class AdmissionProposal(models.Model):
    """A street proposes a new item for the residents' catalogue (目录变更申请, catalogue change).

    Named "admission" in code and tables for history only: task admission (准入) of work pushed
    down to communities is the workload app's, and never creates a catalogue item.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("审批中")
        ADMITTED = "admitted", _("已通过")
        REFUSED = "refused", _("未通过")

    street = models.ForeignKey("grid.Street", on_delete=models.PROTECT, related_name="admission_proposals",
                               verbose_name=_("提出街道"))
    title = models.CharField(_("事项名称"), max_length=80)
    group = models.CharField(_("类别"), max_length=20, choices=ItemGroup.choices, default=ItemGroup.OTHER)
    description = models.TextField(_("事项内容"))
    reason = models.TextField(_("变更理由"))
    legal_basis = models.TextField(_("依据"), blank=True)
    resources = models.TextField(_("配套经费与人员"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("提出人"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    next_step = models.ForeignKey(ApprovalStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("待审批步骤"))
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("目录变更申请")
        verbose_name_plural = _("目录变更申请")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class AdmissionDecision(models.Model):
    proposal = models.ForeignKey(AdmissionProposal, on_delete=models.CASCADE, related_name="decisions")
    step = models.ForeignKey(ApprovalStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("步骤"))
    approved = models.BooleanField(_("同意"))
    reason = models.TextField(_("意见"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("审批人"))
    decided_at = models.DateTimeField(_("审批时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("目录变更审批意见")
        verbose_name_plural = _("目录变更审批意见")
        ordering = ["decided_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "step"], name="one_decision_per_step")]

    def __str__(self) -> str:
        return f"{self.step}: {self.reason[:20]}"
