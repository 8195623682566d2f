"""Rate limits for pages, services and the API, counted by django-ratelimit in the cache.

One module decides, for every limit in the portal:

- **how much**: `settings.RATE_LIMITS[name]`, "count/period" ("10/h", "6/10m"), read at each call
  so an operator's environment and a test's `settings` fixture both apply;
- **who is counted**: the account when someone is logged in, the client address otherwise
  (`taijiang.core.http.client_ip`, which honours `TRUSTED_PROXY_COUNT`; IPv6 by its /64), and
  an Open311 system by its API key. One person can therefore never use up a limit for everyone
  behind the same proxy or NAT;
- **what happens when the cache (Redis) is down**: the request goes through (fail open), one
  warning is logged per refused cache call and a per-process counter goes up, which /healthz
  reports. A limit must never cost a resident a submission.

Entry points: `enforce()` for services (raises `RateLimited`), `limit_page` for page views (a
429 page with Retry-After) and `RateThrottle` for DRF views (429 with Retry-After).
"""

import contextlib
import ipaddress
import logging
import math
import re
import threading
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.core import get_usage
from rest_framework.throttling import BaseThrottle

from .exceptions import RateLimited
from .http import client_ip

log = logging.getLogger(__name__)

_RATE = re.compile(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*")
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_of(name: str) -> tuple[int, int]:
    """settings.RATE_LIMITS[name] as (count, seconds): "10/h" → (10, 3600), "6/10m" → (6, 600)."""
    raw = getattr(settings, "RATE_LIMITS", {}).get(name)
    if raw is None:
        raise ImproperlyConfigured(f"settings.RATE_LIMITS has no limit named {name!r}")
    match = _RATE.fullmatch(str(raw))
    if not match or int(match.group(2) or 1) <= 0:
        raise ImproperlyConfigured(f"settings.RATE_LIMITS[{name!r}] = {raw!r} is not like '10/h' or '6/10m'")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _PERIODS[unit]


@dataclass(frozen=True)
class Usage:
    count: int  # uses in the current window, this one included
    limit: int
    seconds_left: int  # until the window ends and counting starts again

    @property
    def limited(self) -> bool:
        return self.count > self.limit

    @property
    def retry_after(self) -> int:
        return max(self.seconds_left, 1)


# --- fail open, counted --------------------------------------------------------------------
# Kept in process memory: each gunicorn worker reports its own count since it started (a
# database row would mean a write per request exactly while something else is already wrong).

_failures = {"count": 0, "last_at": None, "last_error": ""}
_failures_lock = threading.Lock()


def record_cache_failure(what: str, exc: BaseException | None) -> None:
    """A cache call failed and `what` went ahead without it: log once, count for /healthz."""
    error = f"{exc.__class__.__name__}: {exc}" if exc is not None else "no count returned"
    with _failures_lock:
        _failures["count"] += 1
        _failures["last_at"] = timezone.now()
        _failures["last_error"] = error[:200]
    log.warning("cache unavailable, %s not enforced (fail open): %s", what, error)


def cache_failures() -> dict:
    """{"count": N since this process started, "last_at": datetime or None, "last_error": str}."""
    with _failures_lock:
        return dict(_failures)


# --- keys ----------------------------------------------------------------------------------

def address_key(request) -> str:
    """The client address; an IPv6 client by its /64, which one household or phone usually holds."""
    ip = client_ip(request) or "unknown"
    if ":" in ip:
        with contextlib.suppress(ValueError):  # REMOTE_ADDR is what the server says; keep it as it is
            ip = str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return f"ip:{ip}"


def user_or_address_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return address_key(request)


def account_key(user) -> str:
    return f"user:{user.pk}"


# --- counting ------------------------------------------------------------------------------

def hit(name: str, key: str) -> Usage | None:
    """Count one use of limit `name` by `key`. None when nothing could be counted (cache down,
    or settings.RATELIMIT_ENABLE off): the caller lets the request through."""
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return None
    rate = rate_of(name)
    try:
        usage = get_usage(None, group=name, key=lambda group, request: key, rate=rate, increment=True)
    except Exception as exc:  # Redis unreachable or timing out: never fail the request for a limit
        record_cache_failure(f"rate limit {name!r}", exc)
        return None
    if usage is None or usage["time_left"] < 0:  # django-ratelimit got no count back from the cache
        record_cache_failure(f"rate limit {name!r}", None)
        return None
    return Usage(count=usage["count"], limit=usage["limit"], seconds_left=usage["time_left"])


def enforce(name: str, key: str, *, message: str) -> None:
    """For services: raise RateLimited(message) once `key` used up limit `name`.

    `message` may use %(n)d (the limit), %(minutes)d (the period) and %(wait)d (minutes left).
    """
    usage = hit(name, key)
    if usage is not None and usage.limited:
        raise RateLimited(message % figures(name, usage), retry_after=usage.retry_after)


def figures(name: str, usage: Usage) -> dict:
    """The numbers a refusal message may use: n (the limit), minutes (the period), wait (minutes left)."""
    count, seconds = rate_of(name)
    return {"n": count, "minutes": max(seconds // 60, 1), "wait": max(math.ceil(usage.seconds_left / 60), 1)}


def too_many_requests(request, name: str, usage: Usage):
    """The 429 page: what was limited, when to try again, with a Retry-After header."""
    response = render(request, "errors/429.html", figures(name, usage), status=429)
    response["Retry-After"] = str(usage.retry_after)
    return response


def limit_page(name: str, *, methods=("POST",), key=user_or_address_key):
    """Decorate a page view: each request with one of `methods` counts against limit `name`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                usage = hit(name, key(request))
                if usage is not None and usage.limited:
                    return too_many_requests(request, name, usage)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RateThrottle(BaseThrottle):
    """A DRF throttle on the same counters: per account, else per client address; fails open.

    Subclasses name their limit in `rate_name` and may override `get_key`.
    """

    rate_name = ""

    def get_key(self, request, view) -> str:
        return user_or_address_key(request)

    def get_ident(self, request):  # DRF's own version trusts any X-Forwarded-For
        return client_ip(request) or ""

    def allow_request(self, request, view) -> bool:
        self.usage = hit(self.rate_name, self.get_key(request, view))
        return self.usage is None or not self.usage.limited

    def wait(self):
        return self.usage.retry_after if self.usage is not None else None
