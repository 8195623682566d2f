"""Input of the workload pages, with Chinese messages. Services re-check every rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grid.models import Community
from taijiang.core.forms import DateInput

from .models import Channel, DataSource, Department, Disposition, LedgerStatus, Task, TaskList

DATE = DateInput()


class TaskFilterForm(forms.Form):
    STATUS = [("", _("全部")), ("in_force", _("在册执行")), ("upcoming", _("待生效")), ("ended", _("已停止"))]

    task_list = forms.ChoiceField(label=_("清单"), required=False, choices=[("", _("全部"))] + TaskList.choices)
    disposition = forms.ChoiceField(label=_("处置"), required=False, choices=[("", _("全部"))] + Disposition.choices)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS)
    q = forms.CharField(label=_("关键词"), required=False, max_length=40)


class ApplicationForm(forms.Form):
    title = forms.CharField(label=_("事项名称"), max_length=120)
    category = forms.CharField(label=_("类别"), max_length=30, required=False)
    task_list = forms.ChoiceField(label=_("拟列入清单"), choices=[(TaskList.DUTY, TaskList.DUTY.label),
                                                              (TaskList.ASSISTING, TaskList.ASSISTING.label)])
    legal_basis = forms.CharField(label=_("依据"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    ledgers_required = forms.CharField(label=_("所需台账与报表"), widget=forms.Textarea(attrs={"rows": 2}),
                                       required=False, max_length=2000)
    hours_per_month = forms.IntegerField(label=_("每社区每月工作量（小时）"), min_value=1, max_value=744)
    workload_note = forms.CharField(label=_("工作量说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                    max_length=2000)
    resources_offered = forms.CharField(label=_("配套资源"), widget=forms.Textarea(attrs={"rows": 3}),
                                        max_length=2000, help_text=_("权随责走、费随事转：经费、人员、系统等"))
    start_date = forms.DateField(label=_("拟开始日期"), widget=DATE)
    communities = forms.ModelMultipleChoiceField(label=_("涉及社区"), required=False,
                                                 queryset=Community.objects.select_related("street"),
                                                 help_text=_("不选表示全区所有社区"))


class ReviewForm(forms.Form):
    agrees = forms.TypedChoiceField(label=_("意见"), choices=[("1", _("同意下沉")), ("0", _("不同意下沉"))],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect)
    opinion = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class DecideForm(forms.Form):
    admit = forms.TypedChoiceField(label=_("决定"), choices=[("1", _("准入")), ("0", _("不予准入"))],
                                   coerce=lambda v: v == "1", widget=forms.RadioSelect)
    reason = forms.CharField(label=_("决定理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), max_length=200, required=False)


class RefusalForm(forms.Form):
    department = forms.ModelChoiceField(label=_("下派部门"), queryset=Department.objects.filter(is_active=True))
    what = forms.CharField(label=_("下派事项"), max_length=120)
    details = forms.CharField(label=_("具体情况"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=2000)
    pushed_on = forms.DateField(label=_("下派日期"), widget=DATE)
    channel = forms.ChoiceField(label=_("下派方式"), choices=Channel.choices)
    reason = forms.CharField(label=_("拒绝理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             required=False, help_text=_("填写后即记为已拒绝并告知部门和街道"))


class LedgerForm(forms.Form):
    community = forms.ModelChoiceField(label=_("社区"), queryset=Community.objects.none())
    name = forms.CharField(label=_("台账名称"), max_length=80)
    task = forms.ModelChoiceField(label=_("对应事项"), queryset=Task.objects.order_by("code"), required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities if communities is not None else Community.objects.none()


class LedgerCutForm(forms.Form):
    status = forms.ChoiceField(label=_("处理"), choices=[(LedgerStatus.ABOLISHED, LedgerStatus.ABOLISHED.label),
                                                       (LedgerStatus.REPLACED, LedgerStatus.REPLACED.label)])
    replaced_by = forms.ChoiceField(label=_("数据来源"), choices=[("", "—")] + DataSource.choices, required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class DisposeForm(forms.Form):
    disposition = forms.ChoiceField(label=_("处置"), choices=[(v, Disposition(v).label) for v in (
        Disposition.RETURNED, Disposition.MERGED, Disposition.ABOLISHED)])
    merged_into = forms.ModelChoiceField(label=_("并入事项"), required=False,
                                         queryset=Task.objects.filter(disposition=Disposition.KEPT).order_by("code"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class PublishForm(forms.Form):
    community = forms.ModelChoiceField(label=_("社区"), required=False, queryset=Community.objects.none(),
                                       empty_label=_("全区清单"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities if communities is not None else Community.objects.none()


class MonthForm(forms.Form):
    month = forms.DateField(label=_("月份"), required=False, input_formats=["%Y-%m"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
