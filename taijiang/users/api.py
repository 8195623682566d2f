from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from taijiang.core.ratelimit import RateThrottle
from taijiang.core.serializers import Serializer

from .auth import PasswordChangeRequired, PortalTokenAuthentication
from .services import api_tokens_revoke_all


class TokenRequestSerializer(Serializer):
    username = serializers.CharField(label=_("用户名或手机号"))
    password = serializers.CharField(label=_("密码"), style={"input_type": "password"}, trim_whitespace=False)


class LoginThrottle(RateThrottle):
    """settings.RATE_LIMITS["api_login"] per client address (TRUSTED_PROXY_COUNT); fails open."""

    rate_name = "api_login"


class TokenView(APIView):
    """POST username (or mobile number) and password; answers a new token and when it expires.

    Failed tries count towards the same lockout as the login page (django-axes, 429 when locked).
    """

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LoginThrottle]

    @extend_schema(request=TokenRequestSerializer,
                   responses={200: inline_serializer("TokenResponse", {
                       "token": serializers.CharField(), "expiry": serializers.DateTimeField()})})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The Django request, not DRF's wrapper: axes marks it as locked out and its middleware
        # turns the answer into the 429.
        user = authenticate(request._request, **serializer.validated_data)
        if user is None:
            return Response({"detail": str(_("手机号/用户名或密码不正确。"))}, status=400)
        if user.must_change_password:
            raise PasswordChangeRequired()
        instance, token = AuthToken.objects.create(user=user)
        return Response({"token": token, "expiry": serializers.DateTimeField().to_representation(instance.expiry)})


class LogoutView(APIView):
    """Deletes the token this request was made with."""

    authentication_classes = [PortalTokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        request.auth.delete()
        return Response(status=204)


class LogoutAllView(APIView):
    """Deletes every token of the account (all devices)."""

    authentication_classes = [PortalTokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        api_tokens_revoke_all(user=request.user)
        return Response(status=204)


class MeSerializer(Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    phone = serializers.CharField(source="masked_phone")
    community = serializers.CharField(allow_null=True)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)
