"""Reading untrusted request values safely, for every app's views.

Every id, date, datetime and free text that a view or API reads from a request goes through one of
these helpers, so a hostile value is refused (None) or cleaned in one place before it reaches
`int()`, the database or a template. The helpers never raise; turning None into a 400 or 404 is
the caller's part (the `<id:>` URL converter and tests/core/test_hostile_input.py hold every view to
it). What is refused and why:

- ids: only ASCII digits. `str.isdigit()` also accepts "²", "①" and "٣", which then crash `int()`
  or (for "٣", which `int()` accepts) silently mean 3; and a value past the BIGINT range overflows
  the database.
- dates: ISO `YYYY-MM-DD` between EARLIEST_DATE and LATEST_DATE; "9999-12-31" + one day overflows
  `datetime.date`, "2026-02-30" is well formed but impossible.
- datetimes: ISO 8601 with an offset no larger than ±14:00 (real time zones stop there; Python's
  own limit of ±23:59 and PostgreSQL's ±15:59 are where the 500s came from).
- text: NUL (PostgreSQL refuses it in text) and lone surrogates (no UTF-8 encoding exists for them)
  are dropped, other control characters but tab and newline too; the length is capped.
"""

import datetime
import ipaddress
import re

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime as _django_parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme

MAX_ID = 2**63 - 1  # the largest BigAutoField value; anything larger overflows the database
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
MAX_UTC_OFFSET = datetime.timedelta(hours=14)  # Kiribati, the furthest real zone
SEARCH_MAX = 100  # a search box value is cut to this many characters

_ASCII_ID = re.compile(r"[0-9]{1,19}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# NUL, the other C0 controls except tab/newline/carriage return, DEL, and UTF-16 surrogates.
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# What a request may never carry anywhere (see taijiang.core.middleware): NUL and lone surrogates.
_HOSTILE_CHARS = re.compile(r"[\x00\ud800-\udfff]")


def parse_id(value) -> int | None:
    """A row id from a query string, form field or JSON value, or None when missing or not a usable id.

    Never raises: anything but 1..MAX_ID written in ASCII digits (surrounding spaces allowed) is None.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str | bytes):
        return None
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    value = value.strip()
    if not _ASCII_ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values) -> list[int]:
    """The usable ids among `values` (e.g. `request.POST.getlist("items")`), in order, others dropped."""
    return [pk for pk in map(parse_id, values or ()) if pk is not None]


def parse_date(value, *, earliest: datetime.date = EARLIEST_DATE,
               latest: datetime.date = LATEST_DATE) -> datetime.date | None:
    """A `YYYY-MM-DD` value as a date within [earliest, latest], or None when missing, invalid or out of range."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        return None
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:  # well formed but impossible: 2026-02-30, 0000-00-00
        return None
    return day if earliest <= day <= latest else None


def parse_datetime(value, *, earliest: datetime.date = EARLIEST_DATE,
                   latest: datetime.date = LATEST_DATE) -> datetime.datetime | None:
    """An ISO 8601 datetime as an aware datetime (naive ones in the current time zone), or None.

    None when missing, malformed, impossible, with an offset beyond ±14:00, or outside the date range.
    """
    if not isinstance(value, str) or _HOSTILE_CHARS.search(value):
        return None
    try:
        moment = _django_parse_datetime(value.strip())
    except (ValueError, OverflowError):  # 2026-02-30T10:00, or an offset of +24:00 and beyond
        return None
    if moment is None:
        return None
    offset = moment.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        return None
    if not earliest <= moment.date() <= latest:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def clean_text(value, *, max_length: int | None = None) -> str:
    """Free text (a search box, a note) made safe to store and query: NUL, control characters and
    lone surrogates dropped, surrounding space stripped, cut to `max_length`. Never raises."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    value = _UNSAFE_CHARS.sub("", value).strip()
    return value[:max_length] if max_length is not None else value


def has_hostile_chars(value: str) -> bool:
    """Whether `value` holds a NUL or a lone surrogate: characters no request has a reason to send."""
    return bool(_HOSTILE_CHARS.search(value))


def safe_next_url(request, value, default: str) -> str:
    """A `next` value to redirect to: a path on this site ("/..."), else `default` (a URL or a URL name).

    Anything else is refused: another host (open redirect), "//host", and bare words such as "²",
    which `redirect()` would try to reverse as a view name (NoReverseMatch, a 500).
    """
    target = clean_text(value)
    if (target.startswith("/") and not target.startswith(("//", "/\\"))
            and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())):
        return target
    return default


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


class IdConverter:
    """`<id:pk>` in URL patterns: a row id in ASCII digits within the BIGINT range, else no match (404).

    Django's `<int:...>` matches any number of digits, and an id past 2**63-1 then overflows the
    database in `pk__in` lookups and updates (SQLite raises OverflowError: a 500).
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        if (pk := parse_id(value)) is None:
            raise ValueError(value)  # the resolver treats it as "this pattern does not match"
        return pk

    def to_url(self, value) -> str:
        return str(value)
