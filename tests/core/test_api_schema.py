"""The committed OpenAPI schema (docs/api/openapi.yaml) is the one the portal serves (issue #11):
a change to the API shows up as a change to that file in the same commit, for its reviewers and
for the teams whose clients are generated from it."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"


# Integer limits in the schema come from the database backend (PostgreSQL's smallint/integer ranges,
# SQLite's 64-bit ones): the committed file is PostgreSQL's, the production database, so this runs in
# CI's PostgreSQL pass. Regenerate with `DATABASE_URL=postgres://… make schema`.
@pytest.mark.postgres
def test_served_schema_equals_the_committed_file(tmp_path):
    served = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(served), "--validate", "--fail-on-warn")
    if served.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"):
        return
    old, new = yaml.safe_load(COMMITTED.read_text(encoding="utf-8")), yaml.safe_load(served.read_text(encoding="utf-8"))
    changed = sorted({*old["paths"]} ^ {*new["paths"]} | {p for p in old["paths"] if p in new["paths"]
                                                         and old["paths"][p] != new["paths"][p]})
    components = sorted(name for name in {*old["components"]["schemas"], *new["components"]["schemas"]}
                        if old["components"]["schemas"].get(name) != new["components"]["schemas"].get(name))
    raise AssertionError(
        "The API schema changed but docs/api/openapi.yaml was not updated. Run `DATABASE_URL=postgres://… make schema` and commit "
        f"docs/api/openapi.yaml (check the change is meant: clients are built from it).\n"
        f"Paths that differ: {changed[:20]}\nComponents that differ: {components[:20]}")


def test_every_operation_documents_the_shared_error_body():
    schema = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    error = {"$ref": "#/components/schemas/Error"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "403"} <= set(responses), (method, path)
            if method in ("post", "put", "patch", "delete"):
                assert {"400", "409", "429"} <= set(responses), (method, path)
                assert "requestBody" in operation or method == "delete" or _bodiless(operation), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            for code in ("400", "401", "403", "404", "409", "429"):
                if code in responses:
                    assert responses[code]["content"]["application/json"]["schema"] == error, (method, path, code)


def _bodiless(operation) -> bool:
    # Actions that take no body say so in the view (`extend_schema(request=None)`); listed here
    # by id so that a new action without a documented body fails this test.
    return operation["operationId"] in BODILESS


BODILESS = {
    "v1_activities_signup_create", "v1_appeals_accept_create", "v1_appointments_cancel_create",
    "v1_appointments_check_in_create", "v1_auth_logout_create", "v1_auth_logout_all_create",
    "v1_bookings_check_in_create", "v1_notifications_read_create", "v1_notifications_read_all_create",
    "v1_queue_windows_call_next_create", "v1_queue_windows_close_create", "v1_queue_windows_open_create",
    "v1_service_requests_review_create", "v1_signups_cancel_create",
}
