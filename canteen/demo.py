"""Demo 长者食堂 of 福祥社区: a week of published menus from today, orders from elders of the register
(林阿姨, demo-resident, among them), served meals of the last three days for the statement, and
today's delivery round handed to demo-grid.

Idempotent: the canteen by centre, meals by (date, sitting); orders and the round are made only
when the canteen is created, and a later run adds the coming week's menus that are missing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from grid.models import Household, Resident, ServiceCentre, Tag

from .models import Canteen, Dish, Meal, MealChange, MealStatus
from .services import meal_publish, meal_save, order_place, order_serve, round_plan

MENUS = [
    ("红烧肉套餐：红烧肉、炒青菜、紫菜蛋汤", "软食套餐：肉末蒸蛋、南瓜粥、炖豆腐"),
    ("清蒸鱼套餐：清蒸鲈鱼、蒜蓉菜心、冬瓜汤", "软食套餐：鱼片粥、蒸水蛋、青菜泥"),
    ("卤鸭套餐：卤鸭腿、炒包菜、萝卜排骨汤", "软食套餐：鸡肉粥、豆腐羹、蒸南瓜"),
    ("荔枝肉套餐：荔枝肉、炒豆芽、番茄蛋汤", "软食套餐：瘦肉粥、蒸茄子、蛋羹"),
    ("土豆炖牛肉套餐：土豆炖牛肉、清炒菠菜、丝瓜汤", "软食套餐：牛肉末粥、豆腐脑、蒸山药"),
    ("海蛎煎套餐：海蛎煎、炒时蔬、鱼丸汤", "软食套餐：鱼丸粥、蒸蛋、炖冬瓜"),
    ("糖醋排骨套餐：糖醋排骨、炒西兰花、紫菜汤", "软食套餐：排骨粥、蒸豆腐、南瓜泥"),
]
SUPPER = ("家常套餐：香菇鸡、炒青菜、米饭", "面食：福州拌面、扁肉汤")


def _menu(day: datetime.date, sitting: str) -> list[str]:
    return list(MENUS[day.toordinal() % len(MENUS)] if sitting == "lunch" else SUPPER)


def _lin_ayi(user, canteen) -> Resident | None:
    """林阿姨's own register entry, linked to the demo-resident account (made once, aged 78, living alone)."""
    entry = Resident.objects.filter(user=user).first()
    if entry is not None or user.building is None:
        return entry
    today = timezone.localdate()
    household, _created = Household.objects.get_or_create(
        building=user.building, door_number="701", defaults={"living_situation": Household.LivingSituation.ALONE})
    entry = Resident.objects.create(household=household, name="林阿姨", sex="F", relation_to_head="户主",
                                    birth_date=today.replace(year=today.year - 78) - datetime.timedelta(days=40),
                                    user=user)
    entry.tags.set(Tag.objects.filter(code="living-alone-elderly"))
    from grid.services.policy import refresh_household

    refresh_household(household)
    return entry


def _meals(canteen, admin, first: datetime.date, days: int) -> None:
    for offset in range(days):
        day = first + datetime.timedelta(days=offset)
        for sitting, price, capacity in (("lunch", Decimal("10.00"), 60), ("supper", Decimal("8.00"), 30)):
            if Meal.objects.filter(canteen=canteen, date=day, sitting=sitting).exists():
                continue
            meal = meal_save(canteen=canteen, actor=admin, date=day, sitting=sitting, price=price, capacity=capacity,
                             dishes=_menu(day, sitting))
            meal_publish(meal=meal, actor=admin)


