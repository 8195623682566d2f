"""Users, their role and the territory a staff member is scoped to."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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


class User(AbstractUser):
    """A resident (logs in with a mobile number) or a staff member scoped to a territory.

    Scope by role: window staff and community admins have `community`; street admins have
    `street`; grid workers have `grids` (and the community those grids belong to); district
    admins see everything. Residents may record the community and building they live in.
    """

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.RESIDENT, db_index=True)
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=11, null=True, blank=True, unique=True)
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
