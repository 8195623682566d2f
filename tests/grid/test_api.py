import datetime
import json
import uuid

import pytest
from django.utils import timezone

from grid.models import Household, Visit
from tests.grid.factories import HouseholdFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def test_households_api_is_scoped_to_my_grid(api_client, reg):
    api_client.force_authenticate(reg["worker1"])
    body = api_client.get("/api/v1/households/").json()
    assert [h["id"] for h in body["results"]] == [reg["h1"].pk]
    assert api_client.get(f"/api/v1/households/{reg['h2'].pk}/").status_code == 404
    assert api_client.get("/api/v1/households/", {"q": "陈建国"}).json()["count"] == 0


def test_households_api_filters_by_building_and_door(api_client, reg):
    api_client.force_authenticate(reg["admin_a1"])
    body = api_client.get("/api/v1/households/", {"building": reg["b_g2"].pk, "door_number": "201"}).json()
    assert [h["id"] for h in body["results"]] == [reg["h2"].pk]


def test_residents_api_is_masked(api_client, reg):
    api_client.force_authenticate(reg["worker1"])
    response = api_client.get("/api/v1/residents/")
    text = response.content.decode()
    assert reg["r1"].id_number not in text and "13912345678" not in text
    row = response.json()["results"][0]
    assert row["masked_phone"] == "139****5678" and "id_number" not in row and "phone" not in row
    assert api_client.get(f"/api/v1/residents/{reg['r2'].pk}/").status_code == 404


@pytest.mark.parametrize(("user_key", "message"), [("window", "窗口人员不能查看住户档案"),
                                                   ("resident_user", "住户档案仅供网格员和社区管理员使用")])
def test_window_staff_and_residents_get_403_with_detail(api_client, reg, user_key, message):
    api_client.force_authenticate(reg[user_key])
    for url in ("/api/v1/households/", "/api/v1/residents/", "/api/v1/visits/", "/api/v1/due-visits/"):
        response = api_client.get(url)
        assert response.status_code == 403 and message in response.json()["detail"], url


def test_anonymous_api_is_refused(api_client, reg):
    assert api_client.get("/api/v1/households/").status_code in (401, 403)


def _payload(reg, **extra):
    return {"household": reg["h1"].pk, "kind": "home", "outcome": "met", "met_residents": [reg["r1"].pk],
            "observations": {"wiring": "issue"}, "note": "电线老化", "client_uuid": str(uuid.uuid4()), **extra}


def test_visit_post_is_idempotent_by_client_uuid(api_client, reg):
    api_client.force_authenticate(reg["worker1"])
    payload = _payload(reg)
    first = api_client.post("/api/v1/visits/", payload, format="json")
    second = api_client.post("/api/v1/visits/", payload, format="json")
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"] and Visit.objects.count() == 1
    assert first.json()["url"] == f"/grid/visits/{first.json()['id']}/"


def test_visit_post_multipart_like_the_offline_draft(api_client, reg):
    api_client.force_authenticate(reg["worker1"])
    key = str(uuid.uuid4())
    when = (timezone.now() - datetime.timedelta(hours=5)).isoformat()
    data = {"household": reg["h1"].pk, "kind": "phone", "outcome": "met", "met_residents": [reg["r1"].pk],
            "observations": json.dumps({"gas": "ok"}), "client_uuid": key, "visited_at": when}
    response = api_client.post("/api/v1/visits/", data, format="multipart")
    assert response.status_code == 201, response.json()
    visit = Visit.objects.get(client_uuid=key)
    assert visit.observations == {"gas": "ok"} and visit.kind == "phone"
    assert abs((timezone.now() - visit.visited_at) - datetime.timedelta(hours=5)) < datetime.timedelta(minutes=1)


def test_visit_post_outside_scope_is_404_with_field_error(api_client, reg):
    # An id in the body outside the worker's grids answers as one in the path: 404, the field named.
    api_client.force_authenticate(reg["worker1"])
    response = api_client.post("/api/v1/visits/", _payload(reg, household=reg["h2"].pk, met_residents=[]),
                               format="json")
    body = response.json()
    assert response.status_code == 404 and body["code"] == "not_found"
    assert "找不到该住户" in body["errors"]["household"][0]
    response = api_client.post("/api/v1/visits/", _payload(reg, met_residents=[reg["r2"].pk]), format="json")
    assert response.status_code == 404 and "找不到该居民" in response.json()["errors"]["met_residents"][0]
    assert not Visit.objects.exists()


def test_visit_post_bad_observation_is_400(api_client, reg):
    api_client.force_authenticate(reg["worker1"])
    response = api_client.post("/api/v1/visits/", _payload(reg, observations={"wiring": "bad"}), format="json")
    assert response.status_code == 400 and "只能填" in response.json()["detail"]


