"""Races on real PostgreSQL connections: the last place of a meal, and one order per resident."""

import threading

import pytest
from django.db import connection

from canteen.models import Order
from canteen.services import order_place
from taijiang.core.exceptions import Conflict
from tests import factories

from . import factories as cf

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes, lock = [], threading.Lock()

    def run(job):
        try:
            barrier.wait()
            job()
            result = "ok"
        except Conflict:
            result = "conflict"
        except Exception as exc:  # noqa: BLE001 - reported below
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_ten_clients_for_the_last_place_exactly_one_wins(territory):
    canteen = cf.canteen_for(territory["a1"])
    meal = cf.meal(canteen, capacity=3, dishes=["套餐"])
    admin = factories.community_admin(territory["a1"])
    people = [cf.person(cf.household(territory["b_g1"]), name=f"老人{n}") for n in range(12)]
    for person in people[:2]:
        order_place(meal=meal, resident=person, actor=admin, fulfilment="dine_in")
    outcomes = _race([lambda p=p: order_place(meal=meal, resident=p, actor=admin, fulfilment="dine_in")
                      for p in people[2:]])
    assert outcomes.count("ok") == 1 and outcomes.count("conflict") == 9, outcomes
    assert Order.objects.filter(meal=meal).count() == 3


def test_same_resident_ordered_by_two_family_members_at_once_gets_one_order(territory):
    canteen = cf.canteen_for(territory["a1"])
    meal = cf.meal(canteen, dishes=["套餐"])
    home = cf.household(territory["b_g1"])
    elder = cf.person(home, name="老人")
    family = [factories.resident() for _ in range(6)]
    for n, user in enumerate(family):
        cf.person(home, age=40, name=f"子女{n}", user=user)
    outcomes = _race([lambda u=u: order_place(meal=meal, resident=elder, actor=u, fulfilment="pick_up")
                      for u in family])
    assert outcomes.count("ok") == 1 and outcomes.count("conflict") == 5, outcomes
    assert Order.objects.filter(meal=meal, resident=elder).count() == 1
