"""The overview's query count does not grow with the communities in scope.

The page holds the reform's figures (workload, windows, staff in grids), the previous-period
comparison, the heatmap, the last 12 months, the rota's coverage and the comparison table: about 85 queries,
the same for 1 and 5 communities (office shares, the rota and every per-community figure are grouped queries)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.spaces.factories import RoomFactory

from .conftest import appeal, ticket, visit

pytestmark = pytest.mark.django_db


def street_with(n: int, worker):
    street = factories.StreetFactory()
    for _ in range(n):
        community = factories.CommunityFactory(street=street)
        building = factories.BuildingFactory(grid=factories.GridFactory(community=community))
        centre = factories.ServiceCentreFactory(community=community)
        RoomFactory(centre=centre)
        appeal(community)
        ticket(centre, "09:00", called="09:05")
        visit(building, worker)
    return factories.street_admin(street)


def count_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/me/dashboard/?days=30").status_code == 200
    return len(ctx.captured_queries)


# The page's panels, the rota gaps of the coming two weeks and the rota's staggered-period coverage and
# holiday duty of every centre (six queries each whatever the centres). On SQLite each duration
# percentile reads its rows in a query of its own; PostgreSQL answers them in one.
BASE = 92  # + which days are rolled up (previous period, 12 months) + rooms by function (rooms, slices, exceptions, holidays)
PER_COMMUNITY = 1  # slack only: nothing is queried per community


@pytest.mark.parametrize("n", [1, 5])
def test_overview_query_budget_for_a_street_admin(client, people, now, n, django_assert_max_num_queries):
    admin = street_with(n, people["grid_worker"])
    client.force_login(admin)
    with django_assert_max_num_queries(BASE + PER_COMMUNITY * n):
        assert client.get("/me/dashboard/?days=30").status_code == 200


def test_overview_queries_do_not_grow_with_the_communities(client, people, now):
    one = count_queries(client, street_with(1, people["grid_worker"]))
    five = count_queries(client, street_with(5, people["grid_worker"]))
    assert five == one


@pytest.mark.parametrize("n", [1, 50])
def test_ticket_list_behind_the_figures_has_a_flat_budget(client, people, now, territory, n,
                                                          django_assert_max_num_queries):
    centre = factories.ServiceCentreFactory(community=territory["a1"])
    for _ in range(n):
        ticket(centre, "09:00", called="09:05")
    client.force_login(people["admin_a1"])
    with django_assert_max_num_queries(8):
        response = client.get("/services/queue/tickets/?from=2026-12-01&to=2026-12-10")
    assert response.status_code == 200 and response.context["page"].paginator.count == n
