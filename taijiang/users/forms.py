from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from grid.models import Building, Community
from taijiang.core.validators import normalize_mobile, validate_mobile


class LoginForm(forms.Form):
    username = forms.CharField(label=_("手机号或用户名"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    error_messages = {"invalid_login": _("手机号/用户名或密码不正确。")}

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                # One message for both cases: never tell which part was wrong.
                raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


class RegisterForm(forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    community = forms.ModelChoiceField(label=_("所在社区"), queryset=Community.objects.select_related("street"),
                                       required=False, empty_label=_("（暂不选择）"))
    building = forms.ModelChoiceField(label=_("居住楼栋"), queryset=Building.objects.select_related("grid"),
                                      required=False, empty_label=_("（暂不选择）"))
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("至少 8 位，不能全是数字。"))
    password2 = forms.CharField(label=_("再次输入密码"),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_phone(self):
        phone = normalize_mobile(self.cleaned_data["phone"])
        validate_mobile(phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        building, community = cleaned.get("building"), cleaned.get("community")
        if building and community and building.grid.community_id != community.pk:
            self.add_error("building", _("所选楼栋不在所选社区内。"))
        return cleaned


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    community = forms.ModelChoiceField(label=_("所在社区"), queryset=Community.objects.select_related("street"),
                                       required=False)
    building = forms.ModelChoiceField(label=_("居住楼栋"), queryset=Building.objects.select_related("grid"),
                                      required=False)
    language = forms.ChoiceField(label=_("通知语言"), choices=[("zh-hans", "简体中文"), ("en", "English")])
