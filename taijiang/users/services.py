"""Writes for accounts: residents register themselves; admins create staff."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import AuthToken

from taijiang.core.exceptions import NotAllowed
from taijiang.core.validators import normalize_mobile, validate_mobile

from .models import Role
from .scope import scope_for

User = get_user_model()


@transaction.atomic
def resident_register(*, phone: str, password: str, display_name: str, community=None, building=None) -> User:
    phone = normalize_mobile(phone)
    validate_mobile(phone)
    if User.objects.filter(phone=phone).exists():
        raise ValidationError({"phone": [_("该手机号已注册，请直接登录。")]})
    user = User(username=f"r{phone}", phone=phone, display_name=display_name.strip(), role=Role.RESIDENT,
                community=community or (building.grid.community if building else None), building=building)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages})
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def staff_create(*, actor, username: str, password: str, role: str, display_name: str = "", phone: str | None = None,
                 street=None, community=None, grids=()) -> User:
    """Create a staff account inside the actor's own territory."""
    if role not in Role.values or role == Role.RESIDENT:
        raise ValidationError({"role": [_("请选择工作人员角色。")]})
    scope = scope_for(actor)
    if not actor.is_portal_admin:
        raise NotAllowed(_("只有管理员可以创建工作人员账号。"))
    if community is not None and not scope.covers_community(community):
        raise NotAllowed(_("不能在您的管辖范围之外创建账号。"))
    if role in (Role.STREET_ADMIN, Role.DISTRICT_ADMIN) and not scope.is_district and not (
        role == Role.STREET_ADMIN and street is not None and street.pk in scope.street_ids
    ):
        raise NotAllowed(_("不能创建比自己权限更高的账号。"))
    for grid in grids:
        if not scope.covers_grid(grid):
            raise NotAllowed(_("不能在您的管辖范围之外创建账号。"))
    if phone:
        phone = normalize_mobile(phone)
        validate_mobile(phone)
    if role == Role.GRID_WORKER and community is None and grids:
        community = grids[0].community
    user = User(username=username, role=role, display_name=display_name, phone=phone or None,
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
