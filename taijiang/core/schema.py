"""The OpenAPI schema's shared parts: one error body and the error answers every operation can give.

Every API error is the body of `taijiang.core.api.exception_handler` (`ErrorSerializer` below).
`PortalAutoSchema` adds the error answers an operation can give to its documented responses, so
no view repeats them:

- 400 for a write, or for any operation that reads a parameter (a bad filter, id or date);
- 401 everywhere: a missing, expired or revoked token (docs/api.md);
- 403 everywhere: wrong role or scope, a password that must be changed, a session without CSRF;
- 404 for an operation with a path parameter (or outside the caller's scope, which answers 404),
  and for a paginated list (a page past the last);
- 409 for a write: the state changed (an invalid transition, a slot taken);
- 429 for a write: a rate limit (with `Retry-After`).

A view documents anything else (a 404 for an id in the body, a 429 on a read) with
`extend_schema(responses={404: ERROR, ...})`, or fewer with `extend_schema(extensions={"x-errors": [...]})`.
"""

import copy

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .serializers import CoordinateField


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer of the API."""

    detail = serializers.CharField(help_text="A readable sentence for the user (Chinese).")
    code = serializers.CharField(required=False, help_text=(
        "Present where a client must tell cases apart: invalid, invalid_transition, conflict, "
        "permission_denied, throttled, locked_out, password_change_required, not_found, …"))
    errors = serializers.JSONField(required=False, help_text=(
        "Field problems: {field: [message, …]} (a list for a whole-body problem)."))
    retry_after = serializers.IntegerField(required=False, help_text="Seconds to wait (429 only).")


ERROR = ErrorSerializer

# The description of every file URL in an answer (photos, materials): docs/api.md, "Files".
FILE_NOTE = ("A path on this site. It opens with the same credentials as the API (the `Authorization: "
             "Token …` header, or the session) and the same checks as the record it belongs to; any "
             "other account gets 404.")

_DESCRIPTIONS = {
    "400": "Invalid input: `errors` names the fields.",
    "401": "No valid token (missing, expired, logged out or revoked): log in again.",
    "403": "Not allowed for this account (role, scope, password change required, or CSRF for a session).",
    "404": "Not found, or outside what this account may see.",
    "409": "The record's state does not allow this now (`code` invalid_transition or conflict).",
    "429": "Too many requests: wait the `Retry-After` header's seconds.",
}
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Text that is not blank once stripped (a required CharField): at least one non-space character.
NON_BLANK = r"\S"


class PortalAutoSchema(AutoSchema):
    def error_codes(self) -> list[str]:
        override = self.get_extensions().get("x-errors")
        if override is not None:
            return [str(code) for code in override]
        write = self.method in _WRITES
        params = self._get_parameters()
        has_path = any(p.get("in") == "path" for p in params)
        codes = ["401", "403"]
        if write or params:
            codes.append("400")
        if has_path or self._is_paginated_list():
            codes.append("404")
        if write:
            codes += ["409", "429"]
        return sorted(codes)

    def map_parsers(self):
        # A body without files is documented as JSON only (forms are still parsed): a form cannot
        # carry null, a list of ids or a nested object the way the schema describes them. A body
        # with files is multipart/form-data.
        serializer = self.get_request_serializer()
        if isinstance(serializer, dict):  # media types chosen by the view's extend_schema
            return super().map_parsers()
        serializer = force_instance(serializer)
        fields = serializer.fields if isinstance(serializer, serializers.Serializer) else {}
        has_files = any(isinstance(getattr(f, "child", f), serializers.FileField) for f in fields.values())
        return ["multipart/form-data"] if has_files else ["application/json"]

    def _get_request_for_media_type(self, serializer, direction="request"):
        # A body whose schema demands one of several fields (anyOf of "required", such as an appeal's
        # text or photo) cannot be left out, though no single field is required: say the body is.
        schema, required = super()._get_request_for_media_type(serializer, direction)
        rule = getattr(force_instance(serializer), "request_schema", None)
        if isinstance(rule, dict) and any("required" in option for option in rule.get("anyOf", ())):
            required = True
        return schema, required

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        # A time of day is "HH:MM[:SS]" without a zone: OpenAPI's format "time" (RFC 3339) demands a
        # zone offset, so a validating client would refuse every correct answer.
        if isinstance(field, serializers.TimeField):
            schema = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$",
                      "example": "08:30:00"}
            if field.allow_null:
                schema["nullable"] = True
            if field.read_only:
                schema["readOnly"] = True
            return schema
        if isinstance(field, CoordinateField):
            text = {"type": "string", "format": "decimal",
                    "pattern": field.form_pattern if field.text_only else field.pattern}
            if direction == "request" and not field.text_only:  # text, or a JSON number (rounded to 6 decimals)
                schema = {"oneOf": [text, {"type": "number", "minimum": -field.limit, "maximum": field.limit}]}
            else:
                schema = text
            if field.allow_null:
                schema["nullable"] = True
            return schema
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (direction == "request" and type(field) is serializers.CharField and not field.allow_blank
                and field.trim_whitespace and schema.get("type") == "string" and "pattern" not in schema):
            # DRF strips the text before checking it is not blank: "  " is as empty as "".
            schema = {**schema, "pattern": NON_BLANK}
        if isinstance(field, serializers.RelatedField) and _model_field_is_nullable(field):
            # A declared read-only SlugRelatedField (category by code, merged_into by number) says
            # nothing about null; the model's foreign key does.
            schema = {**schema, "nullable": True}
        elif field.read_only and field.default is None and "$ref" not in schema:
            # `source="task.code", default=None`: DRF answers null when the relation is empty.
            schema = {**schema, "nullable": True}
        return schema

    def _map_basic_serializer(self, serializer, direction):
        # A rule across fields that a schema can state (text or a photo; both coordinates or none),
        # declared by the serializer as `request_schema` and enforced by it or its service.
        schema = super()._map_basic_serializer(serializer, direction)
        extra = getattr(serializer, "request_schema", None)
        if direction == "request" and extra:
            schema = {**schema, **copy.deepcopy(extra)}
        return schema

    def _is_paginated_list(self) -> bool:
        return self.method == "GET" and self._is_list_view() and self._get_paginator() is not None

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]), code, direction=direction)
        return responses


def _model_field_is_nullable(field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source or field.source == "*":
        return False
    try:
        return bool(model._meta.get_field(field.source).null)
    except Exception:  # not a model field (a property, a method): nothing to read
        return False
