"""The canteen's pages for each role: what opens, what is refused (with the reason), what a form does."""

import datetime

import pytest
from django.utils import timezone

from canteen import services
from canteen.models import Order, OrderStatus
from tests import factories

from . import factories as cf

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_elder_sees_the_week_and_orders_for_herself(client, world, meal):
    page = login(client, world["elder_user"]).get("/canteen/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "红烧肉套餐" in html and "林先生" in html  # her household member is offered too
    response = client.post("/canteen/", {"action": "order", "meal": meal.pk, "resident": world["elder"].pk,
                                         "dish": meal.dishes.last().pk, "fulfilment": "pick_up", "note": "少盐"})
    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.dish.name, order.fulfilment, order.note, str(order.subsidy)) == ("软食套餐", "pick_up", "少盐", "5.00")
    assert "我的订餐" in client.get("/me/mine/").content.decode()


def test_resident_cannot_name_someone_outside_the_household(client, world, meal):
    response = login(client, world["neighbour_user"]).post("/canteen/", {
        "action": "order", "meal": meal.pk, "resident": world["elder"].pk, "dish": meal.dishes.first().pk,
        "fulfilment": "dine_in"})
    assert response.status_code == 400 and not Order.objects.exists()


def test_order_refused_after_cutoff_shows_the_reason(client, world, time_machine):
    meal = cf.meal(world["canteen"], day=timezone.localdate() + datetime.timedelta(days=1))
    time_machine.move_to(services.cutoff_of(world["canteen"], meal.date) + datetime.timedelta(minutes=5))
    response = login(client, world["elder_user"]).post("/canteen/", {
        "action": "order", "meal": meal.pk, "resident": world["elder"].pk, "dish": meal.dishes.first().pk,
        "fulfilment": "dine_in"})
    assert response.status_code == 409  # the clock refuses it, not the input
    assert "已过订餐截止时间" in response.content.decode()


def test_resident_cancels_her_order_from_the_page(client, world, meal):
    order = services.order_place(meal=meal, resident=world["elder"], actor=world["elder_user"],
                                 fulfilment="dine_in", dish=meal.dishes.first())
    response = login(client, world["elder_user"]).post("/canteen/", {"action": "cancel", "order": order.pk})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    # someone else's order id is not found
    other = services.order_place(meal=meal, resident=world["neighbour"], actor=world["neighbour_user"],
                                 fulfilment="dine_in", dish=meal.dishes.first())
    assert client.post("/canteen/", {"action": "cancel", "order": other.pk}).status_code == 404


def test_resident_without_a_canteen_is_told_why(client, db):
    page = login(client, factories.resident()).get("/canteen/")
    assert page.status_code == 200 and "暂未开通长者食堂" in page.content.decode()


def test_grid_worker_orders_for_an_elder_of_the_grid(client, world, meal):
    page = login(client, world["g1_worker"]).get("/canteen/")
    assert "林阿姨" in page.content.decode() and "黄奶奶" not in page.content.decode()  # 黄奶奶 lives in g2
    response = client.post("/canteen/", {"action": "order", "meal": meal.pk, "resident": world["elder"].pk,
                                         "dish": meal.dishes.first().pk, "fulfilment": "delivery"})
    assert response.status_code == 302 and Order.objects.get().placed_by == world["g1_worker"]


@pytest.mark.parametrize(("url", "actor", "status", "text"), [
    ("/canteen/plan/", "admin", 200, "菜单编排"),
    ("/canteen/plan/", "window", 403, "只有本社区及上级管理员可以管理长者食堂。"),
    ("/canteen/plan/", "elder_user", 403, "只有本社区长者食堂的工作人员可以进行此操作。"),
    ("/canteen/kitchen/", "window", 200, "备餐数量"),
    ("/canteen/kitchen/", "g1_worker", 403, "只有本社区长者食堂的工作人员可以进行此操作。"),
    ("/canteen/counter/", "window", 200, "就餐登记"),
    ("/canteen/counter/", "street_admin", 200, "就餐登记"),
    ("/canteen/deliveries/", "g1_worker", 200, "今日送餐"),
    ("/canteen/deliveries/", "elder_user", 403, "送餐任务仅供网格员和食堂工作人员查看。"),
    ("/canteen/statement/", "admin", 200, "助餐补贴月度结算"),
    ("/canteen/statement/", "window", 403, "只有本社区及上级管理员可以管理长者食堂。"),
])
def test_pages_by_role(client, world, url, actor, status, text):
    response = login(client, world[actor]).get(url)
    assert response.status_code == status
    assert text in response.content.decode()


