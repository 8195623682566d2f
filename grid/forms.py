"""Forms of the grid pages (Chinese messages; the services do the real checks)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from taijiang.core.forms import DateInput
from taijiang.core.validators import validate_plausible_date

from .importing import FIELDS
from .models import Building, Household, Resident, Tag, Visit, VisitPolicy
from .services.visits import ANSWERS, OBSERVATIONS


class HouseholdForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["building", "door_number", "residence_type", "living_situation", "note", "is_active"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, buildings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = buildings if buildings is not None else Building.objects.none()
        self.fields["is_active"].help_text = _("取消勾选表示该户已注销（如整户迁出、房屋拆除），不再排入走访。")
        if not self.instance.pk:
            del self.fields["is_active"]

    def _get_validation_exclusions(self):
        # The service answers a duplicate door with a field error naming the door number.
        return {*super()._get_validation_exclusions(), "door_number"}


class ResidentForm(forms.ModelForm):
    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=18)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    tags = forms.ModelMultipleChoiceField(label=_("标签"), queryset=Tag.objects.all(), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    born_here = forms.BooleanField(label=_("本户新生儿（登记为“出生”，否则为“入住”）"), required=False)

    class Meta:
        model = Resident
        fields = ["name", "sex", "birth_date", "id_number", "phone", "ethnicity", "relation_to_head",
                  "political_status", "tags"]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].required = False
        if self.instance.pk:
            del self.fields["born_here"]
            # Never put the plaintext into the page: leave blank to keep the stored value.
            self.initial["id_number"] = ""
            self.initial["phone"] = ""
            self.fields["id_number"].help_text = _("当前：%(value)s；留空表示不修改") % {
                "value": self.instance.masked_id_number or "—"}
            self.fields["phone"].help_text = _("当前：%(value)s；留空表示不修改") % {
                "value": self.instance.masked_phone or "—"}

    def validate_unique(self):
        pass

    def service_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "tags"}
        if self.instance.pk:
            for name in ("id_number", "phone"):
                if not data.get(name):
                    data.pop(name, None)
        return data


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("新状态"), choices=Resident.Status.choices)
    date = forms.DateField(label=_("日期"), widget=DateInput(),
                           validators=[validate_plausible_date])
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("查看事由"), max_length=200, min_length=2,
                             error_messages={"required": _("请填写查看事由。"),
                                             "min_length": _("请填写查看事由（至少 2 个字）。")})


class VisitPolicyForm(forms.ModelForm):
    class Meta:
        model = VisitPolicy
        fields = ["high_risk_days", "key_group_days", "general_days", "emergency_hours", "coverage_target_percent"]

    def clean(self):
        data = super().clean()
        for name in ("high_risk_days", "key_group_days", "general_days", "emergency_hours"):
            if data.get(name) is not None and data[name] < 1:
                self.add_error(name, _("必须至少为 1。"))
        if data.get("coverage_target_percent") is not None and data["coverage_target_percent"] > 100:
            self.add_error("coverage_target_percent", _("不能超过 100。"))
        return data


class VisitForm(forms.Form):
    """The phone form; the same fields are what the offline draft sends to the API."""

    household = forms.ModelChoiceField(label=_("住户"), queryset=Household.objects.none(),
                                       error_messages={"required": _("请选择住户。"),
                                                       "invalid_choice": _("找不到该住户。")})
    kind = forms.ChoiceField(label=_("方式"), choices=Visit.Kind.choices, initial=Visit.Kind.HOME,
                             widget=forms.RadioSelect(attrs={"class": "btn-check"}))
    outcome = forms.ChoiceField(label=_("结果"), choices=Visit.Outcome.choices, initial=Visit.Outcome.MET,
                                widget=forms.RadioSelect(attrs={"class": "btn-check"}))
    met_residents = forms.ModelMultipleChoiceField(label=_("见到的人"), queryset=Resident.objects.none(),
                                                   required=False, widget=forms.CheckboxSelectMultiple)
    needs = forms.CharField(label=_("诉求与需要"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    actions_taken = forms.CharField(label=_("现场办理"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    photo = forms.FileField(label=_("照片"), required=False)
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, households=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households if households is not None else Household.objects.none()
        self.fields["met_residents"].queryset = Resident.objects.filter(household__in=self.fields["household"].queryset)
        for key, label in OBSERVATIONS.items():
            self.fields[f"obs_{key}"] = forms.ChoiceField(
                label=label, required=False, choices=[("", _("未查看")), *ANSWERS.items()],
                widget=forms.RadioSelect(attrs={"class": "btn-check"}))

    def observations(self) -> dict:
        return {key: self.cleaned_data.get(f"obs_{key}") for key in OBSERVATIONS if self.cleaned_data.get(f"obs_{key}")}


class ImportUploadForm(forms.Form):
    community = forms.ModelChoiceField(label=_("社区"), queryset=None)
    file = forms.FileField(label=_("表格文件（.xlsx 或 .csv）"))

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class ImportMappingForm(forms.Form):
    def __init__(self, *args, headers=(), initial_mapping=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("（不导入）")), *[(h, h) for h in headers]]
        for target, (label, _spellings) in FIELDS.items():
            self.fields[target] = forms.ChoiceField(label=label, choices=choices, required=False,
                                                    initial=(initial_mapping or {}).get(target, ""))

    def mapping(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v}


class ExportForm(forms.Form):
    reason = forms.CharField(label=_("导出完整信息的事由"), max_length=200, min_length=2)
