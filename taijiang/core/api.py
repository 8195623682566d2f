"""API plumbing shared by every app: error bodies (the schema's side: taijiang.core.schema)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import DomainError


class OutOfScope(DomainError):
    """An id in a request body names no row this account may use: 404, as for an id in the path
    (the two cases are not told apart), with `errors` naming the fields."""

    status_code = 404
    code = "not_found"

    def __init__(self, errors: dict):
        first = next(iter(errors.values()))
        super().__init__(first[0] if isinstance(first, list) else first,
                         extra={"errors": {k: [str(m) for m in (v if isinstance(v, list) else [v])]
                                           for k, v in errors.items()}})


def exception_handler(exc, context):
    """Every API error is JSON with a readable `detail` (and `errors` for field problems)."""
    if isinstance(exc, DomainError):
        body = {"detail": str(exc.message), "code": exc.code}
        if exc.field:
            body["errors"] = {exc.field: [str(exc.message)]}
        body.update({k: v for k, v in exc.extra.items() if k not in body})
        retry_after = getattr(exc, "retry_after", None)
        return Response(body, status=exc.status_code,
                        headers={"Retry-After": str(retry_after)} if retry_after else None)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
            first = next(iter(errors.values()))[0]
            return Response({"detail": first, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        data = response.data
        if isinstance(data, dict):
            first = next((v for v in data.values()), None)
            while isinstance(first, list | dict) and first:
                first = first[0] if isinstance(first, list) else next(iter(first.values()))
            response.data = {"detail": str(first) if first else "输入有误。", "errors": data}
        elif isinstance(data, list):
            response.data = {"detail": " ".join(str(x) for x in data), "errors": data}
    return response
