"""Odd input on the pages, the API and Open311 answers 400/404 with a reason, never a 500."""

import pytest
from django.urls import reverse
from django.utils import timezone

from appeals import services
from appeals.models import ApiKey, Appeal

from .conftest import submit

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


@pytest.fixture
def key(db):
    raw = ApiKey.generate()
    api_key = ApiKey(system_name="12345热线")
    api_key.set_key(raw)
    api_key.save()
    return raw


@pytest.mark.parametrize("query", ["?building=abc", "?resident=x", "?visit=1.5", "?building=-1"])
def test_staff_create_with_a_non_numeric_id_is_404(client, people, query):
    client.force_login(people["worker_g1"])
    assert client.get(reverse("appeals:staff_create") + query).status_code == 404


@pytest.mark.parametrize("number", ["x" * 30, "a b", "²"])
def test_detail_by_a_malformed_number_is_404(client, people, number):
    client.force_login(people["resident"])
    assert client.get(f"/appeals/n/{number}/").status_code == 404


@pytest.mark.parametrize("number", ["%00", "YSS%00"])
def test_detail_by_a_number_with_a_nul_byte_is_400(client, people, number):
    client.force_login(people["resident"])  # the request guard answers before the view (taijiang.core.middleware)
    assert client.get(f"/appeals/n/{number}/").status_code == 400


def test_merge_into_a_number_outside_the_territory_reads_as_not_found(client, people, categories, territory):
    mine = submit(people["resident"], category=categories["noise"])
    services.appeal_accept(appeal=mine, actor=people["worker_g1"])
    other = services.appeal_create_on_behalf(actor=people["admin_a2"], channel="phone", text="别处的噪音",
                                             building=territory["b_g3"], category=categories["noise"])
    client.force_login(people["worker_g1"])
    response = client.post(reverse("appeals:act", args=[mine.pk, "merge"]), {"into": other.number})
    assert response.status_code == 400 and "找不到受理编号" in response.content.decode()
    assert Appeal.objects.get(pk=mine.pk).status != "merged"


@pytest.mark.parametrize("lat, lng", [("1e10", "1"), ("91", "119"), ("26", "-181"), ("NaN", "NaN"),
                                      ("Infinity", "1"), ("abc", "1")])
def test_open311_post_refuses_coordinates_out_of_range(client, categories, key, lat, lng):
    response = client.post(f"{BASE}/requests.json", {"api_key": key, "service_code": "noise", "lat": lat,
                                                      "long": lng, "description": "吵"})
    body = response.json()
    assert response.status_code == 400 and body[0]["code"] == 400 and "lat/long" in body[0]["description"]
    assert not Appeal.objects.exists()


def test_open311_post_refuses_overlong_fields_and_trims_the_name(client, categories, key):
    good = {"api_key": key, "service_code": "noise", "address_string": "台江区", "description": "吵"}
    too_long = client.post(f"{BASE}/requests.json", {**good, "address_string": "路" * 201})
    assert too_long.status_code == 400 and "address_string" in too_long.json()[0]["description"]
    too_long = client.post(f"{BASE}/requests.json", {**good, "description": "吵" * 2001})
    assert too_long.status_code == 400 and "description" in too_long.json()[0]["description"]
    created = client.post(f"{BASE}/requests.json", {**good, "first_name": "名" * 300})
    assert created.status_code == 201
    assert len(Appeal.objects.get().contact_name) == 50


@pytest.mark.parametrize("url", [
    f"{BASE}/requests.json?service_code=%00", f"{BASE}/requests.json?service_request_id=YSS%00",
    f"{BASE}/requests/YSS%00.json", f"{BASE}/services/no%00ise.json",
    f"{BASE}/requests.json?start_date=9999-12-31&end_date=9999-12-31",
])
def test_open311_odd_parameters_answer_400_or_404_in_spec_format(client, categories, url):
    response = client.get(url)
    body = response.json()
    assert response.status_code in (400, 404) and body[0]["code"] == response.status_code


def test_open311_end_date_as_a_plain_date_includes_that_whole_day(client, people, categories):
    appeal = submit(people["resident"], category=categories["noise"])
    day = timezone.localtime(appeal.created_at).date().isoformat()
    body = client.get(f"{BASE}/requests.json?start_date={day}&end_date={day}").json()
    assert [r["service_request_id"] for r in body] == [appeal.number]


@pytest.mark.parametrize("lat, lng", [("95", "119"), ("26", "200")])
def test_api_submission_with_coordinates_out_of_range_is_400(api_client, people, lat, lng):
    api_client.force_authenticate(people["resident"])
    response = api_client.post("/api/v1/appeals/", {"text": "路灯坏了", "latitude": lat, "longitude": lng},
                               format="json")
    assert response.status_code == 400 and set(response.json()["errors"]) & {"latitude", "longitude"}
    assert not Appeal.objects.exists()
