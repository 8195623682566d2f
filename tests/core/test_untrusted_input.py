"""The shared parsers and cleaner (taijiang.core.http) and the request guard (taijiang.core.middleware)."""

import datetime
import json

import pytest

from taijiang.core.http import MAX_ID, clean_text, parse_date, parse_datetime, parse_id, parse_ids
from tests import factories

NUL_MESSAGE = "请求中含有不允许的字符"


@pytest.mark.parametrize("value", ["²", "①", "٣", "１２", "-1", "0", "+1", "1.0", "1e3", "", " ", None, "abc",
                                   "99999999999999999999", str(MAX_ID + 1), True, 1.5, ["1"], b"\xff", "1\x00"])
def test_parse_id_refuses_anything_but_ascii_digits_within_bigint(value):
    assert parse_id(value) is None


@pytest.mark.parametrize(("value", "expected"), [("1", 1), (" 42 ", 42), (7, 7), (str(MAX_ID), MAX_ID)])
def test_parse_id_reads_real_ids(value, expected):
    assert parse_id(value) == expected


def test_parse_ids_keeps_the_usable_ids_in_order():
    assert parse_ids(["3", "²", "x", "1", "99999999999999999999", "٣"]) == [3, 1]
    assert parse_ids(None) == []


@pytest.mark.parametrize("value", ["9999-12-31", "0000-00-00", "2026-02-30", "1999-12-31", "2101-01-01",
                                   "２０２６-01-01", "2026-1-1", "2026-01-15T00:00", "", None, "a\x00b"])
def test_parse_date_refuses_impossible_malformed_and_far_dates(value):
    assert parse_date(value) is None


def test_parse_date_reads_iso_dates_and_honours_a_narrower_window():
    assert parse_date(" 2026-01-15 ") == datetime.date(2026, 1, 15)
    assert parse_date("2026-01-15", latest=datetime.date(2026, 1, 14)) is None


@pytest.mark.parametrize("value", ["2026-01-15T10:00:00+15:60", "2026-01-15T10:00:00+23:59",
                                   "2026-01-15T10:00:00-16:00", "2026-01-15T10:00:00+24:00",
                                   "9999-12-31T23:59:59-14:00", "2026-02-30T10:00:00", "2026-01-15T10:00:00\x00",
                                   "yesterday", None])
def test_parse_datetime_refuses_offsets_beyond_fourteen_hours_and_impossible_moments(value):
    assert parse_datetime(value) is None


def test_parse_datetime_reads_offsets_up_to_fourteen_hours_and_makes_naive_ones_local():
    assert parse_datetime("2026-01-15T10:00:00+14:00").utcoffset() == datetime.timedelta(hours=14)
    assert parse_datetime("2026-01-15T10:00:00").utcoffset() == datetime.timedelta(hours=8)  # Asia/Shanghai


def test_clean_text_drops_nul_controls_and_lone_surrogates_and_caps_the_length():
    assert clean_text(" a\x00b\ud800c\x07\td\n ") == "abc\td"
    assert clean_text("长" * 500, max_length=100) == "长" * 100
    assert clean_text(None) == "" and clean_text(12) == "12"
    assert clean_text("😀 emoji stay") == "😀 emoji stay"


# --- the request guard ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_nul_in_a_query_string_answers_the_styled_400_page_in_chinese(client):
    response = client.get("/services/?q=%00")
    assert response.status_code == 400
    assert "errors/400.html" in [t.name for t in response.templates]
    assert NUL_MESSAGE in response.content.decode()


@pytest.mark.django_db
def test_nul_in_a_path_answers_400(client):
    assert client.get("/appeals/n/YSS%00/").status_code == 400


@pytest.mark.django_db
def test_nul_in_a_posted_form_answers_400(client, territory):
    client.force_login(factories.resident(community=territory["a1"]))
    response = client.post("/accounts/profile/", {"display_name": "a\x00b"})
    assert response.status_code == 400 and NUL_MESSAGE in response.content.decode()


@pytest.mark.django_db
def test_nul_in_an_api_json_body_answers_a_json_400(api_client, territory):
    api_client.force_authenticate(factories.resident(community=territory["a1"]))
    response = api_client.post("/api/v1/appeals/", {"text": "路灯\x00坏了"}, format="json")
    assert response.status_code == 400 and NUL_MESSAGE in response.json()["detail"]


@pytest.mark.django_db
def test_a_lone_surrogate_in_an_api_json_body_answers_a_json_400(api_client, territory):
    api_client.force_authenticate(factories.resident(community=territory["a1"]))
    body = json.dumps({"text": "路灯坏了", "category": "\ud800"})  # ensure_ascii: sent as the escape \ud800
    response = api_client.generic("POST", "/api/v1/appeals/", body, content_type="application/json")
    assert response.status_code == 400 and NUL_MESSAGE in response.json()["detail"]


@pytest.mark.django_db
def test_an_emoji_written_as_a_surrogate_pair_in_json_is_not_refused(api_client, territory):
    api_client.force_authenticate(factories.resident(community=territory["a1"]))
    body = json.dumps({"text": "路灯坏了 😀"})  # ensure_ascii: "\ud83d\ude00", a valid pair
    response = api_client.generic("POST", "/api/v1/appeals/", body, content_type="application/json")
    assert response.status_code != 400 or NUL_MESSAGE not in response.json().get("detail", "")


@pytest.mark.django_db
def test_nul_on_open311_answers_in_the_georeport_error_format(client):
    response = client.get("/open311/v2/requests.xml?service_code=%00")
    assert response.status_code == 400 and b"<code>400</code>" in response.content
    body = client.get("/open311/v2/requests.json?service_code=%00").json()
    assert body[0]["code"] == 400 and NUL_MESSAGE in body[0]["description"]


@pytest.mark.django_db
def test_a_suspicious_request_answers_the_styled_400_page(client):
    fields = "&".join(f"f{i}=1" for i in range(1100))  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = client.post("/accounts/login/", fields, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "errors/400.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_a_suspicious_api_request_answers_json(api_client):
    fields = "&".join(f"f{i}=1" for i in range(1100))
    response = api_client.generic("POST", "/api/v1/auth/token/", fields,
                                  content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and response.json()["detail"]
