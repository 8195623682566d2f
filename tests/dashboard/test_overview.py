import pytest
from django.urls import reverse

from taijiang.core.portal import home_cards_for, nav_items_for
from taijiang.dashboard.services import rollup_day

from .conftest import DAY

pytestmark = pytest.mark.django_db
URL = "/me/dashboard/"
REFUSED = "数据看板仅向社区、街道和区级管理员开放。"


def open_overview(client, user, query=""):
    client.force_login(user)
    return client.get(URL + query)


def test_url_name():
    assert reverse("dashboard:overview") == URL
    assert reverse("dashboard:export") == "/me/dashboard/export.csv"


def test_community_admin_sees_known_figures_of_their_community_only(client, people, world):
    response = open_overview(client, people["admin_a1"], "?days=7")
    assert response.status_code == 200
    figures = response.context["figures"]
    appeals = figures["appeals"]
    assert appeals["total"] == 4
    assert appeals["by_status"] == {"closed": 2, "submitted": 1, "replied": 1}
    # 2 on time of (3 answered + 1 open and overdue): the overdue open case counts against the rate.
    assert appeals["on_time_rate"] == 50.0
    assert appeals["average_rating"] == 3.0
    assert appeals["unrated_share"] == 0.0
    assert appeals["overdue_now"] == 1
    queue = figures["services"]["queue"]
    assert {k: queue[k] for k in ("tickets", "served", "no_shows", "wait_p50", "service_p50")} == {
        "tickets": 3, "served": 1, "no_shows": 1, "wait_p50": 15.0, "service_p50": 10.0}
    assert figures["services"]["chart"]["labels"] == ["09:00"]
    assert figures["coverage"]["households"] == 2
    assert sum(figures["coverage"]["chart"]["values"]) == 2
    assert [o["centre"] for o in figures["spaces"]["centres"]] == [world["centre_a1"]]
    assert response.context["rows"] == []  # a community's page compares its grids instead
    assert [row["grid"].code for row in response.context["grid_rows"]] == ["a1-g1", "a1-g2"]
    body = response.content.decode()
    assert "未分类" in body and "50.0" in body
    assert 'id="chart-categories"' in body and "vendor/echarts/echarts.min.js" in body


def test_other_community_admin_does_not_see_a1(client, people, world):
    response = open_overview(client, people["admin_a2"], "?days=7")
    assert response.context["figures"]["appeals"]["total"] == 1
    assert response.context["figures"]["services"]["queue"]["tickets"] == 1


def test_street_admin_sees_the_street_with_a_comparison_table(client, people, world, territory):
    response = open_overview(client, people["street_a"], "?days=7")
    assert response.status_code == 200
    assert response.context["figures"]["appeals"]["total"] == 5
    rows = {row["community"].code: row for row in response.context["rows"]}
    assert set(rows) == {"a1", "a2"}
    assert rows["a1"]["appeals"] == 4 and rows["a1"]["appeals_on_time_rate"] == 50.0
    assert rows["a1"]["tickets"] == 3 and rows["a1"]["wait_p50"] == 15.0 and rows["a1"]["bookings_held"] == 1
    assert rows["a2"]["appeals"] == 1 and rows["a2"]["tickets"] == 1
    assert "乙一社区" not in response.content.decode()


def test_district_admin_compares_the_streets(client, people, world):
    response = open_overview(client, people["district"], "?days=7")
    assert response.context["figures"]["appeals"]["total"] == 6
    rows = {row["street"].code: row for row in response.context["rows"]}
    assert set(rows) == {"street-a", "street-b"}
    # A street's rate is recomputed from its communities' parts, never an average of percentages.
    assert rows["street-a"]["appeals"] == 5 and rows["street-a"]["appeals_on_time_rate"] == 50.0
    assert rows["street-b"]["households"] == 0 and rows["street-b"]["coverage_percent"] is None
    assert "无住户" in response.content.decode()


@pytest.mark.parametrize("who", ["window", "grid_worker", "resident"])
def test_other_roles_are_refused_with_the_reason(client, people, who):
    response = open_overview(client, people[who])
    assert response.status_code == 403
    assert REFUSED in response.content.decode()
    assert client.get(reverse("dashboard:export")).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("query", ["?days=abc", "?days=365", "?days=", "?days=-7"])
def test_bad_period_falls_back_to_30_days_with_a_message(client, people, world, query):
    response = open_overview(client, people["admin_a1"], query)
    assert response.status_code == 200
    assert response.context["period"].days == 30
    assert "时间范围无效" in response.content.decode()


def test_period_choices(client, people, world):
    for days in (7, 30, 90):
        period = open_overview(client, people["admin_a1"], f"?days={days}").context["period"]
        assert period.days == days and (period.date_to - period.date_from).days == days - 1
        assert open_overview(client, people["admin_a1"], f"?preset={days}").context["period"] == period


def test_trend_reads_the_rollups(client, people, world):
    empty = open_overview(client, people["admin_a1"]).context["figures"]["trend"]
    assert empty["has_data"] is False
    rollup_day(day=DAY)
    trend = open_overview(client, people["admin_a1"]).context["figures"]["trend"]
    assert trend["has_data"] is True and len(trend["labels"]) == 30 and trend["labels"][-1] == "12-09"
    series = {s["metric"]: s["data"] for s in trend["series"]}
    assert series["appeals_submitted"][-1] == 4 and series["tickets_issued"][-1] == 3
    assert trend["wait"][-1] == 15.0
    street = open_overview(client, people["street_a"]).context["figures"]["trend"]
    assert {s["metric"]: s["data"] for s in street["series"]}["appeals_submitted"][-1] == 5
    assert street["wait"][-1] == round((15 * 3 + 4 * 1) / 4, 1)  # weighted by tickets issued


def test_nav_and_home_card_for_admins_only(people, db):
    for who in ("admin_a1", "street_a", "district"):
        assert "dashboard:overview" in [item.url_name for item in nav_items_for(people[who])]
        assert reverse("dashboard:overview") in [card.url for card in home_cards_for(people[who])]
    for who in ("window", "grid_worker", "resident"):
        assert "dashboard:overview" not in [item.url_name for item in nav_items_for(people[who])]
        assert reverse("dashboard:overview") not in [card.url for card in home_cards_for(people[who])]


def test_staff_home_links_to_the_overview(client, people, db):
    client.force_login(people["street_a"])
    assert reverse("dashboard:overview") in client.get("/").content.decode()
