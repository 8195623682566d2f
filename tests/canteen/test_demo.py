"""The demo canteen as `make run` loads it."""

import datetime

import pytest
from django.utils import timezone

from canteen.models import Canteen, Meal, Order, OrderStatus

pytestmark = pytest.mark.django_db


def test_demo_has_a_week_of_menus_orders_and_a_delivery_round(demo_data, client):
    canteen = Canteen.objects.get(community__code="fuxiang")
    today = timezone.localdate()
    published = set(Meal.objects.filter(canteen=canteen, status="published", date__gte=today)
                    .values_list("date", flat=True))
    assert published == {today + datetime.timedelta(days=n) for n in range(7)}
    lin = Order.objects.get(resident__user__username="demo-resident")
    assert lin.placed_by.username == "demo-resident" and lin.status == OrderStatus.PLACED
    (delivery_round,) = canteen.rounds.filter(date=today)
    assert delivery_round.worker.username == "demo-grid" and delivery_round.orders.count() >= 1
    assert Order.objects.filter(status=OrderStatus.SERVED).exists()

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="demo-grid"))
    page = client.get("/canteen/deliveries/")
    assert page.status_code == 200
    assert delivery_round.orders.first().resident.name in page.content.decode()
