from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from taijiang.core.serializers import ModelSerializer

from .models import ChannelPreference, Notification


class NotificationSerializer(ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "event", "title", "body", "link", "send_after", "read_at", "is_read"]
        read_only_fields = fields

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None


class ChannelPreferenceSerializer(ModelSerializer):
    email = serializers.BooleanField(required=True, error_messages={"required": _("请选择是否接收邮件通知。")})
    sms = serializers.BooleanField(required=True, error_messages={"required": _("请选择是否接收短信通知。")})

    class Meta:
        model = ChannelPreference
        fields = ["email", "sms"]
