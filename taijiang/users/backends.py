from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from taijiang.core.validators import MOBILE_RE, normalize_mobile

from .models import phone_lookup_hash


class UsernameOrPhoneBackend(ModelBackend):
    """Log in with a username (staff) or a mainland mobile number (residents)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        phone = normalize_mobile(username)
        try:
            # Phones are encrypted: the account is found by the keyed hash of the number.
            lookup = {"phone_hash": phone_lookup_hash(phone)} if MOBILE_RE.match(phone) else {"username": username}
            user = User.objects.get(**lookup)
        except User.DoesNotExist:
            User().set_password(password)  # same work either way: no timing hint of which part was wrong
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
