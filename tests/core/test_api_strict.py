"""The API reads JSON by the schema's types, forms as text (taijiang.core.serializers), and the
schema states the rules it can: no null in a form body, non-blank text, coordinates' ranges."""

import decimal
from urllib.parse import urlencode

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from taijiang.core.api import OutOfScope
from taijiang.core.serializers import (
    CoordinateField,
    FormBodyMixin,
    ModelSerializer,
    ScopedPrimaryKeyRelatedField,
    Serializer,
    StrictTypesMixin,
)


class Sample(Serializer):
    note = serializers.CharField(required=False, allow_blank=True)
    flag = serializers.BooleanField(required=False)
    count = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=["a", "b"], required=False)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    latitude = CoordinateField(90, required=False, allow_null=True)


class FormSample(FormBodyMixin, Sample):
    pass


def _errors(data, serializer=Sample):
    form = serializer(data=data)
    assert not form.is_valid()
    return form.errors


@pytest.mark.parametrize(("field", "value", "message"), [
    ("note", 0, "不是有效的字符串"),
    ("note", {"a": 1}, "不是有效的字符串"),
    ("flag", "true", "必须是有效的布尔值"),
    ("flag", 1, "必须是有效的布尔值"),
    ("count", "5", "请填写合法的整数值"),
    ("count", True, "请填写合法的整数值"),
    ("kind", 0, "不是合法选项"),
    ("tags", ["ok", 0], "不是有效的字符串"),
    ("tags", {}, "期望为一个包含物件的列表"),
])
def test_a_json_value_of_the_wrong_type_is_refused_with_the_fields_message(field, value, message):
    errors = _errors({field: value})
    assert list(errors) == [field] and message in str(errors[field][0])


def test_type_errors_come_with_the_other_fields_problems():
    class Required(Serializer):
        name = serializers.CharField()
        flag = serializers.BooleanField()

    errors = _errors({"flag": "yes"}, Required)
    assert set(errors) == {"name", "flag"} and "必须是有效的布尔值" in str(errors["flag"][0])


def test_values_of_the_right_type_are_read_as_before():
    form = Sample(data={"note": " hi ", "flag": False, "count": 3.0, "kind": "a", "tags": ["x"], "latitude": None})
    assert form.is_valid(), form.errors
    assert form.validated_data == {"note": "hi", "flag": False, "count": 3, "kind": "a", "tags": ["x"],
                                   "latitude": None}


def _form(**values):
    factory = APIRequestFactory()
    return Request(factory.post("/", urlencode(values), content_type="application/x-www-form-urlencoded"),
                   parsers=[FormParser()]).data


def test_form_bodies_keep_text_parsing():
    request_data = _form(note="0", flag="true", count="5", latitude="26.05")
    form = FormSample(data=request_data)
    assert form.is_valid(), form.errors
    assert form.validated_data == {"note": "0", "flag": True, "count": 5, "latitude": decimal.Decimal("26.05")}


def test_a_form_body_has_no_null():
    errors = _errors(_form(latitude="null"), FormSample)
    assert "latitude" in errors
    form = FormSample(data=_form(latitude="", note="x"))  # an empty form field is one left out
    assert form.is_valid() and "latitude" not in form.validated_data
    assert not FormSample().fields["latitude"].allow_null and Sample().fields["latitude"].allow_null


@pytest.mark.parametrize(("value", "valid"), [
    ("90", True), ("-90.000000", True), ("26.0512345", False), ("90.5", False), ("100", False), ("", False),
    ("1e1", False), (" 26", False), (26.051234567, True), (-90, True), (90.1, False),
])
def test_coordinates_follow_the_documented_pattern_or_range(value, valid):
    form = Sample(data={"latitude": value})
    assert form.is_valid() is valid, form.errors


def test_a_phones_gps_number_is_rounded_to_six_decimals():
    form = Sample(data={"latitude": 26.051234567})
    assert form.is_valid() and form.validated_data["latitude"] == decimal.Decimal("26.051235")


