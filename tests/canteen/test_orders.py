"""Placing and cancelling orders: who may order for whom, cut-off, capacity, one order per meal."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from canteen import services
from canteen.models import Order, OrderChange, OrderStatus
from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition, NotAllowed
from taijiang.notifications.models import Notification
from tests import factories

from . import factories as cf

pytestmark = pytest.mark.django_db


def place(world, meal, who, actor, fulfilment="dine_in", **kwargs):
    if "dish" not in kwargs:
        kwargs["dish"] = meal.dishes.first()
    return services.order_place(meal=meal, resident=world[who], actor=world[actor], fulfilment=fulfilment, **kwargs)


def test_elder_orders_for_herself_with_the_subsidy_frozen_and_is_told(world, meal):
    order = place(world, meal, "elder", "elder_user")
    assert (order.price, order.subsidy, order.paid_by_resident) == (Decimal("10.00"), Decimal("5.00"), Decimal("5.00"))
    assert order.subsidy_tier == "80岁及以上高龄老人" and order.age == 82
    assert order.dish.name == "红烧肉套餐"
    assert order.community == world["a1"] and order.grid == world["g1"]
    assert list(OrderChange.objects.filter(order=order).values_list("to_status", flat=True)) == ["placed"]
    note = Notification.objects.get(recipient=world["elder_user"], event="canteen.order_confirmed")
    assert "自付 5.00 元" in note.body
    # The register changes later; the order keeps what it was placed with.
    world["elder"].tags.set([])
    world["elder"].birth_date = datetime.date(1990, 1, 1)
    world["elder"].save()
    order.refresh_from_db()
    assert order.subsidy == Decimal("5.00")


def test_family_member_of_the_same_household_may_order_and_both_are_told(world, meal):
    order = place(world, meal, "elder", "son_user")
    assert order.placed_by == world["son_user"]
    assert Notification.objects.filter(event="canteen.order_confirmed").count() == 2


@pytest.mark.parametrize(("who", "actor", "message"), [
    ("elder", "neighbour_user", "只能为本人或同户登记的家人订餐。"),
    ("elder", "g2_worker", "只能为本人负责网格内的居民订餐。"),
    ("elder", "a2_worker", "只能为本人负责网格内的居民订餐。"),
    ("elder", "a2_admin", "只能为本社区长者食堂订餐。"),
    ("elder", "b_street_admin", "只能为本社区长者食堂订餐。"),
])
def test_who_may_not_order_for_whom(world, meal, who, actor, message):
    with pytest.raises(NotAllowed) as refused:
        place(world, meal, who, actor)
    assert str(refused.value.message) == message
    assert not Order.objects.exists()


@pytest.mark.parametrize("actor", ["g1_worker", "admin", "window", "street_admin"])
def test_grid_worker_of_the_grid_and_canteen_staff_may_order(world, meal, actor):
    assert place(world, meal, "elder", actor).placed_by == world[actor]


def test_resident_account_without_a_register_entry_is_told_why(world, meal):
    stranger = factories.resident()
    with pytest.raises(NotAllowed, match="尚未关联居民登记信息"):
        services.order_place(meal=meal, resident=world["elder"], actor=stranger, fulfilment="dine_in")


def test_resident_of_another_community_is_refused(world, meal):
    with pytest.raises(DomainError, match="不是本社区居民"):
        place(world, meal, "other_elder", "admin")


def test_moved_out_resident_is_refused(world, meal):
    world["g2_elder"].status = "moved_out"
    world["g2_elder"].save()
    with pytest.raises(DomainError, match="不是在册居民"):
        place(world, meal, "g2_elder", "admin")


def test_orders_close_at_the_cutoff(world, meal, settings):
    cutoff = services.cutoff_of(world["canteen"], meal.date)
    assert timezone.localtime(cutoff).time() == datetime.time(9, 30) and timezone.localtime(cutoff).date() == meal.date
    place(world, meal, "elder", "elder_user", now=cutoff)  # the minute itself is still open
    with pytest.raises(DomainError, match="已过订餐截止时间"):
        place(world, meal, "son", "son_user", now=cutoff + datetime.timedelta(seconds=1))


def test_the_day_before_cutoff_from_the_canteen_or_the_setting(world, meal, settings):
    settings.CANTEEN_CUTOFF_DAYS_BEFORE = 1
    settings.CANTEEN_ORDER_CUTOFF = "17:00"
    at = timezone.localtime(services.cutoff_of(world["canteen"], meal.date))
    assert (at.date(), at.time()) == (meal.date - datetime.timedelta(days=1), datetime.time(17, 0))
    world["canteen"].cutoff_time, world["canteen"].cutoff_days_before = datetime.time(10, 0), 0
    at = timezone.localtime(services.cutoff_of(world["canteen"], meal.date))
    assert (at.date(), at.time()) == (meal.date, datetime.time(10, 0))


def test_capacity_is_never_exceeded(world):
    meal = cf.meal(world["canteen"], capacity=1)
    place(world, meal, "elder", "admin")
    with pytest.raises(Conflict, match="已订满"):
        place(world, meal, "son", "admin")


def test_a_cancelled_order_frees_its_place_and_the_resident_may_order_again(world):
    meal = cf.meal(world["canteen"], capacity=1)
    order = place(world, meal, "elder", "elder_user")
    services.order_cancel(order=order, actor=world["elder_user"])
    again = place(world, meal, "elder", "elder_user")
    assert again.pk != order.pk and Order.objects.filter(meal=meal).count() == 2


def test_second_order_for_the_same_resident_and_meal_is_refused(world, meal):
    place(world, meal, "elder", "elder_user")
    with pytest.raises(Conflict, match="已订过这一餐"):
        place(world, meal, "elder", "son_user")


def test_database_keeps_one_active_order_per_resident_and_meal(world, meal):
    order = place(world, meal, "elder", "elder_user")
    order.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        order.save()


@pytest.mark.parametrize(("fields", "constraint"), [
    ({"subsidy": Decimal("11.00")}, "order_subsidy_within_price"),
    ({"subsidy": Decimal("-1.00")}, "order_subsidy_not_negative"),
    ({"status": "assigned"}, "order_delivery_status_has_round"),
])
def test_database_refuses_impossible_orders(world, meal, fields, constraint):
    order = place(world, meal, "elder", "elder_user")
    for name, value in fields.items():
        setattr(order, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        order.save()


def test_draft_or_cancelled_meal_cannot_be_ordered(world):
    draft = cf.meal(world["canteen"], status="draft")
    with pytest.raises(Conflict, match="尚未发布或已取消"):
        place(world, draft, "elder", "elder_user")


def test_delivery_only_where_the_canteen_offers_it_and_the_dish_must_be_the_meals(world, meal):
    other = cf.meal(world["canteen"], sitting="supper", dishes=["鱼"])
    with pytest.raises(DomainError, match="不属于该餐次"):
        place(world, meal, "elder", "elder_user", dish=other.dishes.get())
    world["canteen"].offers_delivery = False
    world["canteen"].save()
    with pytest.raises(DomainError, match="不提供送餐上门"):
        place(world, meal, "elder", "elder_user", fulfilment="delivery")


def test_a_meal_with_several_dishes_needs_a_choice_one_dish_is_chosen_by_itself(world, meal):
    meal.dishes.last().delete()
    assert place(world, meal, "elder", "elder_user", dish=None).dish == meal.dishes.get()
    two = cf.meal(world["canteen"], sitting="supper")
    with pytest.raises(DomainError, match="请选择菜品"):
        place(world, two, "elder", "elder_user", dish=None)


# --- cancelling ---------------------------------------------------------------------------

def test_orderer_cancels_before_the_cutoff_not_after(world, meal):
    order = place(world, meal, "elder", "son_user")
    late = services.cutoff_of(world["canteen"], meal.date) + datetime.timedelta(minutes=1)
    with pytest.raises(DomainError, match="不能自行取消"):
        services.order_cancel(order=order, actor=world["son_user"], now=late)
    services.order_cancel(order=order, actor=world["son_user"])
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.cancel_reason == "本人取消"
    # the elder, not the one who cancelled, is told
    assert Notification.objects.filter(recipient=world["elder_user"], event="canteen.order_cancelled").exists()
    assert not Notification.objects.filter(recipient=world["son_user"], event="canteen.order_cancelled").exists()


def test_neighbour_cannot_cancel_and_staff_cancel_any_time_with_a_reason(world, meal):
    order = place(world, meal, "elder", "elder_user")
    with pytest.raises(NotAllowed, match="只能为本人或同户"):
        services.order_cancel(order=order, actor=world["neighbour_user"])
    with pytest.raises(DomainError, match="须填写原因"):
        services.order_cancel(order=order, actor=world["admin"])
    late = services.cutoff_of(world["canteen"], meal.date) + datetime.timedelta(hours=1)
    services.order_cancel(order=order, actor=world["window"], reason="住院", now=late)
    assert Order.objects.get(pk=order.pk).cancel_reason == "住院"


def test_a_cancelled_or_served_order_cannot_be_cancelled(world):
    meal = cf.meal(world["canteen"], day=timezone.localdate(), dishes=["套餐"])
    order = place(world, meal, "elder", "admin", now=timezone.make_aware(
        datetime.datetime.combine(meal.date, datetime.time(8, 0))))
    services.order_serve(order=order, actor=world["window"])
    with pytest.raises(InvalidTransition, match="不能取消"):
        services.order_cancel(order=order, actor=world["admin"], reason="错了")
