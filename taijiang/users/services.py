"""Writes for accounts: residents register themselves (two steps, a code by SMS); admins create staff."""

import datetime
import hmac
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from taijiang.core.crypto import lookup_hash
from taijiang.core.exceptions import NotAllowed
from taijiang.core.validators import normalize_mobile, validate_mobile

from .models import RegistrationCode, Role, phone_lookup_hash
from .scope import scope_for

User = get_user_model()


CODE_MINUTES = 10  # a registration code lives this long
CODE_ATTEMPTS = 5  # wrong codes before the registration must start again
SMS_PER_NUMBER_PER_HOUR = 5  # codes sent to one number; beyond it the page answers the same, no SMS


@dataclass(frozen=True)
class RegistrationStarted:
    pending: RegistrationCode
    sms_text: str  # what went out by SMS ("" over the per-number limit); shown on the page only in DEBUG


def _code_digest(salt: str, code: str) -> str:
    return lookup_hash(f"registration:{salt}:{code}")


def registration_start(*, phone: str, password: str, display_name: str, community=None,
                       building=None) -> RegistrationStarted:
    """Step 1 of registration: check the form's data, keep it, and text a one-time code.

    Whether the number already has an account must not show in the answer: the same row is
    written and the caller shows the same page either way. Only the SMS differs: a new number gets
    the code, a registered one is told to log in instead (so the code for it never exists).
    Raises ValidationError for a malformed number or a password the validators refuse.
    """
    from taijiang.notifications.services import sms_to_number

    from .events import ALREADY_REGISTERED, REGISTRATION_CODE

    phone = normalize_mobile(phone)
    validate_mobile(phone)
    display_name = display_name.strip()
    # Checked against the number too (as the username): a password that is the phone is refused.
    try:
        validate_password(password, User(username=phone, display_name=display_name))
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    now = timezone.now()
    phone_hash = phone_lookup_hash(phone)
    with transaction.atomic():
        RegistrationCode.objects.filter(expires_at__lt=now - datetime.timedelta(days=1)).delete()
        recent = RegistrationCode.objects.filter(phone_hash=phone_hash, sms_sent=True,
                                                 created_at__gte=now - datetime.timedelta(hours=1)).count()
        salt = secrets.token_hex(16)
        code = f"{secrets.randbelow(10 ** 6):06d}"
        registered = User.objects.filter(phone_hash=phone_hash).exists()
        may_send = recent < SMS_PER_NUMBER_PER_HOUR
        pending = RegistrationCode.objects.create(
            phone=phone, salt=salt,
            code_hash=_code_digest(salt, code) if may_send and not registered else "",
            display_name=display_name, community=community or (building.grid.community if building else None),
            building=building, password=make_password(password), sms_sent=may_send,
            expires_at=now + datetime.timedelta(minutes=CODE_MINUTES))
        sms_text = ""
        if may_send:
            event = ALREADY_REGISTERED if registered else REGISTRATION_CODE
            sms_text = sms_to_number(phone=phone, event=event,
                                     context={"code": code, "minutes": CODE_MINUTES}).title
    return RegistrationStarted(pending=pending, sms_text=sms_text)


def registration_confirm(*, pending_id: int, code: str) -> User:
    """Step 2: the code from the SMS creates the account. Wrong codes count; after CODE_ATTEMPTS,
    or CODE_MINUTES, the registration must start again. A number that already had an account never
    gets here (its registration has no code), so the answers below tell an outsider nothing."""
    code = (code or "").strip()
    with transaction.atomic():
        pending = RegistrationCode.objects.select_for_update().filter(pk=pending_id, used_at__isnull=True).first()
        if pending is None or pending.expires_at <= timezone.now():
            raise ValidationError({"code": [_("验证码已过期，请重新注册获取新的验证码。")]})
        if pending.attempts >= CODE_ATTEMPTS:
            raise ValidationError({"code": [_("验证码错误次数过多，请重新注册获取新的验证码。")]})
        matches = bool(pending.code_hash) and hmac.compare_digest(pending.code_hash, _code_digest(pending.salt, code))
        if not matches:
            pending.attempts += 1
            pending.save(update_fields=["attempts"])
        else:
            pending.used_at = timezone.now()
            pending.save(update_fields=["used_at"])
            user = User(username=f"r{secrets.token_hex(6)}", phone=pending.phone, display_name=pending.display_name,
                        role=Role.RESIDENT, community=pending.community, building=pending.building,
                        password=pending.password)
            try:
                with transaction.atomic():  # the number may have registered since step 1
                    user.save()
            except IntegrityError:
                raise ValidationError({"code": [_("该手机号已注册，请直接登录。")]}) from None
            return user
    # Outside the transaction: the counted attempt is kept.
    raise ValidationError({"code": [_("验证码不正确，请核对短信中的 6 位数字。")]})


@transaction.atomic
def staff_create(*, actor, username: str, password: str, role: str, display_name: str = "", phone: str | None = None,
                 street=None, community=None, grids=()) -> User:
    """Create a staff account inside the actor's own territory."""
    if role not in Role.values or role == Role.RESIDENT:
        raise ValidationError({"role": [_("请选择工作人员角色。")]})
    scope = scope_for(actor)
    if not actor.is_portal_admin:
        raise NotAllowed(_("只有管理员可以创建工作人员账号。"))
    if community is not None and not scope.covers(community):
        raise NotAllowed(_("不能在您的管辖范围之外创建账号。"))
    if role in (Role.STREET_ADMIN, Role.DISTRICT_ADMIN) and not scope.is_district and not (
        role == Role.STREET_ADMIN and street is not None and street.pk in scope.street_ids
    ):
        raise NotAllowed(_("不能创建比自己权限更高的账号。"))
    for grid in grids:
        if not scope.covers(grid):
            raise NotAllowed(_("不能在您的管辖范围之外创建账号。"))
    if phone:
        phone = normalize_mobile(phone)
        validate_mobile(phone)
        # Checked here: the unique column is the hash, which full_clean() does not see yet.
        if User.objects.filter(phone_hash=phone_lookup_hash(phone)).exists():
            raise ValidationError({"phone": [_("该手机号已被其他账号使用。")]})
    if role == Role.GRID_WORKER and community is None and grids:
        community = grids[0].community
    user = User(username=username, role=role, display_name=display_name, phone=phone or "",
                street=street or (community.street if community else None), community=community, is_staff=False,
                must_change_password=True)  # the admin knows this password: its owner must replace it
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages})
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if grids:
        user.grids.set(grids)
    return user


@transaction.atomic
def password_change(*, user, new_password: str) -> None:
    """The owner sets their own password (already checked against the old one and the validators
    by the form). Ends the forced change and signs out every API token of the account: a lost phone
    or a password someone else knew stops working with the change."""
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    api_tokens_revoke_all(user=user)


def api_tokens_revoke_all(*, user) -> int:
    deleted, _rows = AuthToken.objects.filter(user=user).delete()
    return deleted
