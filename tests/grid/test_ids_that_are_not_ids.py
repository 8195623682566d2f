"""Ids in query strings and API filters that are not ids, and positions off the globe: ignored,
404, 400 or a field error, never a 500."""

import pytest
from django.urls import reverse

from grid.services import visit_log

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("building", ["abc", "99999999999999999999", "-1", " "])
def test_household_list_ignores_a_building_that_is_not_an_id(client, reg, building):
    client.force_login(reg["worker1"])
    response = client.get(reverse("grid:household_list"), {"building": building})
    assert response.status_code == 200 and "101" in response.content.decode()


@pytest.mark.parametrize("household", ["abc", "99999999999999999999", "1.5"])
def test_visit_form_answers_404_for_a_household_that_is_not_an_id(client, reg, household):
    client.force_login(reg["worker1"])
    assert client.get(reverse("grid:visit_create"), {"household": household}).status_code == 404


def test_visit_page_ignores_a_resident_that_is_not_an_id(client, reg):
    visit, _ = visit_log(actor=reg["worker1"], household=reg["h1"])
    client.force_login(reg["worker1"])
    response = client.get(reverse("grid:visit_detail", args=[visit.pk]), {"resident": "99999999999999999999"})
    assert response.status_code == 200 and response.context["selected_resident"] == reg["r1"]


@pytest.mark.parametrize("url", ["/api/v1/households/?grid=abc", "/api/v1/residents/?grid=2.5"])
def test_api_grid_filter_that_is_not_an_id_is_a_400(api_client, reg, url):
    api_client.force_authenticate(reg["worker1"])
    response = api_client.get(url)
    assert response.status_code == 400 and "grid" in response.json()["errors"]


@pytest.mark.parametrize("url", ["/api/v1/households/?grid=99999999999999999999",
                                 "/api/v1/residents/?grid=99999999999999999999"])
def test_api_grid_id_no_row_can_have_is_an_empty_list_not_an_overflow(api_client, reg, url):
    api_client.force_authenticate(reg["worker1"])
    response = api_client.get(url)
    assert response.status_code == 200 and response.json()["results"] == []


@pytest.mark.parametrize(("latitude", "longitude"), [(999, 119.3), (26.05, -200), (26.05, None)])
def test_visit_position_off_the_globe_or_half_given_is_a_field_error(api_client, reg, latitude, longitude):
    api_client.force_authenticate(reg["worker1"])
    body = {"household": reg["h1"].pk, "latitude": latitude, "longitude": longitude}
    response = api_client.post("/api/v1/visits/", body, format="json")
    assert response.status_code == 400 and {"latitude", "longitude"} & set(response.json()["errors"])
    assert not reg["h1"].visits.exists()
