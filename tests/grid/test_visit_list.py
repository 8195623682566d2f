"""The visit list (the list behind the dashboard's visit figures): territory, filters, budget."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from grid.models import Visit
from tests import factories
from tests.grid.factories import HouseholdFactory

pytestmark = pytest.mark.django_db
URL = "/grid/visits/"


def visit(building, worker, day, actions=""):
    when = datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_current_timezone())
    return Visit.objects.create(household=HouseholdFactory(building=building), worker=worker, visited_at=when,
                                actions_taken=actions)


def test_url():
    assert reverse("grid:visit_list") == URL


def test_filters_narrow_within_the_scope(client, territory):
    worker = factories.grid_worker(territory["g1"])
    today = timezone.localdate()
    visit(territory["b_g1"], worker, today, actions="代办高龄补贴")
    visit(territory["b_g2"], worker, today - datetime.timedelta(days=10))
    visit(territory["b_g3"], worker, today)
    client.force_login(factories.community_admin(territory["a1"]))
    assert client.get(URL).context["page"].paginator.count == 2  # a2's visit is outside a1
    day = today.isoformat()
    assert client.get(f"{URL}?from={day}&to={day}").context["page"].paginator.count == 1
    assert client.get(f"{URL}?doorstep=1").context["page"].paginator.count == 1
    assert client.get(f"{URL}?grid={territory['g2'].pk}").context["page"].paginator.count == 1
    # Another community's id narrows to nothing; it never widens the scope.
    assert client.get(f"{URL}?community={territory['a2'].pk}").context["page"].paginator.count == 0
    assert client.get(f"{URL}?from=2026-02-30&grid=abc").context["page"].paginator.count == 2


def test_a_grid_worker_sees_only_their_grids(client, territory):
    worker = factories.grid_worker(territory["g1"])
    today = timezone.localdate()
    visit(territory["b_g1"], worker, today)
    visit(territory["b_g2"], factories.grid_worker(territory["g2"]), today)
    client.force_login(worker)
    assert client.get(URL).context["page"].paginator.count == 1


@pytest.mark.parametrize("who", ["resident", "window"])
def test_residents_and_window_staff_are_refused_with_the_reason(client, territory, who):
    from grid.permissions import RESIDENT_REFUSED, WINDOW_STAFF_REFUSED

    user, reason = ((factories.resident(community=territory["a1"], building=territory["b_g1"]), RESIDENT_REFUSED)
                    if who == "resident" else (factories.window_staff(territory["a1"]), WINDOW_STAFF_REFUSED))
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 403 and str(reason) in response.content.decode()


@pytest.mark.parametrize("n", [1, 50])
def test_query_budget(client, territory, n, django_assert_max_num_queries):
    worker = factories.grid_worker(territory["g1"])
    for _ in range(n):
        visit(territory["b_g1"], worker, timezone.localdate())
    client.force_login(factories.community_admin(territory["a1"]))
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200
