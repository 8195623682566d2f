"""Canteen reads shared by pages, the API and exports (related rows decided here, no N+1)."""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from taijiang.core.spreadsheets import append_text_row
from taijiang.users.models import Role
from taijiang.users.scope import scope_for

from .models import (
    ACTIVE_ORDER_STATUSES,
    EATEN_STATUSES,
    Canteen,
    DeliveryRound,
    Meal,
    MealStatus,
    Order,
    OrderStatus,
)
from .permissions import register_entry

ZERO = Decimal("0.00")


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Seven days from `day`: the week ahead that menus are published for."""
    return day, day + datetime.timedelta(days=6)


def canteens_visible_to(user):
    """Staff: the canteens of their territory (a grid worker: of their community); residents: their own."""
    qs = Canteen.objects.select_related("centre", "community").filter(is_active=True)
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.GRID_WORKER:
        return qs.filter(community__grids__in=scope_for(user).grid_ids).distinct()
    if user.role == Role.RESIDENT:
        entry = register_entry(user)
        if entry is not None:
            return qs.filter(community__grids__buildings__households__residents=entry)
        return qs.filter(community_id=user.community_id) if user.community_id else qs.none()
    return scope_for(user).filter(qs, community="community")


def meals_between(canteen, first: datetime.date, last: datetime.date, *, published_only: bool = True):
    """The canteen's meals in [first, last] with their dishes and how many places are taken."""
    qs = Meal.objects.filter(canteen=canteen, date__gte=first, date__lte=last)
    if published_only:
        qs = qs.filter(status=MealStatus.PUBLISHED)
    return qs.prefetch_related("dishes").annotate(
        taken=Count("orders", filter=Q(orders__status__in=ACTIVE_ORDER_STATUSES))).order_by("date", "sitting")


def published_meals_visible_to(user):
    """The published menus of the canteens a user may see (the API's list)."""
    return Meal.objects.filter(status=MealStatus.PUBLISHED, canteen__in=canteens_visible_to(user))\
        .select_related("canteen").prefetch_related("dishes")\
        .annotate(taken=Count("orders", filter=Q(orders__status__in=ACTIVE_ORDER_STATUSES)))\
        .order_by("date", "sitting", "pk")


def household_members(user):
    """The register entries a resident may order for: themself and their household's active members."""
    from grid.models import Resident

    entry = register_entry(user)
    if entry is None:
        return Resident.objects.none()
    return Resident.objects.filter(household_id=entry.household_id, status=Resident.Status.ACTIVE)\
        .order_by("name", "pk")


def orders_visible_to(user):
    """Residents: orders for themself or their household, and orders they placed; staff: their territory."""
    qs = Order.objects.select_related("meal__canteen", "dish", "resident", "placed_by", "round__worker")
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.RESIDENT:
        entry = register_entry(user)
        condition = Q(placed_by=user)
        if entry is not None:
            condition |= Q(resident__household_id=entry.household_id)
        return qs.filter(condition)
    if user.role == Role.GRID_WORKER:
        return qs.filter(Q(grid_id__in=scope_for(user).grid_ids) | Q(round__worker=user) | Q(placed_by=user))
    return scope_for(user).filter(qs, community="community", grid="grid")


@dataclass
class DishCount:
    name: str
    dine_in: int = 0
    pick_up: int = 0
    delivery: int = 0

    @property
    def total(self) -> int:
        return self.dine_in + self.pick_up + self.delivery


@dataclass
class MealCount:
    meal: Meal
    dishes: list = field(default_factory=list)
    dine_in: int = 0
    pick_up: int = 0
    delivery: int = 0
    served: int = 0

    @property
    def total(self) -> int:
        return self.dine_in + self.pick_up + self.delivery


def kitchen_counts(canteen, day: datetime.date) -> list[MealCount]:
    """For each published meal of the day: portions by fulfilment and by dish (two queries)."""
    meals = list(Meal.objects.filter(canteen=canteen, date=day, status=MealStatus.PUBLISHED)
                 .prefetch_related("dishes").order_by("sitting"))
    counts = {meal.pk: MealCount(meal=meal, dishes=[DishCount(name=d.name) for d in meal.dishes.all()])
              for meal in meals}
    by_dish = {(meal.pk, d.pk): counts[meal.pk].dishes[i] for meal in meals for i, d in enumerate(meal.dishes.all())}
    rows = Order.objects.filter(meal__in=meals, status__in=ACTIVE_ORDER_STATUSES)\
        .values("meal_id", "dish_id", "fulfilment").annotate(n=Count("pk"),
                                                             served=Count("pk", filter=Q(status__in=EATEN_STATUSES)))
    for row in rows:
        meal_count = counts[row["meal_id"]]
        setattr(meal_count, row["fulfilment"], getattr(meal_count, row["fulfilment"]) + row["n"])
        meal_count.served += row["served"]
        dish = by_dish.get((row["meal_id"], row["dish_id"]))
        if dish is not None:
            setattr(dish, row["fulfilment"], getattr(dish, row["fulfilment"]) + row["n"])
    return [counts[meal.pk] for meal in meals]


