"""Page forms of the canteen: input validation with Chinese messages; services hold the rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from taijiang.core.forms import DateInput

from .models import Fulfilment, Sitting


class MealForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DateInput())
    sitting = forms.ChoiceField(label=_("餐次"), choices=Sitting.choices)
    price = forms.DecimalField(label=_("价格（元）"), min_value=Decimal("0"), max_value=Decimal("999"),
                               decimal_places=2, initial=Decimal("10.00"))
    capacity = forms.IntegerField(label=_("份数上限"), min_value=1, max_value=5000, initial=60)
    dishes = forms.CharField(label=_("菜品（每行一个，可写“名称：配菜”）"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def clean_dishes(self):
        return self.cleaned_data["dishes"].splitlines()


class OrderForm(forms.Form):
    """The meal, the person eating and the dish come from the page's own lists (ids checked there)."""

    meal = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    resident = forms.TypedChoiceField(label=_("就餐人"), coerce=int, choices=[])
    dish = forms.TypedChoiceField(label=_("菜品"), coerce=int, choices=[], required=False)
    fulfilment = forms.ChoiceField(label=_("就餐方式"), choices=Fulfilment.choices, initial=Fulfilment.DINE_IN,
                                   widget=forms.RadioSelect)
    note = forms.CharField(label=_("备注（如：少盐、软烂）"), max_length=200, required=False)

    def __init__(self, *args, members=(), dishes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].choices = [(m.pk, m.name) for m in members]
        self.fields["dish"].choices = [("", "——")] + [(d.pk, d.name) for d in dishes]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


class RoundForm(forms.Form):
    sitting = forms.ChoiceField(label=_("餐次"), choices=Sitting.choices)
    worker = forms.TypedChoiceField(label=_("送餐网格员"), coerce=int, choices=[], required=False, empty_value=None)
    volunteer_name = forms.CharField(label=_("或志愿者姓名"), max_length=50, required=False)
    volunteer_phone = forms.CharField(label=_("志愿者电话"), max_length=20, required=False)

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", "——")] + [(w.pk, w.name) for w in workers]
