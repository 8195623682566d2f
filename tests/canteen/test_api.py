"""The canteen API: menus and orders, every refusal with its status and reason, query budgets."""

import pytest
from rest_framework.test import APIClient

from canteen.models import Order

from . import factories as cf

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_menus_list_shows_published_meals_of_the_residents_canteen(world, meal):
    cf.meal(world["canteen"], sitting="supper", status="draft")
    body = client_for(world["elder_user"]).get("/api/v1/canteen/meals/").json()
    assert [m["id"] for m in body["results"]] == [meal.pk]
    assert body["results"][0]["taken"] == 0 and len(body["results"][0]["dishes"]) == 2
    assert client_for(world["a2_admin"]).get("/api/v1/canteen/meals/").json()["results"] == []
    assert client_for(world["elder_user"]).get("/api/v1/canteen/meals/?date_from=bad").status_code == 400
    empty = client_for(world["elder_user"]).get("/api/v1/canteen/meals/?date_to=")  # empty is malformed too
    assert empty.status_code == 400 and "date_to" in empty.json()["errors"]
    for bad in ("0", "-1", "abc", ""):
        response = client_for(world["elder_user"]).get(f"/api/v1/canteen/meals/?canteen={bad}")
        assert response.status_code == 400 and response.json()["errors"] == {"canteen": ["食堂编号无效。"]}
    assert client_for(world["elder_user"]).get("/api/v1/canteen/meals/?canteen=99999").json()["results"] == []
    assert APIClient().get("/api/v1/canteen/meals/").status_code in (401, 403)


def test_order_create_and_cancel(world, meal):
    client = client_for(world["son_user"])
    response = client.post("/api/v1/canteen/orders/", {
        "meal": meal.pk, "resident": world["elder"].pk, "dish": meal.dishes.first().pk, "fulfilment": "delivery"},
        format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["subsidy"], body["paid_by_resident"], body["status"]) == ("5.00", "5.00", "placed")
    again = client.post("/api/v1/canteen/orders/", {
        "meal": meal.pk, "resident": world["elder"].pk, "dish": meal.dishes.first().pk, "fulfilment": "dine_in"},
        format="json")
    assert again.status_code == 409 and "已订过" in again.json()["detail"]
    no_reason = client.post(f"/api/v1/canteen/orders/{body['id']}/cancel/", {}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["errors"] == {"reason": ["请填写取消原因。"]}
    cancelled = client.post(f"/api/v1/canteen/orders/{body['id']}/cancel/", {"reason": "临时外出"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    twice = client.post(f"/api/v1/canteen/orders/{body['id']}/cancel/", {"reason": "临时外出"}, format="json")
    assert twice.status_code == 409


@pytest.mark.parametrize(("actor", "who", "status", "text"), [
    ("neighbour_user", "elder", 404, "找不到该居民"),  # not in the neighbour's household: not even named
    ("g2_worker", "elder", 404, "找不到该居民"),
    ("a2_admin", "elder", 404, "找不到该餐次"),
])
def test_order_for_someone_out_of_reach_is_not_found(world, meal, actor, who, status, text):
    response = client_for(world[actor]).post("/api/v1/canteen/orders/", {
        "meal": meal.pk, "resident": world[who].pk, "dish": meal.dishes.first().pk, "fulfilment": "dine_in"},
        format="json")
    assert response.status_code == status and text in response.json()["detail"]


def test_bad_body_is_400_with_field_errors_and_full_meal_is_409(world):
    meal = cf.meal(world["canteen"], capacity=1)
    client = client_for(world["admin"])
    bad = client.post("/api/v1/canteen/orders/", {"meal": "x", "fulfilment": "boat"}, format="json")
    assert bad.status_code == 400 and {"meal", "resident", "fulfilment"} <= set(bad.json()["errors"])
    dish = meal.dishes.first().pk
    assert client.post("/api/v1/canteen/orders/", {"meal": meal.pk, "resident": world["elder"].pk, "dish": dish,
                                                   "fulfilment": "dine_in"}, format="json").status_code == 201
    full = client.post("/api/v1/canteen/orders/", {"meal": meal.pk, "resident": world["son"].pk, "dish": dish,
                                                   "fulfilment": "dine_in"}, format="json")
    assert full.status_code == 409 and "已订满" in full.json()["detail"]


def test_staff_cancelling_without_reason_is_400_and_a_window_of_another_community_sees_nothing(world, meal):
    from canteen import services

    order = services.order_place(meal=meal, resident=world["elder"], actor=world["elder_user"], fulfilment="dine_in",
                                 dish=meal.dishes.first())
    response = client_for(world["admin"]).post(f"/api/v1/canteen/orders/{order.pk}/cancel/", {}, format="json")
    assert response.status_code == 400 and response.json()["errors"] == {"reason": ["请填写取消原因。"]}
    assert client_for(world["a2_admin"]).get(f"/api/v1/canteen/orders/{order.pk}/").status_code == 404
    assert client_for(world["neighbour_user"]).post(f"/api/v1/canteen/orders/{order.pk}/cancel/").status_code == 404


def test_grid_worker_of_another_grid_placing_through_the_service_gets_403_reason(world, meal):
    """The API names only residents in reach; the page and service refuse with the reason (403)."""
    from canteen import services
    from taijiang.core.exceptions import NotAllowed

    with pytest.raises(NotAllowed) as refused:
        services.order_place(meal=meal, resident=world["elder"], actor=world["g2_worker"], fulfilment="dine_in",
                             dish=meal.dishes.first())
    assert refused.value.status_code == 403


@pytest.mark.parametrize("rows", [1, 50])
def test_order_list_query_budget(world, rows, django_assert_max_num_queries):
    from tests.canteen.factories import household, person

    meal = cf.meal(world["canteen"], capacity=100)
    people = [person(household(world["b_g1"]), name=f"老人{n}") for n in range(rows)]
    Order.objects.bulk_create([Order(meal=meal, dish=meal.dishes.first(), resident=p, placed_by=world["admin"],
                                     community=world["a1"], grid=world["g1"], fulfilment="dine_in", price=10,
                                     subsidy=3) for p in people])
    client = client_for(world["admin"])
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/canteen/orders/").json()
    assert len(body["results"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_menu_list_query_budget(world, rows, django_assert_max_num_queries):
    import datetime

    from django.utils import timezone

    start = timezone.localdate()
    for n in range(rows):
        cf.meal(world["canteen"], day=start + datetime.timedelta(days=n // 2), sitting=("lunch", "supper")[n % 2])
    with django_assert_max_num_queries(8):
        body = client_for(world["elder_user"]).get("/api/v1/canteen/meals/").json()
    assert len(body["results"]) == rows


def test_a_dish_of_another_meal_is_unknown_to_this_order(world, meal):
    other = cf.meal(world["canteen"], day=meal.date, sitting="supper")
    response = client_for(world["admin"]).post("/api/v1/canteen/orders/", {
        "meal": meal.pk, "resident": world["elder"].pk, "dish": other.dishes.first().pk, "fulfilment": "dine_in"},
        format="json")
    assert response.status_code == 404 and response.json()["detail"] == "找不到该菜品。"
