"""Page forms of the rota app: input validation with Chinese messages; services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grid.models import OpeningPeriod
from taijiang.core.forms import DateInput

from .models import Absence, RotaPolicy, ShiftKind, Worker
from .serializers import parse_month

WEEKDAYS = [("", _("——（节假日值班不填）")), (0, _("周一")), (1, _("周二")), (2, _("周三")), (3, _("周四")),
            (4, _("周五")), (5, _("周六")), (6, _("周日"))]
DATE = DateInput()
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=OpeningPeriod.Kind.choices)
    weekday = forms.TypedChoiceField(label=_("星期"), choices=WEEKDAYS, coerce=int, empty_value=None,
                                     required=False)
    opens = forms.TimeField(label=_("开始"), widget=TIME)
    closes = forms.TimeField(label=_("结束"), widget=TIME)
    valid_from = forms.DateField(label=_("生效日期（夏令/冬令时可填）"), required=False, widget=DATE)
    valid_until = forms.DateField(label=_("截止日期"), required=False, widget=DATE)


class ClosureForm(forms.Form):
    first_day = forms.DateField(label=_("起始日期"), widget=DATE)
    last_day = forms.DateField(label=_("结束日期"), widget=DATE)
    reason = forms.CharField(label=_("原因"), max_length=100)


class MonthForm(forms.Form):
    month = forms.CharField(label=_("月份"), widget=forms.TextInput(attrs={"type": "month"}))

    def clean_month(self):
        month = parse_month(self.cleaned_data["month"])
        if month is None:
            raise forms.ValidationError(_("月份格式应为 YYYY-MM。"))
        return month


class ShiftForm(forms.Form):
    worker = forms.ModelChoiceField(label=_("人员"), queryset=Worker.objects.none())
    day = forms.DateField(label=_("日期"), widget=DATE)
    starts = forms.TimeField(label=_("开始"), widget=TIME)
    ends = forms.TimeField(label=_("结束"), widget=TIME)
    kind = forms.ChoiceField(label=_("班次"), choices=ShiftKind.choices)

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is not None:
            self.fields["worker"].queryset = workers


class ReasonForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class SwapForm(forms.Form):
    take_over_by = forms.ModelChoiceField(label=_("请哪位同事接班"), queryset=Worker.objects.none())
    reason = forms.CharField(label=_("原因"), max_length=200)

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        if colleagues is not None:
            self.fields["take_over_by"].queryset = colleagues


class WorkerForm(forms.Form):
    window_qualified = forms.BooleanField(label=_("可独立值守窗口"), required=False)
    active = forms.BooleanField(label=_("参加排班"), required=False)


class AbsenceForm(forms.Form):
    worker = forms.ModelChoiceField(label=_("人员"), queryset=Worker.objects.none())
    kind = forms.ChoiceField(label=_("类型"), choices=Absence.Kind.choices)
    first_day = forms.DateField(label=_("起始日期"), required=False, widget=DATE)
    last_day = forms.DateField(label=_("结束日期"), required=False, widget=DATE)
    weekday = forms.TypedChoiceField(label=_("星期（每周不可排班）"), choices=WEEKDAYS[1:], coerce=int,
                                     empty_value=None, required=False)
    starts = forms.TimeField(label=_("开始"), required=False, widget=TIME)
    ends = forms.TimeField(label=_("结束"), required=False, widget=TIME)
    note = forms.CharField(label=_("说明"), max_length=100, required=False)

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is not None:
            self.fields["worker"].queryset = workers


class PolicyForm(forms.ModelForm):
    class Meta:
        model = RotaPolicy
        fields = ["staggered_days_per_week", "weekly_hours_cap", "min_rest_hours", "max_staff_per_period",
                  "solver_seconds"]
