from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ChannelPreference


class ChannelPreferenceForm(forms.ModelForm):
    class Meta:
        model = ChannelPreference
        fields = ["sms", "email"]
        labels = {"sms": _("短信通知（发送到您的手机号）"), "email": _("邮件通知（发送到您的邮箱）")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.phone:
            self.fields["sms"].help_text = _("您尚未登记手机号，短信不会发出。")
        if not user.email:
            self.fields["email"].help_text = _("您尚未登记邮箱，邮件不会发出。")
