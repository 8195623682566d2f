"""Open311 offsets and the API's choice fields under hostile input: a clear 400, never a 500 (issue 10, point 9)."""

import json

import pytest

BASE = "/open311/v2"


@pytest.mark.django_db
@pytest.mark.parametrize("offset", ["+15:60", "+16:00", "-23:59", "+23:59", "+99:99"])
def test_open311_start_date_with_an_offset_beyond_fourteen_hours_answers_400_in_spec_format(
        client, categories, offset):
    response = client.get(f"{BASE}/requests.json", {"start_date": f"2026-01-15T00:00:00{offset}"})
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400 and "start_date" in response.json()[0]["description"]


@pytest.mark.django_db
def test_open311_start_date_with_a_fourteen_hour_offset_is_accepted(client, categories):
    assert client.get(f"{BASE}/requests.json", {"start_date": "2026-01-15T00:00:00+14:00"}).status_code == 200


@pytest.mark.django_db
def test_a_lone_surrogate_in_the_route_level_choice_answers_a_json_400(api_client, people, appeal):
    api_client.force_authenticate(people["worker_g1"])
    body = json.dumps({"level": "\ud800", "reason": "转交"})
    response = api_client.generic("POST", f"/api/v1/appeals/{appeal.pk}/route/", body,
                                  content_type="application/json")
    assert response.status_code == 400 and "请求中含有不允许的字符" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("community", ["²", "①", "99999999999999999999"])
def test_appeals_api_community_filter_with_unicode_digits_answers_without_a_500(api_client, people, appeal, community):
    api_client.force_authenticate(people["admin_a1"])
    response = api_client.get("/api/v1/appeals/", {"community": community})
    assert response.status_code == 200 and response.json()["results"] == []
