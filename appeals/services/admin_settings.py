"""Writes to what admins manage: Open311 keys (per territory) and the district-wide lists."""

from django.db import transaction
from django.utils.translation import gettext as _

from taijiang.core.exceptions import NotAllowed
from taijiang.users.scope import scope_for

from ..models import ApiKey
from ..permissions import api_keys_managed_by, can_administer


@transaction.atomic
def api_key_issue(*, actor, system_name: str, street=None) -> tuple[ApiKey, str]:
    """Issue a key for an outside system; returns the row and the raw key (shown once, never stored).

    A street admin's key always belongs to their street; a district admin chooses a street or
    leaves it district-wide."""
    if not can_administer(actor):
        raise NotAllowed(_("只有街道或区级管理员可以签发接口密钥。"))
    scope = scope_for(actor)
    if not scope.is_district:
        street = actor.street
    key = ApiKey(system_name=system_name, street=street, created_by=actor)
    raw = ApiKey.generate()
    key.set_key(raw)
    key.save()
    return key, raw


@transaction.atomic
def api_key_switch(*, actor, key_id: int) -> ApiKey:
    """Switch a key on or off. Outside the actor's territory the key does not exist (DoesNotExist → 404)."""
    key = api_keys_managed_by(actor).select_for_update(of=("self",)).get(pk=key_id)
    key.is_active = not key.is_active
    key.save(update_fields=["is_active"])
    return key
