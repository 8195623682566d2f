"""Request-level guard: a request carrying a NUL or a lone surrogate is answered 400 before any view runs.

No form, search box or API client has a reason to send either, and both crash far from where they
enter: PostgreSQL refuses NUL in text ("A string literal cannot contain NUL"), and a lone surrogate
cannot be encoded as UTF-8 when the response (or an error message quoting the value) is written.
Refusing them here, once, keeps every view from having to remember; the shared parsers and
`clean_text` in taijiang.core.http remain the defence for everything else.

Looked at: the path, query string keys and values, urlencoded and multipart form fields (not file
contents), and JSON bodies. Django already replaces invalid UTF-8 in the query string and form
bodies, so a lone surrogate can only arrive through a JSON `\\ud800` escape.
"""

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import gettext as _

from .http import has_hostile_chars

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _hostile(value) -> bool:
    """Whether a decoded JSON value (or a string) holds a NUL or a lone surrogate anywhere, keys included."""
    if isinstance(value, str):
        return has_hostile_chars(value)
    if isinstance(value, dict):
        return any(_hostile(k) or _hostile(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_hostile(v) for v in value)
    return False


def _querydict_hostile(data) -> bool:
    return any(has_hostile_chars(key) or any(has_hostile_chars(v) for v in values) for key, values in data.lists())


def request_is_hostile(request) -> bool:
    if has_hostile_chars(request.path_info) or _querydict_hostile(request.GET):
        return True
    content_type = request.content_type or ""
    if request.method == "POST" and content_type in FORM_TYPES:
        return _querydict_hostile(request.POST)  # CsrfViewMiddleware reads it too; Django caches the parse
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            data = json.loads(request.body or b"null")
        except ValueError:
            return False  # malformed JSON: the API's parser answers its own 400
        return _hostile(data)
    if request.method in ("PUT", "PATCH") and content_type == FORM_TYPES[0]:
        from django.http import QueryDict

        return _querydict_hostile(QueryDict(request.body, encoding=request.encoding))
    return False


def refusal(request):
    """The 400 answer: JSON `{"detail": ...}` for API clients, the styled error page for people.

    Open311 clients expect GeoReport v2 errors (a list of {code, description}, XML for .xml URLs).
    """
    message = _("请求中含有不允许的字符（如空字符），请检查输入后重试。")
    if request.path_info.startswith("/open311/"):
        if request.path_info.endswith(".xml"):
            body = ('<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>400</code>'
                    f"<description>{escape(message)}</description></error></errors>")
            return HttpResponse(body.encode(), status=400, content_type="text/xml; charset=utf-8")
        return JsonResponse([{"code": 400, "description": message}], status=400, safe=False,
                            json_dumps_params={"ensure_ascii": False})
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400, json_dumps_params={"ensure_ascii": False})
    return render(request, "errors/400.html", {"reason": message}, status=400)


class UntrustedInputMiddleware:
    """Answer 400 to a request that carries a NUL or a lone surrogate (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_is_hostile(request):
            return refusal(request)
        return self.get_response(request)


class FriendlyNotFoundMiddleware:
    """With DEBUG on (as `make run` serves the demo), Django answers an unknown address with its
    technical page in English, listing every URL pattern. Residents and staff trying the demo must see
    the portal's own 404 in Chinese; developers read the path in the server log. Off when DEBUG is off
    (the handler404 view answers then) and for the JSON API (already JSON)."""

    TECHNICAL_MARK = b'<meta name="robots" content="NONE,NOARCHIVE">'

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code == 404 and settings.DEBUG and not getattr(response, "streaming", False)
                and self.TECHNICAL_MARK in response.content):
            from .views import page_not_found

            return page_not_found(request)
        return response
