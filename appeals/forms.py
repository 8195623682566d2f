"""Input validation for the appeal pages (messages in Chinese). Workflow lives in services."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from grid.models import Building

from .conf import MAX_PHOTOS
from .models import ApiKey, Appeal, CannedReply, Category, Level


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/*", "capture": "environment", "multiple": True, **(attrs or {})})


class PhotosField(forms.FileField):
    """Several photos at once; the service judges each by content (taijiang.core.uploads)."""

    widget = MultiplePhotoInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", format_lazy(_("照片（最多 {n} 张）"), n=MAX_PHOTOS))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("最多上传 %(max)d 张照片，您选择了 %(n)d 张。") % {"max": MAX_PHOTOS, "n": len(files)})
        return list(files)


class BuildingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.grid.community.name} · {obj.name}"


def _buildings():
    return Building.objects.select_related("grid__community").order_by("grid__community__code", "grid__code", "name")


def _categories():
    return Category.objects.filter(is_active=True)


class SubmitForm(forms.Form):
    text = forms.CharField(label=_("想说的事"), required=False, max_length=2000, widget=forms.Textarea(attrs={
        "rows": 4, "placeholder": _("例如：3号楼门口的路灯坏了好几天，晚上很黑。")}))
    photos = PhotosField()
    category = forms.ModelChoiceField(label=_("分类（可不选，系统会推荐）"), queryset=_categories(), required=False,
                                      empty_label=_("不确定，请工作人员分类"))
    building = BuildingChoiceField(label=_("地点：楼栋"), queryset=_buildings(), required=False,
                                   empty_label=_("我家所在楼栋"))
    address = forms.CharField(label=_("或填写其他地址"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"placeholder": _("如：后洲路与江滨路交叉口")}))
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput,
                                  min_value=-90, max_value=90)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput,
                                   min_value=-180, max_value=180)
    contact_preference = forms.ChoiceField(label=_("怎么联系您"), choices=Appeal.ContactPreference.choices,
                                           initial=Appeal.ContactPreference.IN_APP)
    do_not_publish = forms.BooleanField(label=_("不要在公开栏展示（处理结果仅自己可见）"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and getattr(user, "building_id", None):
            self.fields["building"].empty_label = _("我家所在楼栋（%(name)s）") % {"name": user.building.name}

    def clean(self):
        data = super().clean()
        if data.get("latitude") is not None and data.get("longitude") is None:
            self.add_error("latitude", _("定位不完整，请重新获取位置。"))
        return data


class StaffCreateForm(forms.Form):
    channel = forms.ChoiceField(label=_("登记渠道"), choices=[
        (Appeal.Channel.VISIT, Appeal.Channel.VISIT.label), (Appeal.Channel.PHONE, Appeal.Channel.PHONE.label),
        (Appeal.Channel.WINDOW, Appeal.Channel.WINDOW.label)])
    text = forms.CharField(label=_("诉求内容"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    photos = PhotosField()
    category = forms.ModelChoiceField(label=_("分类"), queryset=_categories(), required=False)
    building = BuildingChoiceField(label=_("楼栋"), queryset=_buildings(), required=False)
    address = forms.CharField(label=_("其他地址"), required=False, max_length=200)
    contact_name = forms.CharField(label=_("联系人"), required=False, max_length=50)
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    publish_allowed = forms.BooleanField(label=_("居民同意在公开栏展示"), required=False)
    resident = forms.IntegerField(required=False, widget=forms.HiddenInput)
    visit = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, buildings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if buildings is not None:
            self.fields["building"].queryset = buildings


class ReplyForm(forms.Form):
    canned = forms.ModelChoiceField(label=_("插入常用答复"), queryset=CannedReply.objects.filter(is_active=True),
                                    required=False)
    text = forms.CharField(label=_("答复居民"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("请填写答复内容。")})
    resolve = forms.BooleanField(label=_("已办结，请居民评价"), required=False)
    photos = PhotosField(label=_("办理结果照片"))


class TextForm(forms.Form):
    text = forms.CharField(label=_("内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("请填写内容。")})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("请填写理由。")})


class RouteForm(forms.Form):
    level = forms.ChoiceField(label=_("指派到"), choices=Level.choices)
    reason = forms.CharField(label=_("说明"), required=False, max_length=1000)


class MergeForm(forms.Form):
    into = forms.CharField(label=_("合并到（受理编号）"), max_length=20,
                           error_messages={"required": _("请填写主诉求的受理编号。")})


class CategoryChangeForm(forms.Form):
    category = forms.ModelChoiceField(label=_("分类"), queryset=_categories(),
                                      error_messages={"required": _("请选择分类。")})


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("满意度"), coerce=int, choices=[(i, "★" * i) for i in range(5, 0, -1)],
                                    widget=forms.RadioSelect, error_messages={"required": _("请选择 1 到 5 星。")})
    comment = forms.CharField(label=_("评价（可不填）"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))


CONTACT_METHOD_CHOICES = [("phone", _("电话")), ("visit", _("上门")), ("window", _("窗口"))]


class ContactForm(forms.Form):
    method = forms.ChoiceField(label=_("联系方式"), choices=CONTACT_METHOD_CHOICES, initial="phone")
    note = forms.CharField(label=_("联系情况"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("请记录联系的情况，例如已告知答复内容。")})


class StaffRateForm(RateForm):
    """The satisfaction a resident without an account gave on the phone or at the door."""

    method = forms.ChoiceField(label=_("回访方式"), choices=CONTACT_METHOD_CHOICES, initial="phone")
    comment = forms.CharField(label=_("居民原话（可不填）"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class AddInfoForm(forms.Form):
    text = forms.CharField(label=_("补充信息"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField()


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "name", "group", "description", "keywords", "default_level", "accept_hours",
                  "reply_hours", "resolve_hours", "escalate_on_breach", "is_active", "order"]

    def clean(self):
        data = super().clean()
        hours = [data.get(k) for k in ("accept_hours", "reply_hours", "resolve_hours")]
        if None not in hours and not (0 < hours[0] <= hours[1] <= hours[2]):
            raise forms.ValidationError(_("时限应满足：受理 ≤ 首次答复 ≤ 办结，且都大于 0。"))
        return data


class CannedReplyForm(forms.ModelForm):
    class Meta:
        model = CannedReply
        fields = ["title", "text", "category", "is_active"]


class ApiKeyForm(forms.ModelForm):
    """A district admin chooses the key's street (or none: district-wide); a street admin's key is
    always their street's, so the field is not offered."""

    class Meta:
        model = ApiKey
        fields = ["system_name", "street"]

    def __init__(self, *args, district: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not district:
            del self.fields["street"]
