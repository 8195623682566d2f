"""Rendering Open311 answers as JSON or XML (the spec's element names), errors included."""

import json
from xml.etree import ElementTree

from django.http import HttpResponse

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# Plural container → element name of each item inside it.
ITEMS = {"services": "service", "service_requests": "request", "errors": "error", "attributes": "attribute",
         "values": "value", "endpoints": "endpoint", "formats": "format"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element, value) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _fill(ElementTree.SubElement(element, key), inner)
    elif isinstance(value, list | tuple):
        item_tag = ITEMS.get(element.tag, "item")
        for inner in value:
            _fill(ElementTree.SubElement(element, item_tag), inner)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ElementTree.Element(root)
    _fill(element, data)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


def respond(data, *, fmt: str, root: str, status: int = 200) -> HttpResponse:
    """`root` names the XML document element (services, service_requests, service_definition…)."""
    body = to_xml(root, data) if fmt == "xml" else json.dumps(data, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=FORMATS.get(fmt, FORMATS["json"]))


def error(code: int, description, *, fmt: str = "json") -> HttpResponse:
    data = [{"code": code, "description": str(description)}]
    return respond(data, fmt=fmt if fmt in FORMATS else "json", root="errors", status=code)
