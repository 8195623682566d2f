"""Canteen writes: menus (save, publish, cancel), orders (place, cancel, serve, no-show), delivery rounds.

Each function is keyword-only, takes the acting user, checks permission and state and runs in one
transaction; notifications go through the outbox (`notify`), delivered after commit. Capacity is
kept under concurrency by locking the meal row before counting its orders; one active order per
resident and meal is a partial unique constraint, so a lost race is a 409, never a second order.
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from grid.models import Resident
from taijiang.core.conf import setting, setting_int
from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition
from taijiang.notifications.services import notify
from taijiang.users.models import Role

from . import events
from .models import (
    ACTIVE_ORDER_STATUSES,
    Canteen,
    DeliveryRound,
    Dish,
    Fulfilment,
    Meal,
    MealChange,
    MealStatus,
    Order,
    OrderChange,
    OrderStatus,
    Sitting,
)
from .permissions import (
    MANAGE_REFUSED,
    ROUND_REFUSED,
    STAFF_REFUSED,
    can_manage,
    can_staff,
    order_refusal,
    require,
)
from .subsidy import resident_subsidy
from .workflow import MEAL_FLOW, ORDER_FLOW

# --- the cut-off --------------------------------------------------------------------------


def cutoff_of(canteen: Canteen, day: datetime.date) -> datetime.datetime:
    """When ordering (and cancelling by residents) for `day` closes at `canteen`, as an aware time."""
    at = canteen.cutoff_time
    if at is None:
        hours, minutes = (int(part) for part in str(setting("CANTEEN_ORDER_CUTOFF")).split(":")[:2])
        at = datetime.time(hours, minutes)
    days = canteen.cutoff_days_before
    if days is None:
        days = setting_int("CANTEEN_CUTOFF_DAYS_BEFORE")
    return timezone.make_aware(datetime.datetime.combine(day - datetime.timedelta(days=days), at))


def is_open_for_orders(meal: Meal, *, now: datetime.datetime | None = None) -> bool:
    return meal.status == MealStatus.PUBLISHED and (now or timezone.now()) <= cutoff_of(meal.canteen, meal.date)


def _cutoff_text(meal: Meal) -> str:
    return timezone.localtime(cutoff_of(meal.canteen, meal.date)).strftime("%m-%d %H:%M")


def meal_label(meal: Meal) -> str:
    return f"{date_format(meal.date, 'n月j日')} {meal.get_sitting_display()}"


# --- menus --------------------------------------------------------------------------------


def _meal_log(meal: Meal, *, actor, previous: str = "", note: str = "") -> None:
    MealChange.objects.create(meal=meal, from_status=previous, to_status=meal.status, actor=actor, note=note[:200])


def _parse_dishes(dishes) -> list[tuple[str, str]]:
    """Lines "名称" or "名称：配菜" (full- or half-width colon); blank lines skipped."""
    parsed, seen = [], set()
    for line in dishes:
        line = line.strip()
        if not line:
            continue
        name, _sep, description = line.replace("：", ":").partition(":")
        name, description = name.strip()[:60], description.strip()[:200]
        if not name:
            continue
        if name in seen:
            raise DomainError(_("菜品“%(name)s”重复。") % {"name": name}, field="dishes")
        seen.add(name)
        parsed.append((name, description))
    return parsed


@transaction.atomic
def meal_save(*, canteen: Canteen, actor, date: datetime.date, sitting: str, price: Decimal, capacity: int,
              dishes: list[str], note: str = "", meal: Meal | None = None) -> Meal:
    """Create or edit a draft meal with its dishes (one per line). Published meals are not edited."""
    require(can_manage(actor, canteen), MANAGE_REFUSED)
    if sitting not in Sitting.values:
        raise DomainError(_("餐次无效。"), field="sitting")
    if price is None or price < 0:
        raise DomainError(_("价格不能为负数。"), field="price")
    if capacity is None or capacity < 1:
        raise DomainError(_("份数上限至少为 1。"), field="capacity")
    if date < timezone.localdate():
        raise DomainError(_("不能为过去的日期编排菜单。"), field="date")
    parsed = _parse_dishes(dishes)
    if not parsed:
        raise DomainError(_("请至少填写一个菜品。"), field="dishes")
    if meal is not None:
        meal = Meal.objects.select_for_update().get(pk=meal.pk)
        if meal.canteen_id != canteen.pk:
            raise DomainError(_("该餐次不属于本食堂。"))
        MEAL_FLOW.check_action("edit", meal.status)
    clash = Meal.objects.filter(canteen=canteen, date=date, sitting=sitting)
    if meal is not None:
        clash = clash.exclude(pk=meal.pk)
    if clash.exists():
        raise Conflict(_("该日期的这一餐次已有菜单。"), field="date")
    created = meal is None
    meal = meal or Meal(canteen=canteen)
    meal.date, meal.sitting, meal.price, meal.capacity, meal.note = date, sitting, price, capacity, note.strip()
    meal.save()
    meal.dishes.all().delete()
    Dish.objects.bulk_create([Dish(meal=meal, name=name, description=description, position=index)
                              for index, (name, description) in enumerate(parsed)])
    if created:
        _meal_log(meal, actor=actor)
    return meal


@transaction.atomic
def meal_publish(*, meal: Meal, actor) -> Meal:
    """Open a draft meal for orders. Only within the coming CANTEEN_MENU_DAYS_AHEAD days."""
    meal = Meal.objects.select_for_update(of=("self",)).select_related("canteen").get(pk=meal.pk)
    require(can_manage(actor, meal.canteen), MANAGE_REFUSED)
    MEAL_FLOW.check(meal.status, MealStatus.PUBLISHED)
    today = timezone.localdate()
    if meal.date < today:
        raise DomainError(_("不能发布过去日期的菜单。"))
    if meal.date > today + datetime.timedelta(days=setting_int("CANTEEN_MENU_DAYS_AHEAD")):
        raise DomainError(_("最多提前 %(days)s 天发布菜单。") % {"days": setting_int("CANTEEN_MENU_DAYS_AHEAD")})
    if not meal.dishes.exists():
        raise DomainError(_("请至少填写一个菜品。"))
    previous = meal.status
    meal.status, meal.published_at = MealStatus.PUBLISHED, timezone.now()
    meal.save(update_fields=["status", "published_at", "updated_at"])
    _meal_log(meal, actor=actor, previous=previous)
    return meal


@transaction.atomic
def meal_cancel(*, meal: Meal, actor, reason: str) -> int:
    """Cancel a meal (no supply that day): every open order is cancelled and its orderer told.

    Returns the number of orders cancelled. Served meals stay as they are (cancelling after the
    counter opened is refused)."""
    meal = Meal.objects.select_for_update(of=("self",)).select_related("canteen").get(pk=meal.pk)
    require(can_manage(actor, meal.canteen), MANAGE_REFUSED)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写取消原因。"), field="reason")
    MEAL_FLOW.check(meal.status, MealStatus.CANCELLED)
    if meal.orders.filter(status__in=[OrderStatus.SERVED, OrderStatus.DELIVERED]).exists():
        raise Conflict(_("该餐次已有居民就餐，不能取消。"))
    previous = meal.status
    meal.status, meal.cancel_reason = MealStatus.CANCELLED, reason[:200]
    meal.save(update_fields=["status", "cancel_reason", "updated_at"])
    _meal_log(meal, actor=actor, previous=previous, note=reason)
    orders = list(meal.orders.select_for_update(of=("self",)).filter(status__in=[OrderStatus.PLACED, OrderStatus.ASSIGNED])
                  .select_related("resident__user", "placed_by"))
    for order in orders:
        _set_status(order, OrderStatus.CANCELLED, actor=actor, note=reason, cancel_reason=reason[:200])
        for recipient in _recipients(order):
            notify(recipient=recipient, event=events.MEAL_CANCELLED, link=reverse("canteen:index"), context={
                "canteen": meal.canteen.name, "meal": meal_label(meal), "reason": reason,
                "resident": order.resident.name})
    return len(orders)


# --- orders -------------------------------------------------------------------------------


def _set_status(order: Order, status: str, *, actor, note: str = "", **fields) -> None:
    ORDER_FLOW.check(order.status, status)
    previous = order.status
    order.status = status
    for name, value in fields.items():
        setattr(order, name, value)
    order.save(update_fields=["status", "updated_at", *fields])
    OrderChange.objects.create(order=order, from_status=previous, to_status=status, actor=actor, note=note[:200])


def _recipients(order: Order, *, staff_placer: bool = True) -> list:
    """Whom an order's news goes to: the resident's own account and whoever placed it (a member of
    staff who placed it only when `staff_placer`: a grid worker must pass a cancelled meal on)."""
    people = [order.placed_by] if staff_placer or order.placed_by.role == Role.RESIDENT else []
    own = order.resident.user
    if own is not None and own.pk != order.placed_by_id:
        people.append(own)
    return people


def _lock_order(order: Order) -> Order:
    return Order.objects.select_for_update(of=("self",)).select_related("meal__canteen", "resident__user", "placed_by")\
        .get(pk=order.pk)


def order_place(*, meal: Meal, resident: Resident, actor, fulfilment: str, dish: Dish | None = None,
                note: str = "", now: datetime.datetime | None = None) -> Order:
    """Order `meal` for `resident`; the subsidy is computed from the register and frozen.

    Refusals: NotAllowed (who may order for whom), DomainError (cut-off, eligibility, fulfilment,
    dish), Conflict (not open, full, already ordered)."""
    resident = Resident.objects.select_related("household__building__grid", "user").get(pk=resident.pk)
    grid = resident.household.building.grid
    canteen = Canteen.objects.select_related("community").get(pk=meal.canteen_id)
    refusal = order_refusal(actor, resident=resident, canteen=canteen, grid_id=grid.pk)
    require(refusal is None, refusal)
    if resident.status != Resident.Status.ACTIVE:
        raise InvalidTransition(_("%(name)s 不是在册居民，不能订餐。") % {"name": resident.name}, field="resident")
    if grid.community_id != canteen.community_id:
        raise InvalidTransition(_("%(name)s 不是本社区居民，请到所在社区的长者食堂订餐。") % {"name": resident.name},
                                field="resident")
    if not canteen.is_active:
        raise Conflict(_("该长者食堂暂停营业。"))
    if fulfilment not in Fulfilment.values:
        raise DomainError(_("请选择就餐方式。"), field="fulfilment")
    if fulfilment == Fulfilment.DELIVERY and not canteen.offers_delivery:
        raise InvalidTransition(_("本食堂不提供送餐上门。"), field="fulfilment")
    # Each value valid, but this resident, canteen or meal refuses it: 409 (docs/api.md), like the
    # cut-off and a full meal; only a malformed value is a 400.
    with transaction.atomic():
        # The meal row is the lock that serialises orders for its places.
        meal = Meal.objects.select_for_update().get(pk=meal.pk)
        meal.canteen = canteen
        if meal.status != MealStatus.PUBLISHED:
            raise Conflict(_("该餐次尚未发布或已取消，不能订餐。"))
        if (now or timezone.now()) > cutoff_of(canteen, meal.date):
            # The clock refuses it, not the input: 409 like every refusal of state or time (docs/api.md).
            raise InvalidTransition(_("已过订餐截止时间（%(cutoff)s）。") % {"cutoff": _cutoff_text(meal)})
        dishes = list(meal.dishes.all())
        if dish is None and len(dishes) == 1:
            dish = dishes[0]
        if dish is None:
            raise InvalidTransition(_("请选择菜品。"), field="dish")  # this meal offers several
        if dish.meal_id != meal.pk:
            raise InvalidTransition(_("所选菜品不属于该餐次。"), field="dish")
        if Order.objects.filter(meal=meal, resident=resident).exclude(status=OrderStatus.CANCELLED).exists():
            raise Conflict(_("%(name)s 已订过这一餐。") % {"name": resident.name})
        taken = Order.objects.filter(meal=meal, status__in=ACTIVE_ORDER_STATUSES).count()
        if taken >= meal.capacity:
            raise Conflict(_("这一餐已订满。"))
        subsidy = resident_subsidy(resident=resident, day=meal.date, price=meal.price)
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    meal=meal, dish=dish, resident=resident, placed_by=actor, community_id=canteen.community_id,
                    grid=grid, fulfilment=fulfilment, price=meal.price, subsidy=subsidy.amount,
                    subsidy_tier=subsidy.tier, age=subsidy.age, note=(note or "").strip()[:200])
        except IntegrityError:
            raise Conflict(_("%(name)s 已订过这一餐。") % {"name": resident.name}) from None
        OrderChange.objects.create(order=order, from_status="", to_status=order.status, actor=actor)
        order.resident = resident
        for recipient in _recipients(order, staff_placer=False):
            notify(recipient=recipient, event=events.ORDER_CONFIRMED, link=reverse("canteen:index"), context={
                "resident": resident.name, "meal": meal_label(meal), "fulfilment": str(order.get_fulfilment_display()),
                "price": f"{order.price:.2f}", "subsidy": f"{order.subsidy:.2f}",
                "paid": f"{order.paid_by_resident:.2f}"})
    return order


@transaction.atomic
def order_cancel(*, order: Order, actor, reason: str = "", now: datetime.datetime | None = None) -> Order:
    """Cancel an order. Before the cut-off whoever may order for the resident may cancel; after it,
    only the canteen's staff, with a reason."""
    order = _lock_order(order)
    canteen = order.meal.canteen
    staff = can_staff(actor, canteen)
    reason = (reason or "").strip()
    if not staff:
        refusal = order_refusal(actor, resident=order.resident, canteen=canteen, grid_id=order.grid_id)
        require(refusal is None, refusal)
        if (now or timezone.now()) > cutoff_of(canteen, order.meal.date):
            raise InvalidTransition(_("已过订餐截止时间，不能自行取消；如有需要请联系食堂工作人员。"))
    elif not reason and actor.pk != order.placed_by_id:
        raise DomainError(_("工作人员取消订餐须填写原因。"), field="reason")
    if order.status not in (OrderStatus.PLACED, OrderStatus.ASSIGNED) or \
            (order.status == OrderStatus.ASSIGNED and not staff):
        raise InvalidTransition(_("订单状态为“%(status)s”，不能取消。") % {"status": order.get_status_display()})
    reason = reason or _("本人取消")
    _set_status(order, OrderStatus.CANCELLED, actor=actor, note=reason, cancel_reason=reason[:200], round=None)
    for recipient in _recipients(order):
        if recipient.pk != actor.pk:
            notify(recipient=recipient, event=events.ORDER_CANCELLED, link=reverse("canteen:index"), context={
                "resident": order.resident.name, "meal": meal_label(order.meal), "reason": reason})
    return order


