"""District scale: the queries behind the resident's list, the public board and the staff lists.

The plans themselves are measured on district data in docs/performance.md; these tests pin what
makes them cheap (no join in the resident's filter, a bounded count, indexes that match the
orderings) and that what each person sees is unchanged.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appeals import services
from appeals.models import Appeal
from appeals.selectors import appeals_visible_to, public_board
from tests.grid.factories import HouseholdFactory, ResidentFactory

from .conftest import submit

URL = "/api/v1/appeals/"


@pytest.fixture
def registered(people, territory):
    """The resident's own register entry (林阿姨 has a portal account and a household in g1)."""
    household = HouseholdFactory(building=territory["b_g1"])
    return ResidentFactory(household=household, user=people["resident"])


def test_resident_sees_own_appeals_and_those_filed_for_her_register_entry(people, categories, registered, territory):
    own = submit(people["resident"], category=categories["noise"], text="楼上太吵")
    for_her = services.appeal_create_on_behalf(
        actor=people["worker_g1"], channel=Appeal.Channel.VISIT, text="走访时反映：楼道灯坏了",
        category=categories["sanitation"], building=territory["b_g1"], registry_resident=registered)
    # Filed before she had an account: only the register entry links it to her.
    Appeal.objects.filter(pk=for_her.pk).update(submitter=None)
    neighbours = submit(people["neighbour"], category=categories["noise"], text="邻居的诉求")
    visible = set(appeals_visible_to(people["resident"]).values_list("number", flat=True))
    assert visible == {own.number, for_her.number}
    assert neighbours.number not in visible


def test_resident_without_register_entry_sees_only_what_she_submitted(people, categories):
    own = submit(people["resident"], category=categories["noise"], text="楼上太吵")
    submit(people["neighbour"], category=categories["noise"], text="邻居的诉求")
    assert list(appeals_visible_to(people["resident"]).values_list("number", flat=True)) == [own.number]


def test_resident_filter_does_not_join_the_register(people, registered):
    # An OR across the join to grid_resident made PostgreSQL scan every appeal (1.5 s at district
    # scale); the register id is read first so the filter is an OR of two indexed columns.
    sql = str(appeals_visible_to(people["resident"]).query)
    assert "grid_resident" not in sql
    assert f'"registry_resident_id" = {registered.pk}' in sql


@pytest.mark.parametrize("rows", [1, 50])
def test_resident_api_list_query_budget(api_client, people, categories, registered, rows,
                                        django_assert_max_num_queries):
    for i in range(rows):
        submit(people["resident"], category=categories["noise"], text=f"噪音{i}")
    api_client.force_authenticate(people["resident"])
    with django_assert_max_num_queries(8):
        response = api_client.get(URL)
    assert response.status_code == 200 and response.json()["count"] == rows


def _resolve(appeal, worker):
    services.appeal_accept(appeal=appeal, actor=worker)
    services.appeal_reply(appeal=appeal, actor=worker, text="已协调", resolve=True)


def test_public_board_counts_a_bounded_number_of_rows(client, people, categories):
    for i in range(3):
        _resolve(submit(people["resident"], category=categories["noise"], text=f"吵{i}"), people["worker_g1"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("appeals:board"))
    assert response.status_code == 200 and response.content.decode().count("已协调") == 3
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    # The paginator's count reads at most 50 pages of the board's index, never the whole table.
    assert counts and all("LIMIT 1000" in sql for sql in counts), counts


def test_public_board_past_the_bound_shows_the_last_page(client, people, categories):
    _resolve(submit(people["resident"], category=categories["noise"], text="吵"), people["worker_g1"])
    response = client.get(reverse("appeals:board") + "?page=999")
    assert response.status_code == 200 and "已协调" in response.content.decode()


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_public_board_order_is_read_from_its_partial_index(people, categories):
    _resolve(submit(people["resident"], category=categories["noise"], text="吵"), people["worker_g1"])
    from django.db import transaction

    with transaction.atomic():
        plan = _plan(public_board()[:20])
    assert "appeal_board_idx" in plan and "Sort" not in plan, plan


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("staff, index", [("admin_a1", "appeal_community_list_idx"),
                                          ("street_a", "appeal_street_list_idx")])
def test_staff_api_list_order_is_read_from_an_index(people, categories, staff, index):
    submit(people["resident"], category=categories["noise"], text="吵")
    from django.db import transaction

    with transaction.atomic():
        plan = _plan(appeals_visible_to(people[staff]).order_by("-is_overdue", "-created_at")[:50])
    assert index in plan and "Sort" not in plan, plan


OPEN311 = "/open311/v2/requests.json"


@pytest.fixture
def three(people, categories):
    return [submit(people["resident"], category=categories["noise"], text=f"夜间施工噪音{i}") for i in range(3)]


def test_open311_get_answers_pages_of_at_most_page_size(client, three, monkeypatch):
    monkeypatch.setattr("appeals.open311.views.PAGE_SIZE", 2)
    first = [x["service_request_id"] for x in client.get(OPEN311).json()]
    second = [x["service_request_id"] for x in client.get(OPEN311, {"page": 2}).json()]
    assert len(first) == 2 and len(second) == 1
    assert set(first) | set(second) == {a.number for a in three}
    assert [x["service_request_id"] for x in client.get(OPEN311, {"page_size": 1, "page": 3}).json()] == [
        three[0].number]  # newest first: the third of three is the oldest


@pytest.mark.parametrize("params", [{"page_size": 101}, {"page_size": 0}, {"page": 0}, {"page": "abc"},
                                    {"page": 11}, {"page_size": "1e9"}])
def test_open311_bad_paging_is_a_400_in_spec_format(client, three, params):
    response = client.get(OPEN311, params)
    body = response.json()
    assert response.status_code == 400 and body[0]["code"] == 400
    assert "page_size 须在 1 到 100 之间" in body[0]["description"]


@pytest.mark.parametrize("rows", [1, 50])
def test_open311_get_query_budget(client, people, categories, rows, django_assert_max_num_queries):
    for i in range(rows):
        submit(people["resident"], category=categories["noise"], text=f"噪音{i}")
    with django_assert_max_num_queries(4):
        response = client.get(OPEN311)
    assert response.status_code == 200 and len(response.json()) == rows
