"""Admission (准入): a department asks for a new task to be pushed down to communities."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import Created, StatusChange

from .register import Department, Task, TaskList


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待街道审核")
    REVIEWED = "reviewed", _("待区级决定")
    ADMITTED = "admitted", _("已准入")
    REFUSED = "refused", _("未准入")
    WITHDRAWN = "withdrawn", _("已撤回")
    EXITED = "exited", _("已退出")


PENDING_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.REVIEWED)


class Application(Created):
    """A department's written application to push a task down (filed ≥ N working days before it starts)."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="applications",
                                   verbose_name=_("申请部门"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("申请人"))
    title = models.CharField(_("事项名称"), max_length=120)
    category = models.CharField(_("类别"), max_length=30, blank=True)
    task_list = models.CharField(_("拟列入清单"), max_length=10, choices=TaskList.choices)
    legal_basis = models.TextField(_("依据"))
    ledgers_required = models.TextField(_("所需台账与报表"), blank=True)
    hours_per_month = models.PositiveIntegerField(_("每社区每月工作量（小时）"))
    workload_note = models.TextField(_("工作量说明"), blank=True)
    resources_offered = models.TextField(_("配套资源"), help_text=_("权随责走、费随事转：经费、人员、系统等"))
    start_date = models.DateField(_("拟开始日期"))
    communities = models.ManyToManyField("grid.Community", blank=True, related_name="workload_applications",
                                         verbose_name=_("涉及社区"), help_text=_("留空表示全区所有社区"))
    filed_on = models.DateField(_("申请日期"))
    decision_due = models.DateField(_("应决定日期"))
    status = models.CharField(_("状态"), max_length=12, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("决定人"))
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    task = models.OneToOneField(Task, on_delete=models.PROTECT, null=True, blank=True, related_name="application",
                                verbose_name=_("准入后的事项"))

    class Meta:
        verbose_name = _("准入申请")
        verbose_name_plural = _("准入申请")
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(task_list="negative"), name="workload_application_not_negative"),
            models.CheckConstraint(condition=~Q(status="admitted") | Q(task__isnull=False),
                                   name="workload_admitted_application_has_task"),
        ]
        indexes = [models.Index(fields=["status", "decision_due"], name="workload_app_status_due")]

    def __str__(self) -> str:
        return f"{self.department} · {self.title}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    def is_overdue_on(self, day) -> bool:
        return self.is_pending and day > self.decision_due


class ApplicationReview(models.Model):
    """A street's opinion on an application (one per street), read by the district before it decides."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    street = models.ForeignKey("grid.Street", on_delete=models.PROTECT, related_name="+", verbose_name=_("街道"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("审核人"))
    agrees = models.BooleanField(_("同意下沉"))
    opinion = models.TextField(_("审核意见"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("街道审核意见")
        verbose_name_plural = _("街道审核意见")
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "street"], name="workload_one_review_per_street")]

    def __str__(self) -> str:
        return f"{self.street}: {self.opinion[:20]}"


class ApplicationChange(StatusChange):
    """The application's timeline: filed, reviewed, admitted/refused with reasons, withdrawn, exited."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="changes")