def test_visit_post_time_the_clock_refuses_is_409(api_client, reg):
    # A well-formed time that the clock refuses (future, older than 30 days): 409 on visited_at.
    api_client.force_authenticate(reg["worker1"])
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    response = api_client.post("/api/v1/visits/", _payload(reg, visited_at=future), format="json")
    body = response.json()
    assert response.status_code == 409 and body["code"] == "invalid_transition"
    assert "不能晚于现在" in body["detail"] and body["errors"]["visited_at"]
    past = (timezone.now() - datetime.timedelta(days=40)).isoformat()
    response = api_client.post("/api/v1/visits/", _payload(reg, visited_at=past), format="json")
    assert response.status_code == 409 and "超过 30 天" in response.json()["detail"]


def test_street_admin_visit_post_is_403(api_client, reg):
    api_client.force_authenticate(reg["street_a"])
    response = api_client.post("/api/v1/visits/", _payload(reg), format="json")
    assert response.status_code == 403 and "只能走访自己网格内的住户" in response.json()["detail"]


def test_client_uuid_reused_by_other_worker_is_409(api_client, reg):
    payload = _payload(reg)
    api_client.force_authenticate(reg["worker1"])
    api_client.post("/api/v1/visits/", payload, format="json")
    api_client.force_authenticate(reg["admin_a1"])
    response = api_client.post("/api/v1/visits/", payload, format="json")
    assert response.status_code == 409 and response.json()["code"] == "conflict"


def test_due_visits_api_sorted_and_scoped(api_client, reg):
    Household.objects.update(next_visit_due=timezone.localdate() - datetime.timedelta(days=3))
    api_client.force_authenticate(reg["admin_a1"])
    body = api_client.get("/api/v1/due-visits/").json()
    assert {h["id"] for h in body["results"]} == {reg["h1"].pk, reg["h2"].pk}
    assert body["results"][0]["overdue_days"] == 3


@pytest.mark.parametrize("count", [1, 50])
def test_households_api_query_budget(api_client, reg, django_assert_max_num_queries, count):
    for i in range(count - 1):
        ResidentFactory(household=HouseholdFactory(building=reg["b_g1"], door_number=f"7{i:02d}"))
    api_client.force_authenticate(reg["worker1"])
    with django_assert_max_num_queries(6):
        body = api_client.get("/api/v1/households/").json()
    assert body["count"] == count
    with django_assert_max_num_queries(6):
        assert api_client.get("/api/v1/due-visits/").status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_visits_api_query_budget(api_client, reg, django_assert_max_num_queries, count):
    for _ in range(count):
        visit = Visit.objects.create(household=reg["h1"], worker=reg["worker1"])
        visit.met_residents.add(reg["r1"])
    api_client.force_authenticate(reg["worker1"])
    with django_assert_max_num_queries(6):
        body = api_client.get("/api/v1/visits/").json()
    assert body["count"] == count and body["results"][0]["met_residents"] == [reg["r1"].pk]


def test_visit_form_states_position_both_or_neither_and_no_null(api_client, reg):
    api_client.force_authenticate(reg["worker1"])
    base = {"household": reg["h1"].pk, "kind": "home", "outcome": "met"}
    response = api_client.post("/api/v1/visits/", {**base, "latitude": "26.05"}, format="multipart")
    assert response.status_code == 400 and "同时包含经度和纬度" in response.json()["errors"]["latitude"][0]
    response = api_client.post("/api/v1/visits/", {**base, "latitude": "null", "longitude": "null"},
                               format="multipart")
    assert response.status_code == 400 and {"latitude", "longitude"} <= set(response.json()["errors"])
    assert not Visit.objects.exists()
    response = api_client.post("/api/v1/visits/", {**base, "latitude": "", "longitude": ""}, format="multipart")
    assert response.status_code == 201 and response.json()["latitude"] is None


def test_a_resend_that_breaks_the_schema_is_400_before_the_stored_visit_answers(api_client, reg):
    api_client.force_authenticate(reg["worker1"])
    payload = _payload(reg)
    assert api_client.post("/api/v1/visits/", payload, format="json").status_code == 201
    response = api_client.post("/api/v1/visits/", {**payload, "observations": {"stairwell": "AAA"}}, format="json")
    assert response.status_code == 400 and "只能填" in response.json()["errors"]["observations"][0]
    response = api_client.post("/api/v1/visits/", {**payload, "note": 0}, format="json")
    assert response.status_code == 400 and response.json()["errors"] == {"note": ["不是有效的字符串。"]}
    assert api_client.post("/api/v1/visits/", payload, format="json").status_code == 200