def test_staff_of_another_community_do_not_find_the_canteen(client, world):
    canteen = world["canteen"].pk
    assert login(client, world["a2_admin"]).get(f"/canteen/plan/?canteen={canteen}").status_code == 404
    assert client.get(f"/canteen/statement/?community={world['a1'].pk}").status_code == 404


def test_admin_plans_and_publishes_a_week(client, world):
    day = timezone.localdate() + datetime.timedelta(days=2)
    login(client, world["admin"])
    response = client.post("/canteen/plan/", {
        "action": "save", "start": f"{day:%Y-%m-%d}", "meal-date": f"{day:%Y-%m-%d}", "meal-sitting": "lunch",
        "meal-price": "10", "meal-capacity": "40", "meal-dishes": "红烧肉套餐：青菜\n软食套餐"})
    assert response.status_code == 302
    edit = client.post("/canteen/plan/", {
        "action": "save", "start": f"{day:%Y-%m-%d}", "meal-date": f"{day:%Y-%m-%d}", "meal-sitting": "lunch",
        "meal-price": "9", "meal-capacity": "40", "meal-dishes": "红烧肉套餐：青菜\n软食套餐"})
    assert edit.status_code == 302 and str(world["canteen"].meals.get().price) == "9.00"
    bad = client.post("/canteen/plan/", {"action": "save", "meal-date": "x", "meal-sitting": "lunch",
                                         "meal-price": "-1", "meal-capacity": "0", "meal-dishes": ""})
    assert bad.status_code == 400  # the form comes back with what was typed and the errors beside it
    assert "is-invalid" in bad.content.decode()
    client.post("/canteen/plan/", {"action": "publish_week", "start": f"{day:%Y-%m-%d}"})
    meal = world["canteen"].meals.get()
    assert meal.status == "published" and meal.dishes.count() == 2
    client.post("/canteen/plan/", {"action": "cancel", "meal": meal.pk, "cancel-reason": "停电"})
    meal.refresh_from_db()
    assert meal.status == "cancelled" and meal.cancel_reason == "停电"
    frozen = client.post("/canteen/plan/", {
        "action": "save", "start": f"{day:%Y-%m-%d}", "meal-date": f"{day:%Y-%m-%d}", "meal-sitting": "lunch",
        "meal-price": "9", "meal-capacity": "40", "meal-dishes": "别的菜"})
    assert frozen.status_code == 409 and "不能再修改" in frozen.content.decode()


def test_counter_serves_plans_a_round_and_the_worker_delivers(client, world):
    meal = cf.meal(world["canteen"], day=timezone.localdate())
    early = timezone.make_aware(datetime.datetime.combine(meal.date, datetime.time(7)))
    eat = services.order_place(meal=meal, resident=world["son"], actor=world["admin"], fulfilment="dine_in",
                               dish=meal.dishes.first(), now=early)
    home = services.order_place(meal=meal, resident=world["elder"], actor=world["admin"], fulfilment="delivery",
                                dish=meal.dishes.first(), now=early)
    login(client, world["window"])
    page = client.get("/canteen/counter/").content.decode()
    assert "待安排的送餐" in page and "林先生" in page
    client.post("/canteen/counter/", {"action": "serve", "order": eat.pk})
    client.post("/canteen/counter/", {"action": "round", "sitting": "lunch", "worker": world["g1_worker"].pk})
    eat.refresh_from_db()
    home.refresh_from_db()
    assert eat.status == OrderStatus.SERVED and home.status == OrderStatus.ASSIGNED
    login(client, world["g1_worker"])
    assert "林阿姨" in client.get("/canteen/deliveries/").content.decode()
    client.post("/canteen/deliveries/", {"action": "deliver", "order": home.pk})
    home.refresh_from_db()
    assert home.status == OrderStatus.DELIVERED
    login(client, world["g2_worker"])
    assert client.post("/canteen/deliveries/", {"action": "deliver", "order": home.pk}).status_code == 404


def test_statement_xlsx_download(client, world):
    response = login(client, world["admin"]).get(f"/canteen/statement.xlsx?month={timezone.localdate():%Y-%m}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


@pytest.mark.parametrize("rows", [1, 50])
def test_counter_and_kitchen_query_budgets(client, world, rows, django_assert_max_num_queries):
    meal = cf.meal(world["canteen"], day=timezone.localdate(), capacity=100)
    people = [cf.person(cf.household(world["b_g1"]), name=f"老人{n}") for n in range(rows)]
    Order.objects.bulk_create([Order(meal=meal, dish=meal.dishes.first(), resident=p, placed_by=world["admin"],
                                     community=world["a1"], grid=world["g1"], fulfilment="dine_in", price=10,
                                     subsidy=3) for p in people])
    login(client, world["window"])
    with django_assert_max_num_queries(25):
        assert client.get("/canteen/counter/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/canteen/kitchen/").status_code == 200
