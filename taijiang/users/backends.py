from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from taijiang.core.validators import MOBILE_RE, normalize_mobile

from .models import phone_lookup_hash


def login_account(credential: str):
    """The account a typed login names: a mainland mobile number (any spelling) or a username.

    The one place that resolves a login credential, shared by the backend and by the lockout
    counter (taijiang.users.lockout), so both agree on whose account is being tried.
    """
    User = get_user_model()
    phone = normalize_mobile(credential)
    # Phones are encrypted: the account is found by the keyed hash of the number.
    lookup = {"phone_hash": phone_lookup_hash(phone)} if MOBILE_RE.match(phone) else {"username": credential}
    return User.objects.filter(**lookup).first()


class UsernameOrPhoneBackend(ModelBackend):
    """Log in with a username (staff) or a mainland mobile number (residents)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = login_account(username)
        if user is None:
            get_user_model()().set_password(password)  # same work either way: no timing hint of which part was wrong
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
