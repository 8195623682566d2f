"""Reading untrusted request values safely, for every app's views."""

MAX_ID = 2**63 - 1  # the largest BigAutoField value; anything larger overflows the database


def parse_id(value) -> int | None:
    """A row id from a query string or form field, or None when missing or not a usable id (never a 500)."""
    value = str(value or "").strip()
    if not value.isdigit() or not 0 < int(value) <= MAX_ID:
        return None
    return int(value)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
