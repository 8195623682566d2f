"""A per-IP limit on the public kiosk, counted in the cache (fails open if the cache is down).

The hall's own kiosk machines can be listed in settings.SERVICES_KIOSK_TRUSTED_IPS; staff of the
centre who are logged in are never limited."""

import logging

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

KIOSK_TICKETS_PER_IP = getattr(settings, "SERVICES_KIOSK_TICKETS_PER_IP", 6)
KIOSK_PERIOD_SECONDS = getattr(settings, "SERVICES_KIOSK_PERIOD_SECONDS", 10 * 60)


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
