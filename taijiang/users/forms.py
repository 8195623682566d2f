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


class RegisterCodeForm(forms.Form):
    code = forms.CharField(label=_("短信验证码"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                         "autofocus": True}))


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    community = forms.ModelChoiceField(label=_("所在社区"), queryset=Community.objects.select_related("street"),
                                       required=False)
    building = forms.ModelChoiceField(label=_("居住楼栋"), queryset=Building.objects.select_related("grid"),
                                      required=False)
    language = forms.ChoiceField(label=_("通知语言"), choices=[("zh-hans", "简体中文"), ("en", "English")])


class StaffForm(forms.Form):
    """An admin creates a staff account inside their own territory."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("角色"))
    street = forms.ModelChoiceField(label=_("街道"), queryset=None, required=False)
    community = forms.ModelChoiceField(label=_("社区"), queryset=None, required=False)
    grids = forms.ModelMultipleChoiceField(label=_("负责网格"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, min_length=8,
                               help_text=_("请当面告知本人，并提醒首次登录后修改。"))

    def __init__(self, *args, scope, roles, **kwargs):
        super().__init__(*args, **kwargs)
        from grid.models import Street

        self.fields["role"].choices = roles
        self.fields["street"].queryset = Street.objects.filter(
            pk__in=scope.street_ids) if not scope.is_district else Street.objects.all()
        self.fields["community"].queryset = scope.communities
        self.fields["grids"].queryset = scope.grids

    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        if not phone:
            return ""
        phone = normalize_mobile(phone)
        validate_mobile(phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role in ("window_staff", "community_admin", "grid_worker") and not cleaned.get("community") \
                and not cleaned.get("grids"):
            self.add_error("community", _("请选择所属社区。"))
        if role == "grid_worker" and not cleaned.get("grids"):
            self.add_error("grids", _("网格员至少负责一个网格。"))
        if role == "street_admin" and not cleaned.get("street"):
            self.add_error("street", _("请选择所属街道。"))
        community = cleaned.get("community")
        for grid in cleaned.get("grids") or []:
            if community and grid.community_id != community.pk:
                self.add_error("grids", _("所选网格不在所选社区内。"))
                break
        return cleaned
