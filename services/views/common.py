from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from taijiang.core.exceptions import DomainError, NotAllowed


def run(request, form, action):
    """Call a service; a domain error becomes a form error (or a message) and None is returned."""
    try:
        return action()
    except NotAllowed as exc:
        raise PermissionDenied(str(exc.message))
    except DomainError as exc:
        if form is not None:
            field = exc.field if exc.field in getattr(form, "fields", {}) else None
            form.add_error(field, str(exc.message))
        else:
            messages.error(request, str(exc.message))
    except ValidationError as exc:
        if form is not None:
            form.add_error(None, exc)
        else:
            messages.error(request, " ".join(exc.messages))
    return None


def deny_unless(condition: bool, message) -> None:
    if not condition:
        raise PermissionDenied(str(message))

