from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def percent(rate, digits: int = 1) -> str:
    """0.9512 → "95.1%"; None → "—"."""
    if rate is None or rate == "":
        return "—"
    return f"{Decimal(str(rate)) * 100:.{int(digits)}f}%"


@register.filter
def dash(value) -> str:
    return "—" if value is None else value


@register.filter
def get(mapping, key):
    """mapping[key] for dicts and lists (None when missing)."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def split(value: str) -> list[str]:
    return value.split()


@register.filter
def urlquery(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


@register.filter
def hours(minutes) -> str:
    """Minutes as hours with one decimal."""
    return "—" if minutes is None else f"{minutes / 60:.1f}"
