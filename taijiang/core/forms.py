"""Putting what a service refused back on the form, so the page keeps what the user typed."""

from django import forms
from django.core.exceptions import ValidationError

from .exceptions import DomainError


def add_service_error(form, exc: ValidationError | DomainError) -> None:
    """Show a service's ValidationError or DomainError on `form`.

    Errors naming a field the form has go beside that field; anything else goes at the top.
    """
    if isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
    elif hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO (YYYY-MM-DD): with the zh-hans input format
    (2026/12/04) the browser shows an empty field, and saving the form would blank the date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
