"""Input validation with Chinese messages. Uploads are checked by content here so that a
refused file is reported on its own field while everything else the user typed is kept."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from taijiang.core.forms import DateInput
from taijiang.core.uploads import clean_material
from taijiang.core.validators import normalize_mobile, validate_mobile
from taijiang.workdays.models import CalendarDay

from .models import AdmissionProposal, ApprovalStep, ItemMaterial, ServiceItem, ServiceRequest


class MaterialFilesMixin:
    """Adds one optional file field per material of `item` and one for anything else."""

    def add_material_fields(self, item: ServiceItem, *, only: list[str] | None = None):
        self.material_fields = []
        for material in (item.materials.all() if item.pk else []):
            if only is not None and material.name not in only:
                continue
            name = f"material_{material.pk}"
            label = f"{material.name}（{material.get_form_display()}）"
            self.fields[name] = forms.FileField(label=label, required=False, help_text=material.note,
                                                widget=forms.ClearableFileInput(attrs={"data-material": material.name}))
            self.material_fields.append((name, material))
        self.fields["other_file"] = forms.FileField(label=_("其他材料"), required=False)
        self.material_fields.append(("other_file", None))

    def cleaned_files(self) -> list:
        """(material, cleaned file, original name) for every valid upload; errors go on their field."""
        files = []
        for name, material in self.material_fields:
            upload = self.files.get(self.add_prefix(name))
            if not upload:
                continue
            try:
                files.append((material, clean_material(upload), upload.name))
            except ValidationError as exc:
                self.add_error(name, exc)
        return files


class RequestForm(MaterialFilesMixin, forms.Form):
    applicant_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False,
                                      help_text=_("留空则使用登记的电话"))
    description = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  max_length=2000)

    def __init__(self, *args, item: ServiceItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.add_material_fields(item)

    def clean_applicant_phone(self):
        value = normalize_mobile(self.cleaned_data.get("applicant_phone", ""))
        if value:
            validate_mobile(value)
        return value

    def clean(self):
        data = super().clean()
        data["files"] = self.cleaned_files()
        return data


class ProxyRequestForm(RequestForm):
    item_choice = forms.ModelChoiceField(label=_("办理事项"), queryset=ServiceItem.objects.none())
    is_proxy = forms.BooleanField(label=_("无偿代办（由工作人员代为办理）"), required=False)
    consent_by = forms.CharField(label=_("同意人"), max_length=50, required=False,
                                 help_text=_("居民本人或其监护人、近亲属"))
    consent_method = forms.ChoiceField(label=_("同意方式"), required=False,
                                       choices=[("", "—")] + [c for c in ServiceRequest.ConsentMethod.choices
                                                              if c[0] != "online"])
    assign_to_me = forms.BooleanField(label=_("由我代办"), required=False, initial=True)

    field_order = ["item_choice", "is_proxy", "consent_by", "consent_method", "assign_to_me"]

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_choice"].queryset = items

    def clean(self):
        data = super().clean()
        if data.get("is_proxy"):
            if not data.get("consent_by"):
                self.add_error("consent_by", _("代办须记录同意人。"))
            if not data.get("consent_method"):
                self.add_error("consent_method", _("请选择同意方式。"))
        return data


class MissingMaterialsForm(forms.Form):
    materials = forms.MultipleChoiceField(label=_("所缺材料（全部勾选）"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    other = forms.CharField(label=_("其他所缺材料"), required=False, max_length=500,
                            help_text=_("多项请用顿号或逗号分隔"))
    note = forms.CharField(label=_("补充说明"), required=False, max_length=500)

    def __init__(self, *args, item: ServiceItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].choices = [(m.name, m.name) for m in item.materials.all()]
        self.item = item

    def clean(self):
        data = super().clean()
        other = [p.strip() for p in (data.get("other") or "").replace("，", "、").replace(",", "、").split("、")]
        data["missing"] = list(data.get("materials") or []) + [p for p in other if p]
        if not data["missing"]:
            raise ValidationError(_("请勾选或填写所缺的全部材料。"))
        return data


class SupplementForm(MaterialFilesMixin, forms.Form):
    note = forms.CharField(label=_("说明"), required=False, max_length=500)

    def __init__(self, *args, item: ServiceItem, missing: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_material_fields(item, only=missing)

    def clean(self):
        data = super().clean()
        data["files"] = self.cleaned_files()
        if not data["files"] and not self.errors:
            raise ValidationError(_("请上传所缺的材料。"))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
                             error_messages={"required": _("请填写理由。")})


class ResultForm(forms.Form):
    result = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
                             required=False)


class TransferForm(forms.Form):
    level = forms.ChoiceField(label=_("转至"), choices=[("street", _("街道")), ("district", _("区级部门"))])
    note = forms.CharField(label=_("说明"), required=False, max_length=500)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("代办人"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = candidates


class ConfirmForm(forms.Form):
    confirmed_by_name = forms.CharField(label=_("签收人"), max_length=50, required=False)


class ItemForm(forms.ModelForm):
    class Meta:
        model = ServiceItem
        fields = ["code", "name", "aliases", "group", "level", "accepting_place", "promised_days", "legal_days", "fee",
                  "conditions", "legal_basis", "online", "proxy", "home_service", "order"]
        widgets = {"conditions": forms.Textarea(attrs={"rows": 3}), "legal_basis": forms.Textarea(attrs={"rows": 2}),
                   "aliases": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        promised, legal = data.get("promised_days"), data.get("legal_days")
        if legal and promised is not None and promised > legal:
            self.add_error("promised_days", _("承诺时限不能长于法定时限。"))
        return data


MaterialFormSet = inlineformset_factory(
    ServiceItem, ItemMaterial, fields=["name", "form", "copies", "note", "required", "order"], extra=2,
    can_delete=True,
)


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]
        widgets = {"date": DateInput()}

    def validate_unique(self):
        pass  # saving an existing date updates it (calendar_day_save)


class ProposalForm(forms.ModelForm):
    class Meta:
        model = AdmissionProposal
        fields = ["title", "group", "description", "reason", "legal_basis", "resources"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ("description", "reason", "legal_basis", "resources")}


class DecisionForm(forms.Form):
    approved = forms.TypedChoiceField(label=_("意见"), choices=[("1", _("同意")), ("0", _("不同意"))],
                                      coerce=lambda v: v == "1", widget=forms.RadioSelect)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
                             error_messages={"required": _("请填写审批意见。")})


ApprovalStepFormSet = modelformset_factory(ApprovalStep, fields=["order", "label", "role", "is_active"], extra=1,
                                           can_delete=True)


class KioskForm(forms.Form):
    item = forms.ModelChoiceField(label=_("办理事项"), queryset=None, required=False, empty_label=_("不确定，到窗口咨询"),
                                  widget=forms.Select(attrs={"class": "form-select form-select-lg"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ServiceItem.objects.filter(status=ServiceItem.Status.ACTIVE)


# Who goes first once staff saw the papers: (value stored on the ticket, label).
PRIORITY_REASONS = [("70岁以上", _("70 岁以上老人")), ("残疾人", _("残疾人")), ("孕妇", _("孕妇")),
                    ("军人", _("现役军人、退役军人"))]


class StaffTicketForm(KioskForm):
    priority_reason = forms.ChoiceField(label=_("优先（已核验）"), required=False,
                                        choices=[("", _("不优先")), *PRIORITY_REASONS],
                                        widget=forms.Select(attrs={"class": "form-select"}))


class BookingForm(forms.Form):
    item = forms.ModelChoiceField(label=_("办理事项"), queryset=None,
                                  widget=forms.Select(attrs={"class": "form-select form-select-lg"}))
    slot = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ServiceItem.objects.filter(status=ServiceItem.Status.ACTIVE)
