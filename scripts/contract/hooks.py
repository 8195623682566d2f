"""schemathesis hooks of scripts/contract.sh: generated bodies refer to rows that exist.

A schema can say that `slot` is an integer, not which integers are slots of this database, so
the fuzzer's "valid" bookings would name slots that do not exist, and be refused for that. This
hook puts the ids and codes of the seeded demo (ids.json, written by contract.sh from the
database) in place of the generated ones, chosen by the generated value, and a real JPEG in
place of generated file bytes. It changes only values that were already valid for the schema
(an integer stays an integer of the same field); everything else the fuzzer generates — other
fields, wrong types, missing fields — goes through as generated.

One rule across fields cannot be written in a JSON schema: a booking ends after it starts, on the
same day (documented on POST /api/v1/bookings/ and answered 400, tests/spaces/test_api.py). In a
schema-valid booking the hook moves `end` to after `start` when the generated pair breaks it, as it
moves ids to rows that exist. Negative cases go through untouched (ids, files and times alike),
and are sent as JSON only (filter_case below: a form body carries no types).
"""

import datetime
import io
import json
import os

import schemathesis
from PIL import Image

with open(os.environ["CONTRACT_IDS"], encoding="utf-8") as handle:
    IDS = json.load(handle)

_out = io.BytesIO()
Image.new("RGB", (32, 24), "teal").save(_out, format="JPEG")
JPEG = _out.getvalue()
FILES = {"photo", "photos", "file"}


def _pick(field, value):
    rows = IDS.get(field)
    if not rows or isinstance(value, bool):
        return value
    if isinstance(value, int) and isinstance(rows[0], int):
        return rows[abs(value) % len(rows)]
    if isinstance(value, str) and isinstance(rows[0], str):
        return rows[len(value) % len(rows)]
    if isinstance(value, str) and value.isdigit() and isinstance(rows[0], int):  # a form body's integer
        return str(rows[int(value) % len(rows)])
    if isinstance(value, list):
        return [_pick(field, v) for v in value]
    return value


@schemathesis.hook
def map_case(ctx, case):
    # map_case, not map_body: the coverage phase applies only case hooks.
    # Schema-valid cases only: in a negative case a value may be invalid on purpose (an id below the
    # minimum), and mapping it to a real row would make the case valid.
    if isinstance(case.body, dict) and _positive(case):
        case.body = _map_body(case.body)
        if case.method.upper() == "POST" and case.path.rstrip("/") == "/api/v1/bookings":
            _order_range(case.body)
    return case


@schemathesis.hook
def filter_case(ctx, case):
    # A form body has no types: a value of the wrong type reaches the server as text, often as valid
    # text (the number 1 and the list [1] are the same form field, an object is dropped), so a
    # negative multipart case may arrive as a valid request. Negative cases are sent as JSON only;
    # the form bodies' own refusals (null, booleans, text or photo, position) are tested in tests/.
    media_type = (getattr(case, "media_type", None) or "").split(";")[0]
    return _positive(case) or media_type not in ("multipart/form-data", "application/x-www-form-urlencoded")


@schemathesis.hook
def filter_failure(ctx, failure, case, response):
    # The same reason, for the cases schemathesis turns negative after the filter above (the coverage
    # phase's property combinations of a form body): only "invalid data accepted" on a form body is
    # dropped, every other failure and every JSON body is reported.
    media_type = (getattr(case, "media_type", None) or "").split(";")[0]
    form = media_type in ("multipart/form-data", "application/x-www-form-urlencoded")
    return not (form and type(failure).__name__ == "AcceptedNegativeData")


def _positive(case) -> bool:
    mode = getattr(getattr(getattr(case, "meta", None), "generation", None), "mode", None)
    return mode is None or mode.is_positive


LOCAL = datetime.timezone(datetime.timedelta(hours=8))  # Asia/Shanghai, the portal's TIME_ZONE


def _order_range(body):
    try:
        start = datetime.datetime.fromisoformat(body["start"]).astimezone(LOCAL)
        end = datetime.datetime.fromisoformat(body["end"]).astimezone(LOCAL)
    except (KeyError, TypeError, ValueError, OverflowError):
        return
    midnight = datetime.datetime.combine(start.date() + datetime.timedelta(days=1), datetime.time(), LOCAL)
    if start < end <= midnight:
        return
    try:
        body["end"] = min(start + datetime.timedelta(hours=1), midnight).isoformat()
    except OverflowError:  # the last day of year 9999
        return


def _map_body(body):
    for field, value in list(body.items()):
        if field in FILES:  # generated file contents (bytes, multipart only) become a real photo
            if isinstance(value, list):
                body[field] = [JPEG if isinstance(v, bytes | bytearray) else v for v in value]
            elif isinstance(value, bytes | bytearray):
                body[field] = JPEG
        else:
            body[field] = _pick(field, value)
    return body
