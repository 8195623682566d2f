"""长者食堂+ (elder canteens): a canteen at a centre, its meals a week ahead, orders, delivery rounds.

A Meal is one sitting (lunch or supper) of one canteen on one date, with its dishes, price and
number of places; it is drafted, then published for residents to order. An Order is one resident
(from the grid register) eating one meal, placed by the resident, a family member, their grid
worker or canteen staff. Its subsidy comes from the SubsidyTier table and the register at the
moment it is placed and is frozen on the row: later changes to a resident's tags or to the table
never change a statement already made. Delivery orders go out on a DeliveryRound.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taijiang.core.models import Created, StatusChange, Timestamped


class Sitting(models.TextChoices):
    LUNCH = "lunch", _("午餐")
    SUPPER = "supper", _("晚餐")


class MealStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CANCELLED = "cancelled", _("已取消")


class Fulfilment(models.TextChoices):
    DINE_IN = "dine_in", _("堂食")
    PICK_UP = "pick_up", _("自取")
    DELIVERY = "delivery", _("送餐上门")


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("已预订")
    ASSIGNED = "assigned", _("配送中")
    SERVED = "served", _("已就餐")
    DELIVERED = "delivered", _("已送达")
    NO_SHOW = "no_show", _("未取餐")
    CANCELLED = "cancelled", _("已取消")


# An order that holds a place (everything except a cancelled one) counts against capacity.
ACTIVE_ORDER_STATUSES = (OrderStatus.PLACED, OrderStatus.ASSIGNED, OrderStatus.SERVED, OrderStatus.DELIVERED,
                         OrderStatus.NO_SHOW)
# A meal the resident had: what the subsidy statement pays for.
EATEN_STATUSES = (OrderStatus.SERVED, OrderStatus.DELIVERED)


class Canteen(Timestamped):
    """A community's elder canteen (长者食堂) at its service centre."""

    centre = models.OneToOneField("grid.ServiceCentre", on_delete=models.PROTECT, related_name="canteen",
                                  verbose_name=_("党群服务中心"))
    community = models.ForeignKey("grid.Community", on_delete=models.PROTECT, related_name="canteens",
                                  verbose_name=_("社区"))
    name = models.CharField(_("名称"), max_length=80)
    # Empty: the district default (CANTEEN_ORDER_CUTOFF / CANTEEN_CUTOFF_DAYS_BEFORE in settings).
    cutoff_time = models.TimeField(_("订餐截止时间"), null=True, blank=True, help_text=_("留空则使用全区默认时间。"))
    cutoff_days_before = models.PositiveSmallIntegerField(
        _("提前天数"), null=True, blank=True, help_text=_("0 为当天截止，1 为前一天截止；留空则使用全区默认。"))
    offers_delivery = models.BooleanField(_("提供送餐上门"), default=True)
    is_active = models.BooleanField(_("营业中"), default=True)

    class Meta:
        verbose_name = _("长者食堂")
        verbose_name_plural = _("长者食堂")
        ordering = ["community__code", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(cutoff_days_before__isnull=True) | Q(cutoff_days_before__lte=7),
                                   name="canteen_cutoff_days_range"),
        ]

    def __str__(self) -> str:
        return self.name


