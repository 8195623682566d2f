"""Figures for the dashboards: meals served, orders by fulfilment and subsidy, per community.

`canteen_figures` answers in one query however many communities or orders there are; the
dashboard (taijiang.dashboard) wires it in.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from .models import EATEN_STATUSES, Fulfilment, Order, OrderStatus

ZERO = Decimal("0.00")


@dataclass
class CanteenFigures:
    meals_served: int = 0  # served at the counter or delivered
    orders: int = 0  # every order not cancelled (a no-show still used a place)
    by_fulfilment: dict = field(default_factory=lambda: dict.fromkeys(Fulfilment.values, 0))
    subsidy: Decimal = ZERO  # for meals served, in yuan
    no_show: int = 0


def canteen_figures(*, date_from: datetime.date, date_to: datetime.date,
                    community_ids=None) -> dict[int, CanteenFigures]:
    """{community id: figures} for meals dated in [date_from, date_to]; `community_ids` None: all.

    Communities without orders are absent (the caller shows them as zero)."""
    qs = Order.objects.filter(meal__date__gte=date_from, meal__date__lte=date_to)\
        .exclude(status=OrderStatus.CANCELLED)
    if community_ids is not None:
        qs = qs.filter(community_id__in=list(community_ids))
    eaten = Q(status__in=EATEN_STATUSES)
    rows = qs.values("community_id", "fulfilment").annotate(
        orders=Count("pk"), served=Count("pk", filter=eaten), subsidy=Sum("subsidy", filter=eaten),
        no_show=Count("pk", filter=Q(status=OrderStatus.NO_SHOW))).order_by()
    figures: dict[int, CanteenFigures] = {}
    for row in rows:
        figure = figures.setdefault(row["community_id"], CanteenFigures())
        figure.orders += row["orders"]
        figure.meals_served += row["served"]
        figure.no_show += row["no_show"]
        figure.by_fulfilment[row["fulfilment"]] += row["orders"]
        figure.subsidy += row["subsidy"] or ZERO
    return figures


def totals(figures: dict[int, CanteenFigures]) -> CanteenFigures:
    """The district (or territory) total of `canteen_figures`."""
    total = CanteenFigures()
    for figure in figures.values():
        total.meals_served += figure.meals_served
        total.orders += figure.orders
        total.no_show += figure.no_show
        total.subsidy += figure.subsidy
        for key, value in figure.by_fulfilment.items():
            total.by_fulfilment[key] += value
    return total
