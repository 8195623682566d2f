"""Menus (save, publish, cancel with notice), the counter, delivery rounds, counts, statement, figures."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from canteen import figures, selectors, services
from canteen.models import DeliveryRound, Meal, MealChange, MealStatus, OrderStatus
from taijiang.core.exceptions import DomainError, InvalidTransition, NotAllowed
from taijiang.notifications.models import Notification

from . import factories as cf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
EARLY = lambda day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 0)))  # noqa: E731


def order(world, meal, who, actor="admin", fulfilment="dine_in", dish=0):
    return services.order_place(meal=meal, resident=world[who], actor=world[actor], fulfilment=fulfilment,
                                dish=list(meal.dishes.all())[dish], now=EARLY(meal.date))


# --- menus --------------------------------------------------------------------------------

def test_admin_drafts_and_publishes_a_meal_and_it_is_then_frozen(world):
    day = TODAY() + datetime.timedelta(days=3)
    meal = services.meal_save(canteen=world["canteen"], actor=world["admin"], date=day, sitting="lunch",
                              price=Decimal("10"), capacity=40, dishes=["红烧肉套餐：青菜、汤", "", "软食套餐"])
    assert [(d.name, d.description) for d in meal.dishes.all()] == [("红烧肉套餐", "青菜、汤"), ("软食套餐", "")]
    services.meal_publish(meal=meal, actor=world["admin"])
    assert list(MealChange.objects.filter(meal=meal).values_list("from_status", "to_status")) == [
        ("", "draft"), ("draft", "published")]
    with pytest.raises(InvalidTransition, match="不能再修改"):
        services.meal_save(canteen=world["canteen"], actor=world["admin"], date=day, sitting="lunch",
                           price=Decimal("12"), capacity=40, dishes=["换菜"], meal=meal)
    with pytest.raises(InvalidTransition):
        services.meal_publish(meal=meal, actor=world["admin"])


@pytest.mark.parametrize("actor", ["window", "g1_worker", "a2_admin", "elder_user"])
def test_only_admins_in_scope_plan_menus(world, actor):
    with pytest.raises(NotAllowed) as refused:
        services.meal_save(canteen=world["canteen"], actor=world[actor], date=TODAY(), sitting="lunch",
                           price=Decimal("10"), capacity=10, dishes=["套餐"])
    assert str(refused.value.message) == "只有本社区及上级管理员可以管理长者食堂。"


def test_menu_input_is_checked(world):
    save = lambda **kw: services.meal_save(canteen=world["canteen"], actor=world["admin"], **{  # noqa: E731
        "date": TODAY(), "sitting": "lunch", "price": Decimal("10"), "capacity": 10, "dishes": ["套餐"], **kw})
    with pytest.raises(DomainError, match="至少填写一个菜品"):
        save(dishes=["", "  "])
    with pytest.raises(DomainError, match="重复"):
        save(dishes=["鱼", "鱼"])
    with pytest.raises(DomainError, match="过去的日期"):
        save(date=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="不能为负数"):
        save(price=Decimal("-1"))
    save()
    with pytest.raises(DomainError, match="已有菜单"):
        save()


def test_publishing_too_far_ahead_is_refused(world, settings):
    settings.CANTEEN_MENU_DAYS_AHEAD = 7
    meal = cf.meal(world["canteen"], day=TODAY() + datetime.timedelta(days=8), status="draft")
    with pytest.raises(DomainError, match="最多提前 7 天"):
        services.meal_publish(meal=meal, actor=world["admin"])


def test_cancelling_a_meal_cancels_its_orders_and_tells_everyone(world, meal):
    first = order(world, meal, "elder", actor="son_user")
    order(world, meal, "g2_elder")
    assert services.meal_cancel(meal=meal, actor=world["admin"], reason="停水") == 2
    first.refresh_from_db()
    assert first.status == OrderStatus.CANCELLED and first.cancel_reason == "停水"
    told = set(Notification.objects.filter(event="canteen.meal_cancelled").values_list("recipient__username",
                                                                                       flat=True))
    assert told == {world["son_user"].username, world["elder_user"].username, world["admin"].username}
    with pytest.raises(DomainError, match="取消原因"):
        services.meal_cancel(meal=cf.meal(world["canteen"], sitting="supper"), actor=world["admin"], reason=" ")


# --- the counter and rounds -----------------------------------------------------------------

@pytest.fixture
def today_meal(world):
    return cf.meal(world["canteen"], day=TODAY())


def test_counter_serves_and_marks_no_show_and_refuses_twice(world, today_meal):
    eaten = order(world, today_meal, "elder")
    absent = order(world, today_meal, "son")
    services.order_serve(order=eaten, actor=world["window"])
    with pytest.raises(InvalidTransition, match="不能登记就餐"):
        services.order_serve(order=eaten, actor=world["window"])
    services.order_no_show(order=absent, actor=world["window"])
    with pytest.raises(InvalidTransition):
        services.order_serve(order=absent, actor=world["window"])
    with pytest.raises(NotAllowed, match="本社区长者食堂的工作人员"):
        services.order_serve(order=order(world, today_meal, "g2_elder"), actor=world["g1_worker"])


def test_future_meal_cannot_be_served_and_delivery_is_not_served_at_the_counter(world, meal, today_meal):
    with pytest.raises(DomainError, match="还未到就餐日期"):
        services.order_serve(order=order(world, meal, "elder"), actor=world["window"])
    with pytest.raises(DomainError, match="送餐路线"):
        services.order_serve(order=order(world, today_meal, "elder", fulfilment="delivery"), actor=world["window"])


def test_round_takes_the_open_deliveries_and_the_grid_worker_marks_them_delivered(world, today_meal):
    one = order(world, today_meal, "elder", fulfilment="delivery")
    two = order(world, today_meal, "g2_elder", fulfilment="delivery")
    order(world, today_meal, "son")  # dine-in: not on the round
    delivery_round = services.round_plan(canteen=world["canteen"], date=TODAY(), sitting="lunch",
                                         actor=world["window"], worker=world["g1_worker"])
    assert set(delivery_round.orders.values_list("pk", flat=True)) == {one.pk, two.pk}
    assert Notification.objects.filter(recipient=world["g1_worker"], event="canteen.delivery_assigned").exists()
    with pytest.raises(DomainError, match="没有待安排"):
        services.round_plan(canteen=world["canteen"], date=TODAY(), sitting="lunch", actor=world["window"],
                            volunteer_name="志愿者小李")
    with pytest.raises(NotAllowed, match="送餐人或食堂工作人员"):
        services.round_mark_delivered(order=one, actor=world["g2_worker"])
    services.round_mark_delivered(order=one, actor=world["g1_worker"])
    with pytest.raises(InvalidTransition, match="不能标记送达"):
        services.round_mark_delivered(order=one, actor=world["g1_worker"])
    services.order_no_show(order=two, actor=world["g1_worker"], note="无人应门")
    assert [o.status for o in delivery_round.orders.order_by("pk")] == [OrderStatus.DELIVERED, OrderStatus.NO_SHOW]


def test_round_courier_must_be_a_grid_worker_of_the_community_or_a_named_volunteer(world, today_meal):
    order(world, today_meal, "elder", fulfilment="delivery")
    plan = lambda **kw: services.round_plan(canteen=world["canteen"], date=TODAY(), sitting="lunch",  # noqa: E731
                                            actor=world["window"], **kw)
    with pytest.raises(DomainError, match="本社区的网格员"):
        plan(worker=world["a2_worker"])
    with pytest.raises(DomainError, match="志愿者姓名"):
        plan()
    with pytest.raises(NotAllowed):
        services.round_plan(canteen=world["canteen"], date=TODAY(), sitting="lunch", actor=world["a2_admin"],
                            volunteer_name="x")
    assert plan(volunteer_name="志愿者小李").courier == "志愿者小李"
    assert DeliveryRound.objects.count() == 1


# --- counts, statement, figures --------------------------------------------------------------

def test_kitchen_counts_by_fulfilment_and_dish(world, today_meal, django_assert_num_queries):
    order(world, today_meal, "elder", fulfilment="delivery", dish=1)
    order(world, today_meal, "son", dish=0)
    order(world, today_meal, "neighbour", fulfilment="pick_up", dish=0)
    cancelled = order(world, today_meal, "g2_elder", dish=1)
    services.order_cancel(order=cancelled, actor=world["admin"], reason="改天")
    with django_assert_num_queries(3):  # meals, their dishes, the grouped orders
        (counts,) = selectors.kitchen_counts(world["canteen"], TODAY())
    assert (counts.dine_in, counts.pick_up, counts.delivery, counts.total) == (1, 1, 1, 3)
    assert [(d.name, d.dine_in, d.pick_up, d.delivery, d.total) for d in counts.dishes] == [
        ("红烧肉套餐", 1, 1, 0, 2), ("软食套餐", 0, 0, 1, 1)]


def _eaten_month(world):
    """Two served meals for the elder (80+, ¥5), one for the 低保 elder (¥8), one no-show, one cancelled."""
    day = TODAY()
    lunch = cf.meal(world["canteen"], day=day)
    supper = cf.meal(world["canteen"], day=day, sitting="supper", price="12.00")
    for meal, who in [(lunch, "elder"), (supper, "elder"), (lunch, "g2_elder")]:
        services.order_serve(order=order(world, meal, who), actor=world["window"])
    services.order_no_show(order=order(world, supper, "g2_elder"), actor=world["window"])
    services.order_cancel(order=order(world, lunch, "son"), actor=world["admin"], reason="x")
    return day


def test_statement_totals_equal_the_served_orders(world, django_assert_num_queries):
    day = _eaten_month(world)
    with django_assert_num_queries(1):
        statement = selectors.subsidy_statement(world["a1"], day)
    rows = {row.name: (row.meals, row.price, row.subsidy, row.paid) for row in statement.rows}
    assert rows == {"林阿姨": (2, Decimal("22.00"), Decimal("10.00"), Decimal("12.00")),
                    "黄奶奶": (1, Decimal("10.00"), Decimal("8.00"), Decimal("2.00"))}
    assert (statement.meals, statement.price, statement.subsidy, statement.paid) == (
        3, Decimal("32.00"), Decimal("18.00"), Decimal("14.00"))
    assert selectors.subsidy_statement(world["a2"], day).rows == []
    next_month = (day.replace(day=1) + datetime.timedelta(days=32))
    assert selectors.subsidy_statement(world["a1"], next_month).rows == []


def test_statement_xlsx_has_a_row_per_resident_and_the_totals(world):
    from openpyxl import load_workbook

    day = _eaten_month(world)
    book = load_workbook(io.BytesIO(selectors.statement_xlsx(selectors.subsidy_statement(world["a1"], day))))
    rows = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert rows[0][:4] == ["社区", "甲一社区", "月份", f"{day:%Y-%m}"]
    assert rows[1][:3] == ["姓名", "住址", "就餐次数"]
    assert sorted(r[0] for r in rows[2:-1]) == ["林阿姨", "黄奶奶"]
    assert rows[-1] == ["合计", None, 3, 32, 18, 14]


def test_figures_per_community_in_one_query(world, django_assert_num_queries):
    day = _eaten_month(world)
    with django_assert_num_queries(1):
        result = figures.canteen_figures(date_from=day, date_to=day)
    a1 = result[world["a1"].pk]
    assert (a1.meals_served, a1.orders, a1.no_show, a1.subsidy) == (3, 4, 1, Decimal("18.00"))
    assert a1.by_fulfilment == {"dine_in": 4, "pick_up": 0, "delivery": 0}
    assert figures.canteen_figures(date_from=day, date_to=day, community_ids=[world["a2"].pk]) == {}
    assert figures.totals(result).meals_served == 3


def test_meal_status_cannot_go_back_to_draft():
    from canteen.workflow import MEAL_FLOW

    assert not MEAL_FLOW.can(MealStatus.PUBLISHED, MealStatus.DRAFT)
    assert not MEAL_FLOW.can(MealStatus.CANCELLED, MealStatus.PUBLISHED)
    assert Meal._meta.get_field("status").default == MealStatus.DRAFT
