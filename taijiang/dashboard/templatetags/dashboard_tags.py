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
