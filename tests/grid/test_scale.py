"""District scale: the household search by a resident's name reads the register once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.grid.factories import HouseholdFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def test_name_search_reads_the_register_once(client, reg):
    # Before: a correlated EXISTS over the residents, evaluated for the page and again for the count.
    client.force_login(reg["admin_a1"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("grid:household_list"), {"q": "秀英"}).content.decode()
    assert "林秀英" in html and "陈建国" not in html
    by_name = [q["sql"] for q in queries if "grid_resident" in q["sql"] and "LIKE" in q["sql"].upper()]
    assert len(by_name) == 1, by_name


def test_name_search_still_matches_door_and_building_text(client, reg):
    client.force_login(reg["admin_a1"])
    assert "陈建国" in client.get(reverse("grid:household_list"), {"q": "201"}).content.decode()


def test_name_search_keeps_the_grid_scope(client, reg):
    client.force_login(reg["worker1"])
    html = client.get(reverse("grid:household_list"), {"q": "陈建国"}).content.decode()
    assert "没有找到住户" in html


@pytest.mark.parametrize("rows", [1, 50])
def test_name_search_query_budget(client, reg, rows, django_assert_max_num_queries):
    for i in range(rows):
        ResidentFactory(household=HouseholdFactory(building=reg["b_g1"], door_number=f"9{i:02d}"), name=f"郑美华{i}")
    client.force_login(reg["admin_a1"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("grid:household_list"), {"q": "郑美华"})
    assert response.status_code == 200 and response.content.decode().count("郑美华") >= min(rows, 30)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_name_match_uses_the_trigram_index(reg):
    from django.db import transaction

    from grid.models import Resident

    qs = Resident.objects.filter(name__icontains="林秀英").values_list("household_id", flat=True)
    sql, params = qs.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "resident_name_trgm_idx" in plan, plan
