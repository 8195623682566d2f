"""The Content-Security-Policy header is on every kind of answer: pages, the API, files, error pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.status_code} {response.get('Content-Type')}"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_policy_allows_scripts_only_from_our_own_files():
    response = Client().get("/")
    assert response.status_code == 200
    assert policy(response) == EXPECTED
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response.headers


@pytest.mark.parametrize(("path", "status"), [
    ("/", 200),
    ("/accounts/login/", 200),
    ("/services/", 200),
    ("/appeals/board/", 200),
    ("/healthz", 200),
    ("/grid/sw.js", 200),
    ("/grid/manifest.webmanifest", 200),
    ("/api/docs/", 200),
    ("/api/docs/?script=", 200),
    ("/api/v1/me/", (401, 403)),  # which one depends on the first authentication class
    ("/django-admin/login/", 200),
    ("/no-such-page/", 404),
    ("/api/v1/no-such-endpoint/", 404),
])
def test_every_kind_of_answer_carries_the_policy(client, path, status):
    response = client.get(path)
    assert response.status_code in (status if isinstance(status, tuple) else (status,))
    assert policy(response) == EXPECTED


def test_api_answers_for_a_signed_in_user_carry_the_policy(api_client):
    user = factories.resident()
    api_client.force_authenticate(user)
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert policy(response) == EXPECTED


def test_forbidden_page_carries_the_policy(client, territory):
    client.force_login(factories.resident())
    response = client.get("/grid/households/")
    assert response.status_code == 403
    assert "您没有权限访问此页面。" in response.content.decode()
    assert policy(response) == EXPECTED


def test_csrf_refusal_carries_the_policy():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert policy(response) == EXPECTED


def test_admin_change_form_carries_the_policy(client):
    admin = factories.district_admin(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(f"/django-admin/users/user/{admin.pk}/change/")
    assert response.status_code == 200
    assert policy(response) == EXPECTED


def test_swagger_ui_loads_its_start_script_from_a_file_not_inline(client):
    html = client.get("/api/docs/").content.decode()
    assert '<script src="/api/docs/?script="></script>' in html
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def _settings_in_a_fresh_process(**env):
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    code = ("from django.conf import settings; "
            "print(repr(settings.CONTENT_SECURITY_POLICY)); "
            "print(repr(getattr(settings, 'CONTENT_SECURITY_POLICY_REPORT_ONLY', None)))")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env={**base, **env},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    enforced, report_only = result.stdout.strip().splitlines()[-2:]
    return enforced, report_only


def test_report_only_switch_moves_the_same_policy_to_the_report_only_header():
    enforced, report_only = _settings_in_a_fresh_process(CSP_REPORT_ONLY="true",
                                                         CSP_REPORT_URI="https://csp.example/report")
    assert enforced == "None"
    assert "'script-src': [\"'self'\"]" in report_only
    assert "'report-uri': ['https://csp.example/report']" in report_only


def test_report_only_header_when_switched(client, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = client.get("/")
    assert "Content-Security-Policy" not in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy-Report-Only"]