class Meal(Timestamped):
    """One sitting of a canteen on a date: its dishes, price and places."""

    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="meals", verbose_name=_("食堂"))
    date = models.DateField(_("日期"))
    sitting = models.CharField(_("餐次"), max_length=10, choices=Sitting.choices)
    price = models.DecimalField(_("价格（元）"), max_digits=6, decimal_places=2)
    capacity = models.PositiveIntegerField(_("份数上限"))
    status = models.CharField(_("状态"), max_length=12, choices=MealStatus.choices, default=MealStatus.DRAFT)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("餐次菜单")
        verbose_name_plural = _("餐次菜单")
        ordering = ["date", "sitting"]
        constraints = [
            models.UniqueConstraint(fields=["canteen", "date", "sitting"], name="meal_one_per_canteen_date_sitting"),
            models.CheckConstraint(condition=Q(price__gte=0), name="meal_price_not_negative"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="meal_capacity_positive"),
            models.CheckConstraint(condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                                   name="meal_cancel_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_sitting_display()}"


class Dish(models.Model):
    """A choice on a meal (套餐A, 软食套餐…): the order names the one the resident wants."""

    meal = models.ForeignKey(Meal, on_delete=models.CASCADE, related_name="dishes", verbose_name=_("餐次"))
    name = models.CharField(_("菜品"), max_length=60)
    description = models.CharField(_("配菜"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("菜品")
        verbose_name_plural = _("菜品")
        ordering = ["meal", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["meal", "name"], name="dish_name_unique_per_meal")]

    def __str__(self) -> str:
        return self.name


class MealChange(StatusChange):
    """The meal's timeline: drafted, published, cancelled (with the reason)."""

    meal = models.ForeignKey(Meal, on_delete=models.CASCADE, related_name="changes")


class SubsidyTier(models.Model):
    """One row of the district's subsidy table: who it applies to and how much a meal gets.

    A tier applies when the resident's age on the meal date is within [min_age, max_age] (either
    end may be open) and, when `tag` is set, the resident carries that register tag. The highest
    amount among the applicable active tiers is the subsidy, never more than the meal's price.
    """

    name = models.CharField(_("名称"), max_length=40, unique=True)
    min_age = models.PositiveSmallIntegerField(_("最低年龄"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("最高年龄"), null=True, blank=True)
    tag = models.ForeignKey("grid.Tag", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name=_("须有标签"))
    amount = models.DecimalField(_("每餐补贴（元）"), max_digits=6, decimal_places=2)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("助餐补贴档次")
        verbose_name_plural = _("助餐补贴档次")
        ordering = ["-amount", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="subsidy_tier_amount_not_negative"),
            models.CheckConstraint(condition=Q(min_age__isnull=True) | Q(max_age__isnull=True)
                                   | Q(min_age__lte=models.F("max_age")), name="subsidy_tier_age_range"),
        ]

    def __str__(self) -> str:
        return self.name


class DeliveryRound(Created):
    """The delivery orders of one canteen, date and sitting handed to a grid worker or a volunteer."""

    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("食堂"))
    date = models.DateField(_("日期"))
    sitting = models.CharField(_("餐次"), max_length=10, choices=Sitting.choices)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="canteen_rounds", verbose_name=_("送餐网格员"))
    volunteer_name = models.CharField(_("志愿者姓名"), max_length=50, blank=True)
    volunteer_phone = models.CharField(_("志愿者电话"), max_length=20, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name=_("安排人"))

    class Meta:
        verbose_name = _("送餐路线")
        verbose_name_plural = _("送餐路线")
        ordering = ["-date", "sitting", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(worker__isnull=False) | ~Q(volunteer_name=""),
                                   name="delivery_round_has_courier"),
        ]
        indexes = [models.Index(fields=["worker", "date"], name="canteen_round_worker_date_idx")]

    def __str__(self) -> str:
        return f"{self.date:%m-%d} {self.get_sitting_display()} · {self.courier}"

    @property
    def courier(self) -> str:
        return self.worker.name if self.worker_id else self.volunteer_name


class Order(Timestamped):
    """One resident eating one meal. Price and subsidy are frozen when the order is placed."""

    meal = models.ForeignKey(Meal, on_delete=models.PROTECT, related_name="orders", verbose_name=_("餐次"))
    dish = models.ForeignKey(Dish, on_delete=models.PROTECT, null=True, blank=True, related_name="orders",
                             verbose_name=_("菜品"))
    resident = models.ForeignKey("grid.Resident", on_delete=models.PROTECT, related_name="canteen_orders",
                                 verbose_name=_("就餐居民"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="canteen_orders",
                                  verbose_name=_("下单人"))
    # Where the order lies, copied at placing so that scoping never joins through the register.
    community = models.ForeignKey("grid.Community", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("社区"))
    grid = models.ForeignKey("grid.Grid", on_delete=models.PROTECT, related_name="+", verbose_name=_("网格"))
    fulfilment = models.CharField(_("就餐方式"), max_length=10, choices=Fulfilment.choices)
    status = models.CharField(_("状态"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.PLACED)
    price = models.DecimalField(_("价格（元）"), max_digits=6, decimal_places=2)
    subsidy = models.DecimalField(_("补贴（元）"), max_digits=6, decimal_places=2)
    subsidy_tier = models.CharField(_("补贴档次"), max_length=40, blank=True)
    age = models.PositiveSmallIntegerField(_("就餐时年龄"), null=True, blank=True)
    round = models.ForeignKey(DeliveryRound, on_delete=models.PROTECT, null=True, blank=True, related_name="orders",
                              verbose_name=_("送餐路线"))
    note = models.CharField(_("备注"), max_length=200, blank=True, help_text=_("如：少盐、软烂"))
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("订餐")
        verbose_name_plural = _("订餐")
        ordering = ["meal__date", "meal__sitting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meal", "resident"], condition=~Q(status="cancelled"),
                                    name="order_one_active_per_resident_meal"),
            models.CheckConstraint(condition=Q(price__gte=0), name="order_price_not_negative"),
            models.CheckConstraint(condition=Q(subsidy__gte=0), name="order_subsidy_not_negative"),
            models.CheckConstraint(condition=Q(subsidy__lte=models.F("price")), name="order_subsidy_within_price"),
            models.CheckConstraint(condition=Q(round__isnull=True) | Q(fulfilment="delivery"),
                                   name="order_round_only_for_delivery"),
            models.CheckConstraint(condition=~Q(status__in=["assigned", "delivered"]) | Q(round__isnull=False),
                                   name="order_delivery_status_has_round"),
        ]
        indexes = [
            models.Index(fields=["meal", "status"], name="canteen_order_meal_status_idx"),
            models.Index(fields=["community", "status"], name="canteen_order_community_idx"),
            models.Index(fields=["resident", "status"], name="canteen_order_resident_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resident} · {self.meal}"

    @property
    def paid_by_resident(self):
        return self.price - self.subsidy


class OrderChange(StatusChange):
    """The order's timeline: placed, cancelled (with the reason), served, assigned, delivered."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="changes")