def _counter_checks(order: Order, actor) -> None:
    require(can_staff(actor, order.meal.canteen), STAFF_REFUSED)
    if order.meal.status != MealStatus.PUBLISHED:
        raise InvalidTransition(_("该餐次已取消。"))
    if order.meal.date > timezone.localdate():
        raise DomainError(_("还未到就餐日期。"))


@transaction.atomic
def order_serve(*, order: Order, actor) -> Order:
    """At the counter: the resident ate in or picked the meal up."""
    order = _lock_order(order)
    _counter_checks(order, actor)
    if order.fulfilment == Fulfilment.DELIVERY:
        raise DomainError(_("送餐订单请在送餐路线中标记送达。"))
    ORDER_FLOW.check_action("serve", order.status)
    _set_status(order, OrderStatus.SERVED, actor=actor)
    return order


@transaction.atomic
def order_no_show(*, order: Order, actor, note: str = "") -> Order:
    """Nobody came (or nobody was home): the place was used, no subsidy is paid for it."""
    order = _lock_order(order)
    if order.status == OrderStatus.ASSIGNED and order.round and order.round.worker_id == actor.pk:
        pass  # the courier reports nobody home
    else:
        _counter_checks(order, actor)
    _set_status(order, OrderStatus.NO_SHOW, actor=actor, note=note)
    return order