@pytest.mark.django_db
def test_an_id_outside_the_scope_is_out_of_scope_naming_the_field():
    from grid.models import Household

    class Pick(Serializer):
        household = ScopedPrimaryKeyRelatedField(queryset=Household.objects.none(),
                                                 error_messages={"does_not_exist": "找不到该住户。"})

    with pytest.raises(OutOfScope) as exc:
        Pick(data={"household": 5}).is_valid()
    assert exc.value.status_code == 404 and exc.value.extra["errors"] == {"household": ["找不到该住户。"]}
    assert not Pick(data={"household": "x"}).is_valid()  # a wrong type stays a 400


def _operations():
    generator = SchemaGenerator()
    generator.parse(None, True)  # builds generator.endpoints
    for path, _path_regex, method, callback in generator.endpoints:
        yield path, method, generator.create_view(callback, method)


def test_every_request_body_of_the_api_is_read_strictly():
    loose = []
    for path, method, view in _operations():
        if method not in ("POST", "PUT", "PATCH"):
            continue
        request = view.schema.get_request_serializer()
        bodies = request.values() if isinstance(request, dict) else [request]
        for body in bodies:
            if body is None:
                continue
            cls = body if isinstance(body, type) else type(body)
            if issubclass(cls, serializers.BaseSerializer) and not issubclass(cls, StrictTypesMixin):
                loose.append(f"{method} {path}: {cls.__name__}")
    assert not loose, "derive these from taijiang.core.serializers.Serializer/ModelSerializer: " + ", ".join(loose)
    assert issubclass(ModelSerializer, StrictTypesMixin)


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_no_form_body_documents_a_null(schema):
    nullable = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            for media in ("multipart/form-data", "application/x-www-form-urlencoded"):
                if media in content:
                    body = _resolve(schema, content[media]["schema"])
                    nullable += [f"{method} {path} {name}" for name, prop in body.get("properties", {}).items()
                                 if prop.get("nullable")]
    assert not nullable


def test_the_schema_states_the_rules_it_can(schema):
    components = schema["components"]["schemas"]
    # text that must not be blank has a non-space character
    assert components["AppealReasonRequest"]["properties"]["reason"]["pattern"] == r"\S"
    # an appeal form: text or a photo
    assert components["AppealCreateFormRequest"]["anyOf"] == [
        {"required": ["text"], "properties": {"text": {"pattern": r"\S"}}},
        {"required": ["photos"], "properties": {"photos": {"minItems": 1}}}]
    # coordinates: text by pattern, or a number in range (JSON only)
    latitude = components["VisitJsonRequest"]["properties"]["latitude"]
    assert latitude["oneOf"][1] == {"type": "number", "minimum": -90, "maximum": 90} and latitude["nullable"]
    assert components["VisitFormRequest"]["properties"]["latitude"]["type"] == "string"
    # the household search: a whole ID number or mobile
    assert "pattern" in components["HouseholdSearchRequest"]["properties"]["identifier"]
    # a booking's end: the rule across fields, in words
    assert "After `start`" in components["BookingCreateRequest"]["properties"]["end"]["description"]


def test_validation_errors_are_not_swallowed():
    with pytest.raises(ValidationError):
        Sample(data={"flag": "true"}).is_valid(raise_exception=True)


def test_a_form_boolean_is_true_or_false():
    assert FormSample(data=_form(flag="true")).is_valid()
    for text in ("0", "1", "yes", "on", "True"):
        errors = _errors(_form(flag=text), FormSample)
        assert errors == {"flag": ["必须是有效的布尔值。"]}, text


@pytest.mark.django_db
def test_an_empty_code_is_not_a_null_in_json():
    from appeals.models import Category

    class Pick(Serializer):
        category = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.all(), allow_null=True)

    assert "category" in _errors({"category": ""}, Pick)
    assert Pick(data={"category": None}).is_valid()
