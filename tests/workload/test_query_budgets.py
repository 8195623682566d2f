"""Lists cost the same few queries at 1 row and at 50."""

import pytest
from django.urls import reverse

from tests.workload.conftest import file, make_task
from workload import services
from workload.models import TaskList

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 50])
def test_task_list_page_and_api(client, api_client, people, territory, departments, count,
                                django_assert_max_num_queries):
    for n in range(count):
        make_task(f"T{n:03d}", task_list=TaskList.ASSISTING, department=departments["cg"],
                  communities=[territory["a1"]] if n % 2 else ())
    client.force_login(people["community_a1"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workload:tasks"))
    assert response.status_code == 200 and response.content.decode().count("/workload/tasks/") >= count
    api_client.force_authenticate(people["street_a"])
    with django_assert_max_num_queries(8):
        response = api_client.get("/api/v1/workload/tasks/")
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 50])
def test_application_lists(client, api_client, people, territory, count, django_assert_max_num_queries):
    for n in range(count):
        file(people["cg"], title=f"申请{n}", communities=[territory["a1"]])
    client.force_login(people["cg"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workload:applications"))
    assert response.content.decode().count("/workload/applications/") >= count
    api_client.force_authenticate(people["district"])
    with django_assert_max_num_queries(10):
        response = api_client.get("/api/v1/workload/applications/")
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 50])
def test_refusals_ledgers_and_overview(client, people, territory, departments, today, count,
                                       django_assert_max_num_queries):
    for n in range(count):
        services.refusal_record(actor=people["community_a1"], community=territory["a1"], department=departments["tj"],
                                what=f"下派{n}", pushed_on=today, channel="chat")
        services.ledger_add(actor=people["community_a1"], community=territory["a1"], name=f"台账{n}")
    client.force_login(people["street_a"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("workload:refusals")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("workload:ledgers")).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(reverse("workload:overview")).status_code == 200