# --- delivery rounds ----------------------------------------------------------------------


@transaction.atomic
def round_plan(*, canteen: Canteen, date: datetime.date, sitting: str, actor, worker=None,
               volunteer_name: str = "", volunteer_phone: str = "", order_ids=None) -> DeliveryRound:
    """Hand the open delivery orders of a date and sitting (or the chosen ones) to a courier.

    The courier is a grid worker of the canteen's community (told through the outbox) or a named
    volunteer. Orders already on a round stay there."""
    require(can_staff(actor, canteen), STAFF_REFUSED)
    volunteer_name = (volunteer_name or "").strip()
    if worker is None and not volunteer_name:
        raise DomainError(_("请选择送餐网格员或填写志愿者姓名。"), field="worker")
    if worker is not None and (worker.role != Role.GRID_WORKER or worker.community_id != canteen.community_id):
        raise DomainError(_("只能安排本社区的网格员送餐。"), field="worker")
    orders = Order.objects.select_for_update().filter(
        meal__canteen=canteen, meal__date=date, meal__sitting=sitting, meal__status=MealStatus.PUBLISHED,
        fulfilment=Fulfilment.DELIVERY, status=OrderStatus.PLACED)
    if order_ids is not None:
        orders = orders.filter(pk__in=list(order_ids))
    orders = list(orders)
    if not orders:
        raise DomainError(_("这一餐没有待安排的送餐订单。"))
    delivery_round = DeliveryRound.objects.create(
        canteen=canteen, date=date, sitting=sitting, worker=worker,
        volunteer_name="" if worker else volunteer_name[:50],
        volunteer_phone="" if worker else (volunteer_phone or "").strip()[:20], planned_by=actor)
    for order in orders:
        _set_status(order, OrderStatus.ASSIGNED, actor=actor, round=delivery_round)
    if worker is not None:
        notify(recipient=worker, event=events.DELIVERY_ASSIGNED, link=reverse("canteen:deliveries"), context={
            "date": date_format(date, "n月j日"), "sitting": str(Sitting(sitting).label), "count": len(orders),
            "canteen": canteen.name})
    return delivery_round


@transaction.atomic
def round_mark_delivered(*, order: Order, actor) -> Order:
    """The courier (or the canteen's staff) hands the meal over at the door."""
    order = _lock_order(order)
    delivery_round = order.round
    allowed = (delivery_round is not None and delivery_round.worker_id == actor.pk) or \
        can_staff(actor, order.meal.canteen)
    require(allowed, ROUND_REFUSED)
    ORDER_FLOW.check_action("deliver", order.status)
    if order.meal.date > timezone.localdate():
        raise DomainError(_("还未到就餐日期。"))
    _set_status(order, OrderStatus.DELIVERED, actor=actor)
    return order