def _past_meal(canteen, admin, day: datetime.date) -> Meal:
    """A lunch of a past day (the planning page refuses past dates; the demo writes the row)."""
    meal, created = Meal.objects.get_or_create(canteen=canteen, date=day, sitting="lunch", defaults={
        "price": Decimal("10.00"), "capacity": 60, "status": MealStatus.PUBLISHED, "published_at": timezone.now()})
    if created:
        Dish.objects.bulk_create([Dish(meal=meal, name=line.split("：")[0], description=line.split("：")[1],
                                       position=i) for i, line in enumerate(_menu(day, "lunch"))])
        MealChange.objects.create(meal=meal, from_status="draft", to_status="published", actor=admin)
    return meal


def seed(*, stdout=None) -> None:
    centre = ServiceCentre.objects.filter(community__code="fuxiang").select_related("community").first()
    User = get_user_model()
    admin = User.objects.filter(username="demo-community").first()
    if centre is None or admin is None:
        return
    canteen, created = Canteen.objects.get_or_create(centre=centre, defaults={
        "community": centre.community, "name": "福祥社区长者食堂"})
    today = timezone.localdate()
    _meals(canteen, admin, today, 7)
    if not created:
        if stdout:
            stdout.write("  canteen: demo canteen already present (the coming week's menus topped up)")
        return
    rng = random.Random(16)
    lin = _lin_ayi(User.objects.get(username="demo-resident"), canteen)
    worker = User.objects.filter(username="demo-grid").first()
    window = User.objects.filter(username="demo-window").first() or admin
    born_by = today.replace(year=today.year - 60)
    elders = list(Resident.objects.filter(status="active", birth_date__lte=born_by,
                                          household__building__grid__community=canteen.community, user__isnull=True)
                  .select_related("household__building__grid").prefetch_related("tags").order_by("pk"))
    worker_grids = set(worker.grids.values_list("pk", flat=True)) if worker else set()
    homebound = [e for e in elders if e.household.building.grid_id in worker_grids
                 and {t.code for t in e.tags.all()} & {"living-alone-elderly", "disabled-elderly"}][:4]
    diners = [e for e in elders if e not in homebound]
    rng.shuffle(diners)
    early = lambda day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 0)))  # noqa: E731
    orders = 0
    # The last three days: lunches eaten, for the monthly statement and the dashboards.
    for back in (3, 2, 1):
        day = today - datetime.timedelta(days=back)
        meal = _past_meal(canteen, admin, day)
        dishes = list(meal.dishes.all())
        for elder in diners[:10]:
            order = order_place(meal=meal, resident=elder, actor=admin, fulfilment="dine_in",
                                dish=rng.choice(dishes), now=early(day))
            order_serve(order=order, actor=window)
            orders += 1
    # Today and the coming days: dine-in and pick-up, 林阿姨's own order, and deliveries for the homebound.
    for offset in range(0, 4):
        day = today + datetime.timedelta(days=offset)
        meal = Meal.objects.get(canteen=canteen, date=day, sitting="lunch")
        dishes = list(meal.dishes.all())
        for elder in diners[offset:offset + 8]:
            order_place(meal=meal, resident=elder, actor=admin, fulfilment=rng.choice(["dine_in", "dine_in", "pick_up"]),
                        dish=rng.choice(dishes), now=early(day))
            orders += 1
        for elder in homebound if worker else []:
            order_place(meal=meal, resident=elder, actor=worker, fulfilment="delivery", dish=dishes[-1],
                        note="少盐", now=early(day))
            orders += 1
    if lin is not None:
        tomorrow = Meal.objects.get(canteen=canteen, date=today + datetime.timedelta(days=1), sitting="lunch")
        order_place(meal=tomorrow, resident=lin, actor=lin.user, fulfilment="dine_in", dish=tomorrow.dishes.first(),
                    now=early(today))
        orders += 1
    if worker is not None and homebound:
        round_plan(canteen=canteen, date=today, sitting="lunch", actor=window, worker=worker)
    if stdout:
        stdout.write(f"  canteen: {canteen.name}, {Meal.objects.filter(canteen=canteen).count()} meals, {orders} orders, "
                     f"{len(homebound)} deliveries a day (round today: {worker.name if worker else '-'})")
