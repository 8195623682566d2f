"""The register of community tasks (社区工作事项): departments, tasks, their history, published lists."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taijiang.core.exceptions import InvalidTransition
from taijiang.core.models import Created, StatusChange


class Department(models.Model):
    """A district functional department (区职能部门) that owns tasks and files admissions."""

    name = models.CharField(_("部门名称"), max_length=60, unique=True)
    short_name = models.CharField(_("简称"), max_length=20, unique=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("区职能部门")
        verbose_name_plural = _("区职能部门")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class DepartmentMember(models.Model):
    """Links a department liaison account to its department (the users app never imports workload)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="department_membership",
                                verbose_name=_("账号"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="members",
                                   verbose_name=_("部门"))

    class Meta:
        verbose_name = _("部门联络员")
        verbose_name_plural = _("部门联络员")

    def __str__(self) -> str:
        return f"{self.department} · {self.user}"


class TaskList(models.TextChoices):
    """The three guide lists (三张清单) of community work."""

    DUTY = "duty", _("依法履职事项")
    ASSISTING = "assisting", _("协助办理事项")
    NEGATIVE = "negative", _("负面清单事项")


class Disposition(models.TextChoices):
    """What the reform did with a task; `withdrawn` is an admitted task taken off again (退出)."""

    KEPT = "kept", _("保留")
    RETURNED = "returned", _("收归街道")
    MERGED = "merged", _("合并")
    ABOLISHED = "abolished", _("取消")
    WITHDRAWN = "withdrawn", _("已退出")


class Origin(models.TextChoices):
    BASELINE = "baseline", _("原145项梳理")
    ADMISSION = "admission", _("准入")


class Task(Created):
    """One community task. `communities` empty means every community of the district carries it.

    A task is *in force* on a day when it is kept, on the duty or assisting list, and the day is in
    [in_force_from, in_force_until). The negative list is published beside them but never carried.
    """

    code = models.CharField(_("编号"), max_length=12, unique=True)
    title = models.CharField(_("事项名称"), max_length=120)
    category = models.CharField(_("类别"), max_length=30)
    task_list = models.CharField(_("清单"), max_length=10, choices=TaskList.choices, db_index=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks",
                                   verbose_name=_("责任部门"))
    legal_basis = models.TextField(_("依据"), blank=True)
    ledgers_required = models.TextField(_("所需台账与报表"), blank=True)
    resources = models.TextField(_("配套资源"), blank=True, help_text=_("权随责走、费随事转：经费、人员、系统等"))
    disposition = models.CharField(_("处置"), max_length=12, choices=Disposition.choices, default=Disposition.KEPT,
                                   db_index=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged",
                                    verbose_name=_("并入事项"))
    origin = models.CharField(_("来源"), max_length=10, choices=Origin.choices, default=Origin.BASELINE)
    baseline_number = models.PositiveSmallIntegerField(_("原清单序号"), null=True, blank=True, unique=True)
    communities = models.ManyToManyField("grid.Community", blank=True, related_name="workload_tasks",
                                         verbose_name=_("适用社区"), help_text=_("留空表示全区所有社区"))
    in_force_from = models.DateField(_("生效日期"), null=True, blank=True)
    in_force_until = models.DateField(_("停止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("社区工作事项")
        verbose_name_plural = _("社区工作事项")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=~Q(disposition="merged") | Q(merged_into__isnull=False),
                                   name="workload_merged_task_names_target"),
            models.CheckConstraint(condition=Q(in_force_until__isnull=True) | Q(in_force_from__isnull=True)
                                   | Q(in_force_until__gte=models.F("in_force_from")),
                                   name="workload_task_dates_ordered"),
        ]
        indexes = [models.Index(fields=["disposition", "task_list"], name="workload_task_disp_list")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def in_force_on(self, day) -> bool:
        return (self.disposition == Disposition.KEPT and self.task_list != TaskList.NEGATIVE
                and self.in_force_from is not None and self.in_force_from <= day
                and (self.in_force_until is None or day < self.in_force_until))


class TaskChange(StatusChange):
    """The task's history: created (from empty), its disposition, withdrawal (退出)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="changes")


class Immutable(models.Model):
    """A row that is written once: published lists are a record of what was published."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise InvalidTransition(_("已发布的清单不能修改，请发布新版本。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvalidTransition(_("已发布的清单不能删除，请发布新版本。"))


class ListVersion(Immutable):
    """A published list: a snapshot of the register with its version number (per community, or the district's)."""

    community = models.ForeignKey("grid.Community", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="workload_lists", verbose_name=_("社区"),
                                  help_text=_("留空为全区清单"))
    version = models.PositiveIntegerField(_("版本"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("发布人"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    effective_on = models.DateField(_("清单日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    duty_count = models.PositiveIntegerField(default=0)
    assisting_count = models.PositiveIntegerField(default=0)
    negative_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("已发布清单")
        verbose_name_plural = _("已发布清单")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "version"], name="workload_list_version_unique"),
            models.UniqueConstraint(fields=["version"], condition=Q(community__isnull=True),
                                    name="workload_district_list_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.community or _('全区')} v{self.version}"

    @property
    def carried_count(self) -> int:
        return self.duty_count + self.assisting_count


class ListEntry(Immutable):
    """One line of a published list, copied as it stood (later edits of the task do not change it)."""

    version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="entries")
    position = models.PositiveIntegerField()
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="+")
    task_list = models.CharField(max_length=10, choices=TaskList.choices)
    code = models.CharField(max_length=12)
    title = models.CharField(max_length=120)
    category = models.CharField(max_length=30)
    department = models.CharField(max_length=20, blank=True)
    legal_basis = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="workload_entry_position_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
