"""Categories of appeals (with their routing level and deadlines) and canned replies."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import Created
from taijiang.users.scope import Level


class Category(models.Model):
    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    group = models.CharField(_("分组"), max_length=30, blank=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    # Words that suggest this category when they appear in an appeal's text (space or comma separated).
    keywords = models.TextField(_("关键词"), blank=True, help_text=_("用空格或逗号分隔，如：路灯 井盖"))
    default_level = models.CharField(_("默认处理层级"), max_length=12, choices=Level.choices, default=Level.GRID)
    accept_hours = models.PositiveSmallIntegerField(_("受理时限（工作小时）"), default=4)
    reply_hours = models.PositiveSmallIntegerField(_("首次答复时限（工作小时）"), default=14)
    resolve_hours = models.PositiveSmallIntegerField(_("办结时限（工作小时）"), default=35)
    escalate_on_breach = models.BooleanField(_("超时自动上报上一级"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=50)

    class Meta:
        verbose_name = _("诉求分类")
        verbose_name_plural = _("诉求分类")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accept_hours__lte=models.F("reply_hours"), reply_hours__lte=models.F("resolve_hours")),
                name="appeal_category_deadlines_in_order",
            ),
            models.CheckConstraint(condition=Q(accept_hours__gt=0), name="appeal_category_accept_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [word for word in self.keywords.replace("，", " ").replace(",", " ").split() if word]


class CannedReply(Created):
    title = models.CharField(_("标题"), max_length=60)
    text = models.TextField(_("答复内容"))
    category = models.ForeignKey(Category, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="canned_replies", verbose_name=_("适用分类"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("常用答复")
        verbose_name_plural = _("常用答复")
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["title"], name="canned_reply_title_unique")]

    def __str__(self) -> str:
        return self.title
