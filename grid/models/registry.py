"""The household register: households in buildings, the residents living in them, their tags.

ID numbers and phones are encrypted at rest (EncryptedTextField) and never filtered on directly:
`id_number_hash` / `phone_hash` (keyed HMAC) answer "is this person already registered".
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taijiang.core.crypto import EncryptedTextField, lookup_hash
from taijiang.core.masking import mask_id_number, mask_phone
from taijiang.core.models import Timestamped

from .territory import Building


class Tag(models.Model):
    """A resident tag (独居老人, 残疾人, 低保户…) and the visit tier it puts a household in."""

    class Tier(models.TextChoices):
        HIGH_RISK = "high", _("高风险（每周）")
        KEY_GROUP = "key", _("重点人群（每月）")
        GENERAL = "general", _("一般（每季度）")

    RANK = {"high": 1, "key": 2, "general": 3}  # Household.risk_rank of each tier

    code = models.SlugField(_("编码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    tier = models.CharField(_("走访等级"), max_length=10, choices=Tier.choices, default=Tier.GENERAL)

    class Meta:
        verbose_name = _("人员标签")
        verbose_name_plural = _("人员标签")
        ordering = ["tier", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def rank(self) -> int:
        return self.RANK[self.tier]


class Household(Timestamped):
    class ResidenceType(models.TextChoices):
        PRESENT = "present", _("户在人在")
        ABSENT = "absent", _("户在人不在")
        UNREGISTERED = "unregistered", _("人在户不在")
        TENANT = "tenant", _("承租")
        LODGER = "lodger", _("借住")
        VACANT = "vacant", _("空房")

    class LivingSituation(models.TextChoices):
        ORDINARY = "ordinary", _("一般")
        EMPTY_NEST = "empty_nest", _("空巢")
        ALONE = "alone", _("独居")
        WIDOWED_CHILDLESS = "widowed_childless", _("孤寡")

    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="households",
                                 verbose_name=_("楼栋"))
    door_number = models.CharField(_("门牌号"), max_length=20, help_text=_("如：302"))
    residence_type = models.CharField(_("居住类型"), max_length=15, choices=ResidenceType.choices,
                                      default=ResidenceType.PRESENT)
    living_situation = models.CharField(_("居住状况"), max_length=20, choices=LivingSituation.choices,
                                        default=LivingSituation.ORDINARY)
    note = models.TextField(_("备注"), blank=True)
    is_active = models.BooleanField(_("在册"), default=True)
    # Maintained by the visit policy (grid.services): when the next visit is due.
    next_visit_due = models.DateField(_("下次走访日期"), null=True, blank=True, db_index=True)
    last_visited_at = models.DateTimeField(_("最近走访"), null=True, blank=True)
    # The highest tier among the active residents' tags (1 high risk, 2 key group, 3 general),
    # kept by grid.services.policy so that the due list sorts in the database.
    risk_rank = models.PositiveSmallIntegerField(_("风险等级"), default=3, choices=[(1, _("高风险")), (2, _("重点人群")),
                                                                                (3, _("一般"))])
    # Set when an emergency is reported: a visit is due within the policy's emergency window.
    emergency_reported_at = models.DateTimeField(_("突发情况报告时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("户")
        verbose_name_plural = _("户")
        ordering = ["building__name", "door_number"]
        constraints = [
            models.UniqueConstraint(fields=["building", "door_number"], name="household_door_unique_per_building"),
            models.CheckConstraint(condition=Q(risk_rank__gte=1, risk_rank__lte=3), name="household_risk_rank_range"),
        ]
        indexes = [
            models.Index(fields=["risk_rank", "next_visit_due"], name="household_due_order_idx"),
            # The due list and its counts: a grid's buildings, then their active households by due date
            # (without it PostgreSQL scans every household of the district: docs/performance.md).
            models.Index(fields=["building", "next_visit_due"], condition=Q(is_active=True),
                         name="household_active_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.building.name} {self.door_number}"


class Resident(Timestamped):
    class Sex(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在册")
        MOVED_OUT = "moved_out", _("迁出")
        DECEASED = "deceased", _("死亡")
        LOST_CONTACT = "lost_contact", _("失联")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="residents",
                                  verbose_name=_("户"))
    name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    id_number = EncryptedTextField(_("身份证号"), blank=True)
    id_number_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    phone = EncryptedTextField(_("联系电话"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, default="汉族")
    relation_to_head = models.CharField(_("与户主关系"), max_length=20, blank=True, help_text=_("如：户主、配偶、子女"))
    political_status = models.CharField(_("政治面貌"), max_length=20, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="residents", verbose_name=_("标签"))
    status = models.CharField(_("状态"), max_length=15, choices=Status.choices, default=Status.ACTIVE)
    # The resident's own portal account, when they have one.
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="registry_entry", verbose_name=_("门户账号"))

    class Meta:
        verbose_name = _("居民")
        verbose_name_plural = _("居民")
        ordering = ["household", "name"]
        indexes = [models.Index(fields=["name"], name="resident_name_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(id_number="") | Q(id_number_hash__isnull=False),
                                   name="resident_id_number_has_hash"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The hashes follow the plaintext so look-ups never need to decrypt.
        self.id_number_hash = lookup_hash(self.id_number) if self.id_number else None
        self.phone_hash = lookup_hash(self.phone) if self.phone else ""
        if kwargs.get("update_fields") is not None:
            fields = set(kwargs["update_fields"])
            if "id_number" in fields:
                fields.add("id_number_hash")
            if "phone" in fields:
                fields.add("phone_hash")
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)
