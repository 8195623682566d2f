from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import DEFAULT_PERIOD, PERIODS

assert PERIODS == (7, 30, 90)  # the choices below name them


class PeriodForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("时间范围"), coerce=int, initial=DEFAULT_PERIOD,
        choices=[(7, _("最近 7 天")), (30, _("最近 30 天")), (90, _("最近 90 天"))],
        error_messages={"invalid_choice": _("请选择最近 7、30 或 90 天。")},
    )
