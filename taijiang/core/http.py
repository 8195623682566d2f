"""Reading untrusted request values safely, for every app's views."""

import ipaddress

from django.conf import settings

MAX_ID = 2**63 - 1  # the largest BigAutoField value; anything larger overflows the database


def parse_id(value) -> int | None:
    """A row id from a query string or form field, or None when missing or not a usable id (never a 500)."""
    value = str(value or "").strip()
    if not value.isdigit() or not 0 < int(value) <= MAX_ID:
        return None
    return int(value)


def client_ip(request) -> str | None:
    """The address of the person at the other end, as far as our own proxies vouch for it.

    settings.TRUSTED_PROXY_COUNT says how many reverse proxies in front of the portal each append
    the address they saw to X-Forwarded-For. With 0 only REMOTE_ADDR counts: the header is written
    by whoever sends the request. With N the Nth address from the right is the one our outermost
    proxy saw; everything left of it came from the client and is ignored, so rotating a spoofed
    header changes nothing. A request carrying fewer than N addresses (it did not pass through the
    proxies) or an unparsable one falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < trusted:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-trusted]))
    except ValueError:
        return remote
