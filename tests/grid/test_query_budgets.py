"""Query budgets of the residents API, the visit form and the visit page, at 1 row and at 50."""

import pytest
from django.urls import reverse

from appeals.services import appeal_create_on_behalf
from grid.services import visit_log

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 50])
def test_residents_api_query_budget(api_client, reg, django_assert_max_num_queries, count):
    from grid.models import Tag
    from tests.grid.factories import ResidentFactory

    tag = Tag.objects.first()
    for i in range(count - 1):
        ResidentFactory(household=reg["h1"], name=f"居民{i}").tags.add(tag)
    api_client.force_authenticate(reg["worker1"])
    with django_assert_max_num_queries(6):
        body = api_client.get("/api/v1/residents/").json()
    assert body["count"] == count
    assert all("*" in row["masked_phone"] for row in body["results"] if row["masked_phone"])


@pytest.mark.parametrize("count", [1, 50])
def test_visit_form_and_visit_page_query_budget(client, reg, django_assert_max_num_queries, count):
    from tests.grid.factories import HouseholdFactory, ResidentFactory

    for i in range(count - 1):
        ResidentFactory(household=HouseholdFactory(building=reg["b_g1"], door_number=f"8{i:02d}"))
    visit, _ = visit_log(actor=reg["worker1"], household=reg["h1"], met_residents=[reg["r1"]])
    for _ in range(min(count, 10) - 1):  # a few appeals are enough to show the list costs no extra query
        appeal_create_on_behalf(actor=reg["worker1"], channel="visit", text="楼道灯坏了", source_visit=visit)
    client.force_login(reg["worker1"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("grid:visit_create")).status_code == 200
    with django_assert_max_num_queries(16):
        page = client.get(reverse("grid:visit_detail", args=[visit.pk]))
    assert page.status_code == 200
    assert len(page.context["follow_ups"][0][1] if count > 1 else []) == min(count, 10) - 1