def counter_orders(canteen, day: datetime.date):
    """The day's orders at the counter, by sitting and name."""
    return Order.objects.filter(meal__canteen=canteen, meal__date=day, meal__status=MealStatus.PUBLISHED)\
        .exclude(status=OrderStatus.CANCELLED)\
        .select_related("meal", "dish", "resident__household__building", "round")\
        .order_by("meal__sitting", "fulfilment", "resident__name", "pk")


def rounds_for(user, day: datetime.date):
    """The delivery rounds a grid worker carries on `day` (staff: the rounds of their canteens)."""
    qs = DeliveryRound.objects.filter(date=day).select_related("canteen", "worker").order_by("sitting", "pk")
    if user.role == Role.GRID_WORKER:
        return qs.filter(worker=user)
    return qs.filter(canteen__in=canteens_visible_to(user))


def round_orders(rounds):
    return Order.objects.filter(round__in=rounds).select_related(
        "resident__household__building", "dish", "meal").order_by("round_id", "resident__household__building__name",
                                                                  "resident__household__door_number", "pk")


# --- the monthly subsidy statement ---------------------------------------------------------


@dataclass
class StatementRow:
    resident_id: int
    name: str
    address: str
    meals: int
    price: Decimal
    subsidy: Decimal

    @property
    def paid(self) -> Decimal:
        return self.price - self.subsidy


@dataclass
class Statement:
    community: object
    month: datetime.date
    rows: list

    @property
    def meals(self) -> int:
        return sum(row.meals for row in self.rows)

    @property
    def price(self) -> Decimal:
        return sum((row.price for row in self.rows), ZERO)

    @property
    def subsidy(self) -> Decimal:
        return sum((row.subsidy for row in self.rows), ZERO)

    @property
    def paid(self) -> Decimal:
        return self.price - self.subsidy


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def subsidy_statement(community, month: datetime.date) -> Statement:
    """Per resident of `community`: meals eaten (served or delivered) in the month, price, subsidy
    and what the resident paid, from the frozen amounts on the orders (one query)."""
    first, last = month_bounds(month)
    rows = Order.objects.filter(community=community, status__in=EATEN_STATUSES, meal__date__gte=first,
                                meal__date__lte=last)\
        .values("resident_id", "resident__name", "resident__household__building__name",
                "resident__household__door_number")\
        .annotate(meals=Count("pk"), price_sum=Sum("price"), subsidy_sum=Sum("subsidy"))\
        .order_by("resident__household__building__name", "resident__household__door_number", "resident__name",
                  "resident_id")
    return Statement(community=community, month=first, rows=[
        StatementRow(resident_id=row["resident_id"], name=row["resident__name"],
                     address=f"{row['resident__household__building__name']} {row['resident__household__door_number']}",
                     meals=row["meals"], price=row["price_sum"] or ZERO, subsidy=row["subsidy_sum"] or ZERO)
        for row in rows])


def statement_xlsx(statement: Statement) -> bytes:
    """The statement as a workbook: a heading, one row per resident, a total row (amounts as numbers)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("助餐补贴结算")[:31]
    append_text_row(sheet, [_("社区"), str(statement.community), _("月份"), f"{statement.month:%Y-%m}"])
    append_text_row(sheet, [_("姓名"), _("住址"), _("就餐次数"), _("餐费合计（元）"), _("补贴合计（元）"),
                            _("个人自付（元）")])
    for row in statement.rows:
        append_text_row(sheet, [row.name, row.address, row.meals, float(row.price), float(row.subsidy),
                                float(row.paid)])
    append_text_row(sheet, [_("合计"), "", statement.meals, float(statement.price), float(statement.subsidy),
                            float(statement.paid)])
    for column, width in zip("ABCDEF", (12, 24, 10, 14, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def residents_orderable_by(user):
    """The register entries a user may name as the person eating (others answer 404 in the API):
    a resident's household, a grid worker's grids, staff's territory. The service decides the rest."""
    from grid.models import Resident

    if not user.is_authenticated:
        return Resident.objects.none()
    if user.role == Role.RESIDENT:
        return household_members(user)
    qs = Resident.objects.filter(status=Resident.Status.ACTIVE)
    return scope_for(user).filter(qs, grid="household__building__grid")
