"""The API's input serializers: JSON values must have the type the schema gives them.

DRF parses leniently: a CharField takes the number 0 as "0", a BooleanField takes "true", 1 or
"yes", an IntegerField takes "5", a UUIDField takes an integer. Form data has no types (every
value is text), so that leniency is right for multipart/form-data bodies and query strings; a
JSON body, though, carries types, and the schema (docs/api/openapi.yaml) promises that a string
is a string and a boolean a boolean. So every API serializer that reads a request derives from
`Serializer` or `ModelSerializer` below (tests/core/test_api_strict.py checks that), and a JSON
value of the wrong type is a 400 on its field, with the field's own "invalid" message.
"""

import re
from collections.abc import Mapping

from rest_framework import relations, serializers
from rest_framework.fields import empty
from rest_framework.utils import html

from .api import OutOfScope

# Dates and times refuse anything but text themselves.
_STRING_FIELDS = (serializers.CharField, serializers.UUIDField)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())


def _wrong_type(field, value):
    """(field, error key, kwargs) when the JSON `value` has the wrong type for `field`, else None."""
    if value is None or value is empty:
        return None  # null and absence: the field's allow_null and required decide, as before
    if isinstance(field, relations.ManyRelatedField | serializers.ListField | serializers.MultipleChoiceField):
        if not isinstance(value, list):  # DRF would take an object's keys as the list
            return field, "not_a_list", {"input_type": type(value).__name__}
        child = field.child_relation if isinstance(field, relations.ManyRelatedField) else getattr(field, "child", None)
        if child is not None:
            for item in value:
                problem = _wrong_type(child, item)
                if problem is not None:
                    return problem
        return None
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else (field, "invalid", {})
    if isinstance(field, serializers.ChoiceField):
        keys = list(field.choices)
        if keys and all(isinstance(k, str) for k in keys) and not isinstance(value, str):
            return field, "invalid_choice", {"input": value}
        if keys and all(_is_integer(k) for k in keys) and not _is_integer(value):
            return field, "invalid_choice", {"input": value}
        return None
    if isinstance(field, serializers.DecimalField):
        # A decimal is text (exact) or, where the schema says so, a number: the field decides.
        return None if isinstance(value, str) or _is_number(value) else (field, "invalid", {})
    if isinstance(field, _STRING_FIELDS):
        return None if isinstance(value, str) else (field, "invalid", {})
    if isinstance(field, serializers.IntegerField):
        return None if _is_integer(value) else (field, "invalid", {})
    if isinstance(field, serializers.FloatField):
        return None if _is_number(value) else (field, "invalid", {})
    if isinstance(field, relations.SlugRelatedField):
        if value == "":  # DRF reads "" as null for a relation; JSON has null for that
            return field, "does_not_exist", {"slug_name": field.slug_field, "value": ""}
        return None if isinstance(value, str) else (field, "invalid", {})
    if isinstance(field, relations.PrimaryKeyRelatedField):
        if _is_integer(value):
            return None
        return field, "incorrect_type", {"data_type": type(value).__name__}
    return None


def _is_json_body(serializer) -> bool:
    data = getattr(serializer.root, "initial_data", None)
    return data is not None and not html.is_html_input(data) and isinstance(data, Mapping | list)


class StrictTypesMixin:
    """Refuse JSON values whose type is not the field's (strings for text, booleans for yes/no,
    integers for ids and counts); form data keeps DRF's parsing of text."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and _is_json_body(self):
            errors = {}
            for field in self._writable_fields:
                problem = _wrong_type(field, data.get(field.field_name, empty))
                if problem is not None:
                    failing, key, kwargs = problem  # the field itself, or a list's item
                    try:
                        failing.fail(key, **kwargs)
                    except serializers.ValidationError as exc:
                        errors[field.field_name] = exc.detail
            if errors:  # with the other fields' problems, as DRF would list them
                try:
                    super().to_internal_value({k: v for k, v in data.items() if k not in errors})
                except serializers.ValidationError as exc:
                    if isinstance(exc.detail, dict):
                        for name, detail in exc.detail.items():
                            errors.setdefault(name, detail)
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class Serializer(StrictTypesMixin, serializers.Serializer):
    pass


class ModelSerializer(StrictTypesMixin, serializers.ModelSerializer):
    pass


class FormBodyMixin:
    """A multipart/form-data (or urlencoded) body: no field takes null.

    A form cannot carry null (a client's null arrives as the text "null"), so the schema of a form
    body documents no nullable field, and the serializer refuses "null" like any other text that
    is not a value of the field. To give no value, leave the field out (or send it empty). A
    boolean is the text "true" or "false", as OpenAPI serialises it ("0", "yes", "on" are refused).
    """

    FORM_BOOLEANS = ("true", "false")  # how OpenAPI writes a boolean in a form

    def to_internal_value(self, data):
        if html.is_html_input(data):
            errors = {}
            for field in self._writable_fields:
                value = data.get(field.field_name)
                if isinstance(field, serializers.BooleanField) and value is not None and value not in self.FORM_BOOLEANS:
                    errors[field.field_name] = [field.error_messages["invalid"]]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.allow_null = False
            if isinstance(field, CoordinateField):
                field.text_only = True  # a number in a form is text: the pattern decides
        return fields


class CoordinateField(serializers.DecimalField):
    """A latitude (limit 90) or longitude (limit 180) in degrees, at most 6 decimals.

    Text must be a plain decimal (the schema's pattern); a JSON number is rounded to 6 decimals (a
    phone's GPS gives more). The schema documents both (PortalAutoSchema); a form body, text only.
    """

    text_only = False

    PATTERNS = {90: r"^-?(90(\.0{1,6})?|[1-8]?\d(\.\d{1,6})?)$", 180: r"^-?(180(\.0{1,6})?|(1[0-7]\d|\d?\d)(\.\d{1,6})?)$"}

    def __init__(self, limit: int, **kwargs):
        self.limit = limit
        self.pattern = self.PATTERNS[limit]
        super().__init__(max_digits=9, decimal_places=6, min_value=-limit, max_value=limit, **kwargs)

    @property
    def form_pattern(self) -> str:
        return "^$|" + self.pattern  # an empty form field is a field left out

    def validate_empty_values(self, data):
        # DRF reads blank text as null for a nullable decimal; JSON has null for that.
        if isinstance(data, str) and not data.strip():
            self.fail("invalid")
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if isinstance(data, str) and not re.fullmatch(self.pattern, data):
            self.fail("invalid")
        if _is_number(data):
            data = round(data, 6)
        return super().to_internal_value(data)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id of a row this account may use: the queryset is the account's scope, and an id outside
    it answers 404 naming the field (OutOfScope), as an id in the path does."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if exc.get_codes() != ["does_not_exist"]:
                raise
            name = self.field_name or getattr(self.parent, "field_name", "")
            raise OutOfScope({name: exc.detail}) from exc
