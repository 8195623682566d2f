"""Users, their role and the territory a staff member is scoped to."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taijiang.core.crypto import EncryptedTextField, lookup_hash
from taijiang.core.masking import mask_phone


class Role(models.TextChoices):
    RESIDENT = "resident", _("居民")
    WINDOW_STAFF = "window_staff", _("窗口人员")
    GRID_WORKER = "grid_worker", _("网格员")
    COMMUNITY_ADMIN = "community_admin", _("社区管理员")
    STREET_ADMIN = "street_admin", _("街道管理员")
    DISTRICT_ADMIN = "district_admin", _("区级管理员")
    # A district department's liaison (区职能部门): files task admissions (workload app). Neither a
    # resident nor community staff: not in STAFF_ROLES, no territory (scope_for gives NO_SCOPE).
    DEPARTMENT = "department", _("区职能部门")


STAFF_ROLES = frozenset(
    {Role.WINDOW_STAFF, Role.GRID_WORKER, Role.COMMUNITY_ADMIN, Role.STREET_ADMIN, Role.DISTRICT_ADMIN}
)
ADMIN_ROLES = frozenset({Role.COMMUNITY_ADMIN, Role.STREET_ADMIN, Role.DISTRICT_ADMIN})


def phone_lookup_hash(phone: str | None) -> str | None:
    """The value of `User.phone_hash` for a normalised mobile number (None for no phone)."""
    return lookup_hash(phone) if phone else None


class User(AbstractUser):
    """A resident (logs in with a mobile number) or a staff member scoped to a territory.

    Scope by role: window staff and community admins have `community`; street admins have
    `street`; grid workers have `grids` (and the community those grids belong to); district
    admins see everything. Residents may record the community and building they live in.
    """

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.RESIDENT, db_index=True)
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # Encrypted at rest; `phone_hash` (keyed HMAC of the normalised number) finds the account at
    # login and keeps one account per mobile in the database (NULL when there is no phone).
    phone = EncryptedTextField(_("手机号"), blank=True)
    phone_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    street = models.ForeignKey(
        "grid.Street", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("街道")
    )
    community = models.ForeignKey(
        "grid.Community", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("社区")
    )
    grids = models.ManyToManyField("grid.Grid", blank=True, related_name="workers", verbose_name=_("负责网格"))
    building = models.ForeignKey(
        "grid.Building", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("居住楼栋"),
    )
    language = models.CharField(
        _("通知语言"), max_length=10, choices=[("zh-hans", "简体中文"), ("en", "English")], default="zh-hans"
    )
    # Set when someone else chose the password (an admin creating the account or resetting it):
    # the middleware sends the person to the password-change page until they pick their own.
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="community_admin") | Q(community__isnull=False),
                name="community_admin_has_community",
            ),
            models.CheckConstraint(
                condition=~Q(role="window_staff") | Q(community__isnull=False),
                name="window_staff_has_community",
            ),
            models.CheckConstraint(
                condition=~Q(role="street_admin") | Q(street__isnull=False),
                name="street_admin_has_street",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs):
        # The hash follows the plaintext so look-ups never need to decrypt.
        self.phone = self.phone or ""
        self.phone_hash = phone_lookup_hash(self.phone)
        if kwargs.get("update_fields") is not None and "phone" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "phone_hash"}
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_resident(self) -> bool:
        return self.role == Role.RESIDENT

    @property
    def is_portal_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_portal_admin(self) -> bool:
        return self.role in ADMIN_ROLES or self.is_superuser


class RegistrationCode(models.Model):
    """A registration waiting for the one-time code sent by SMS (step 2 of registration).

    The form's data waits here, the password already hashed, until the code comes back. The code
    itself is stored only as an HMAC (with `salt` and LOOKUP_HASH_KEY); a row for a number that
    already has an account, or over the per-number SMS limit, has an empty `code_hash` and can never
    be confirmed, while the page shows exactly what it shows for a new number.
    """

    phone = EncryptedTextField(_("手机号"))
    phone_hash = models.CharField(max_length=64, db_index=True, editable=False)
    salt = models.CharField(max_length=32, editable=False)
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    display_name = models.CharField(_("姓名"), max_length=50)
    community = models.ForeignKey("grid.Community", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    building = models.ForeignKey("grid.Building", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    password = models.CharField(max_length=128)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    sms_sent = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("过期时间"))
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("注册验证码")
        verbose_name_plural = _("注册验证码")

    def __str__(self) -> str:
        return f"{mask_phone(self.phone)} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        self.phone_hash = phone_lookup_hash(self.phone) or ""
        super().save(*args, **kwargs)
