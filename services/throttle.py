"""A per-IP limit on the public kiosk, counted in the cache (fails open if the cache is down).

The hall's own kiosk machines are never limited: staff of the centre register a machine once
("设为本大厅取号机"), which stores a signed cookie naming the centre; they may also be listed by
address in settings.SERVICES_KIOSK_TRUSTED_IPS. Staff of the centre who are logged in are never
limited either."""

import logging

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

KIOSK_TICKETS_PER_IP = getattr(settings, "SERVICES_KIOSK_TICKETS_PER_IP", 6)
KIOSK_PERIOD_SECONDS = getattr(settings, "SERVICES_KIOSK_PERIOD_SECONDS", 10 * 60)


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


def kiosk_key(ip: str) -> str:
    return f"services:kiosk:{ip}"


def kiosk_allows(ip: str | None) -> bool:
    """Count one ticket for `ip`; False once it took more than the limit within the period."""
    if not ip or ip in getattr(settings, "SERVICES_KIOSK_TRUSTED_IPS", ()):
        return True
    key = kiosk_key(ip)
    try:
        cache.add(key, 0, KIOSK_PERIOD_SECONDS)  # the period starts with the first ticket
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, KIOSK_PERIOD_SECONDS)
        count = 1
    except Exception:  # a cache outage must not stop residents from taking a number
        log.warning("kiosk rate limit unavailable (cache error)", exc_info=True)
        return True
    return count <= KIOSK_TICKETS_PER_IP
