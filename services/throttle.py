"""The limit on the public kiosk: settings.RATE_LIMITS["kiosk_ticket"] tickets per device address
(per account for a logged-in resident), counted by taijiang.core.ratelimit (fails open if the
cache is down).

The hall's own kiosk machines are never limited: staff of the centre register a machine once
("设为本大厅取号机"), which stores a signed cookie naming the centre; they may also be listed by
address in settings.SERVICES_KIOSK_TRUSTED_IPS. Staff of the centre who are logged in are never
limited either."""

from django.conf import settings

from taijiang.core import ratelimit
from taijiang.core.conf import setting
from taijiang.core.http import client_ip

LIMIT = "kiosk_ticket"

KIOSK_COOKIE = "tj_kiosk"
KIOSK_COOKIE_SALT = "services.kiosk"
KIOSK_COOKIE_MAX_AGE = 5 * 365 * 24 * 3600


def is_registered_kiosk(request, centre) -> bool:
    """True when this browser was registered by the centre's staff as its hall kiosk."""
    value = request.get_signed_cookie(KIOSK_COOKIE, default=None, salt=KIOSK_COOKIE_SALT)
    return value == str(centre.pk)


def register_kiosk(response, centre) -> None:
    response.set_signed_cookie(KIOSK_COOKIE, str(centre.pk), salt=KIOSK_COOKIE_SALT, max_age=KIOSK_COOKIE_MAX_AGE,
                               httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)


def kiosk_limit() -> tuple[int, int]:
    """(tickets, seconds) allowed per device."""
    return ratelimit.rate_of(LIMIT)


def kiosk_allows(request) -> bool:
    """Count one ticket for this device; False once it took more than the limit within the period."""
    if client_ip(request) in setting("SERVICES_KIOSK_TRUSTED_IPS"):
        return True
    usage = ratelimit.hit(LIMIT, ratelimit.user_or_address_key(request))
    return usage is None or not usage.limited
