"""Review fixes: the shared 403 page with the reason, ids in the query string that are not ids,
and the hand-off to appeals shown on the visit page."""

import pytest
from django.urls import reverse

from appeals.services import appeal_create_on_behalf
from grid.services import visit_log

pytestmark = pytest.mark.django_db


def _names(response):
    return [t.name for t in response.templates]


@pytest.mark.parametrize(("who", "url_name", "message"), [
    ("window", "grid:due", "窗口人员不能查看住户档案"),
    ("resident_user", "grid:household_list", "住户档案仅供网格员和社区管理员使用"),
    ("street_a", "grid:household_create", "您没有修改住户档案的权限"),
    ("street_a", "grid:visit_create", "只有网格员和社区管理员可以登记走访"),
    ("worker1", "grid:policy", "只有社区管理员可以修改本社区的走访频次"),
    ("worker1", "grid:import_upload", "只有社区管理员可以导入住户档案"),
])
def test_refusals_use_the_shared_403_page_with_the_reason(client, reg, who, url_name, message):
    client.force_login(reg[who])
    response = client.get(reverse(url_name))
    assert response.status_code == 403
    assert "errors/403.html" in _names(response) and "grid/forbidden.html" not in _names(response)
    assert message in response.content.decode()


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


def test_visit_page_links_to_appeals_and_services_and_lists_the_appeal_raised_from_it(client, reg):
    visit, _ = visit_log(actor=reg["worker1"], household=reg["h1"], met_residents=[reg["r1"]],
                         needs="楼道灯坏了")
    client.force_login(reg["worker1"])
    page = client.get(reverse("grid:visit_detail", args=[visit.pk])).content.decode()
    assert f'{reverse("appeals:staff_create")}?building={reg["b_g1"].pk}&amp;visit={visit.pk}' in page
    assert f'{reverse("services:request_create_for_resident")}?resident={reg["r1"].pk}&amp;visit={visit.pk}' in page
    assert "由本次走访提交的诉求" not in page

    appeal = appeal_create_on_behalf(actor=reg["worker1"], channel="visit", text="楼道灯坏了，老人晚上看不见",
                                     registry_resident=reg["r1"], source_visit=visit)
    assert list(visit.appeals.all()) == [appeal]
    page = client.get(reverse("grid:visit_detail", args=[visit.pk])).content.decode()
    assert "由本次走访提交的诉求" in page
    assert f'<a href="{reverse("appeals:detail", args=[appeal.pk])}">{appeal.number}</a>' in page
    # the hand-off link works for the worker: the appeals page opens with the visit's context
    form = client.get(reverse("appeals:staff_create"), {"building": reg["b_g1"].pk, "visit": visit.pk,
                                                        "resident": reg["r1"].pk, "channel": "visit"})
    assert form.status_code == 200 and "楼道灯坏了" in form.content.decode()


def test_revealing_a_field_that_is_empty_writes_no_log_row(client, reg):
    from grid.models import AccessLog

    reg["r2"].phone = ""
    reg["r2"].save()
    client.force_login(reg["worker2"])
    response = client.post(reverse("grid:reveal", args=[reg["r2"].pk, "phone"]), {"reason": "核对联系方式"})
    assert response.status_code == 200 and "该居民没有登记这一项" in response.content.decode()
    assert not AccessLog.objects.exists()


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


def test_full_values_are_never_cached(client, reg):
    client.force_login(reg["worker1"])
    reveal = client.post(reverse("grid:reveal", args=[reg["r1"].pk, "phone"]), {"reason": "联系家属"})
    assert "13912345678" in reveal.content.decode() and "no-store" in reveal["Cache-Control"]
    export = client.post(reverse("grid:export"), {"reason": "年度核对"})
    assert export.status_code == 200 and "no-store" in export["Cache-Control"]


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
    assert response.status_code == 400 and "latitude" in response.json()["errors"]
    assert not reg["h1"].visits.exists()
