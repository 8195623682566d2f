"""Territory and time in the URL: drill-down within the user's scope, any date range, and every
figure's link opening the list it counts, with the same filters."""

import datetime

import pytest
from django.urls import reverse

from taijiang.dashboard.filters import Period, parse_period, preset_period

from .conftest import DAY, appeal

pytestmark = pytest.mark.django_db
URL = "/me/dashboard/"
OUTSIDE = "您只能查看本人管辖范围内的数据看板。"
TODAY = datetime.date(2026, 12, 10)


def get(client, user, query=""):
    client.force_login(user)
    return client.get(URL + query)


def test_street_admin_drills_down_to_a_community_and_a_grid(client, people, world, territory):
    street = get(client, people["street_a"], "?days=7")
    drill = street.context["charts"]["drill"]
    assert [d["label"] for d in drill] == ["甲一社区", "甲二社区"]
    community = get(client, people["street_a"], drill[0]["href"])
    assert community.context["territory"].community == territory["a1"]
    assert community.context["figures"]["appeals"]["total"] == 4
    assert [label for label, _q in community.context["crumbs"]] == ["甲街道", "甲一社区"]
    grid = get(client, people["street_a"], f"?grid={territory['g1'].pk}&preset=7")
    assert grid.status_code == 200 and grid.context["territory"].grid == territory["g1"]
    assert grid.context["figures"]["coverage"]["households"] == 1


def test_district_admin_opens_any_street(client, people, world, territory):
    response = get(client, people["district"], f"?street={territory['street_b'].pk}&preset=7")
    assert response.status_code == 200
    assert response.context["figures"]["appeals"]["total"] == 1
    assert [row["community"].code for row in response.context["rows"]] == ["b1"]


@pytest.mark.parametrize(("who", "place"), [
    ("admin_a2", "a1"), ("admin_a1", "street_a"), ("admin_a1", "g3"), ("street_a", "b1"), ("street_a", "street_b"),
    ("street_a", "g4"),
])
def test_a_territory_outside_the_scope_is_refused_with_the_reason(client, people, world, territory, who, place):
    key = {"a1": "community", "b1": "community", "street_a": "street", "street_b": "street"}.get(place, "grid")
    response = get(client, people[who], f"?{key}={territory[place].pk}")
    assert response.status_code == 403
    assert OUTSIDE in response.content.decode()


@pytest.mark.parametrize("query", ["?community=999999", "?grid=abc", "?street=-1", "?community=1e3"])
def test_an_unknown_territory_is_not_found(client, people, world, query):
    assert get(client, people["district"], query).status_code == 404


def test_a_community_admin_may_open_their_own_grid(client, people, world, territory):
    assert get(client, people["admin_a1"], f"?grid={territory['g2'].pk}").status_code == 200


def test_any_date_range_and_its_previous_period(client, people, world):
    response = get(client, people["admin_a1"], "?from=2026-12-09&to=2026-12-09")
    period = response.context["period"]
    assert (period.date_from, period.date_to, period.days) == (DAY, DAY, 1)
    assert response.context["previous"] == Period(DAY - datetime.timedelta(days=1), DAY - datetime.timedelta(days=1))
    comparison = {key: (now, before) for key, now, before, _change in response.context["comparison"]}
    assert comparison["appeals"] == (4, 0) and comparison["tickets"] == (3, 0)
    assert 'value="2026-12-09"' in response.content.decode()


@pytest.mark.parametrize(("query", "message"), [
    ("?from=2026-12-09&to=2026-12-01", "开始日期晚于结束日期"),
    ("?from=2026-02-30&to=2026-03-01", "日期无效"),
    ("?from=2020-01-01&to=2026-12-01", "时间范围最长两年"),
    ("?from=2026-12-01", "日期无效"),
    ("?preset=decade", "时间范围无效"),
])
def test_bad_ranges_fall_back_to_30_days_with_a_message(client, people, world, query, message):
    response = get(client, people["admin_a1"], query)
    assert response.status_code == 200 and response.context["period"].days == 30
    assert message in response.content.decode()


def test_presets():
    assert preset_period("month", TODAY) == Period(datetime.date(2026, 12, 1), TODAY, "month")
    last = preset_period("last_month", TODAY)
    assert (last.date_from, last.date_to) == (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert last.previous() == Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
    assert preset_period("year", TODAY).date_from == datetime.date(2026, 1, 1)
    assert parse_period({"days": "7"}, TODAY)[0].days == 7


def test_filters_stay_in_the_url_of_every_link(client, people, world, territory):
    response = get(client, people["street_a"], f"?community={territory['a1'].pk}&from=2026-12-04&to=2026-12-10")
    links = response.context["links"]
    assert f"community={territory['a1'].pk}" in links["appeals"] and "from=2026-12-04" in links["appeals"]
    body = response.content.decode()
    assert f"export.csv?community={territory['a1'].pk}&amp;from=2026-12-04&amp;to=2026-12-10" in body


def test_overdue_figure_opens_exactly_the_overdue_appeals(client, people, world, territory):
    appeal(territory["a2"], "accepted", is_overdue=True)
    overview = get(client, people["street_a"], f"?community={territory['a1'].pk}&preset=7")
    worklist = client.get(overview.context["links"]["appeals_overdue_now"])
    assert worklist.status_code == 200
    numbers = [a.number for a in worklist.context["page"].object_list]
    assert len(numbers) == overview.context["figures"]["appeals"]["overdue_now"] == 1
    assert "已按数据看板的条件筛选" in worklist.content.decode()


def test_every_appeal_count_matches_its_list(client, people, world):
    overview = get(client, people["admin_a1"], "?preset=7")
    a = overview.context["figures"]["appeals"]
    links = overview.context["links"]
    assert client.get(links["appeals"]).context["page"].paginator.count == a["total"] == 4
    assert client.get(links["appeals_resolved"]).context["page"].paginator.count == a["resolved"] == 3
    assert client.get(links["appeals_overdue_open"]).context["page"].paginator.count == a["overdue_open"] == 1
    for status, link in overview.context["status_links"].items():
        expected = a["total"] if status == "any" else a["by_status"][status]
        assert client.get(link).context["page"].paginator.count == expected


def test_a_shared_link_never_widens_the_scope(client, people, world, territory):
    """The worklist's filters only narrow: a community admin given a link to another community
    sees nothing of it."""
    client.force_login(people["admin_a2"])
    response = client.get(reverse("appeals:worklist") + f"?all=1&status=any&community={territory['a1'].pk}")
    assert response.status_code == 200 and response.context["page"].paginator.count == 0


def test_request_counts_match_their_list(client, people, world, territory):
    from services.models import ServiceRequest
    from tests.services.factories import ItemFactory

    item = ItemFactory()
    for n, proxy in ((1, False), (2, True)):
        ServiceRequest.objects.create(number=f"Q{n}", item=item, applicant_name="林", community=territory["a1"],
                                      is_proxy=proxy, consent_by="林" if proxy else "",
                                      consent_at=world["on_time"].created_at if proxy else None,
                                      created_by=people["window"])
    overview = get(client, people["admin_a1"], "?preset=7")
    r = overview.context["figures"]["services"]["requests"]
    links = overview.context["links"]
    assert client.get(links["requests"]).context["page"].paginator.count == r["total"] == 2
    assert client.get(links["requests_proxy"]).context["page"].paginator.count == r["proxy"] == 1
    assert client.get(links["requests_online"]).context["page"].paginator.count == r["online"] == 2


def test_each_category_bar_opens_its_appeals(client, people, world, territory):
    from appeals.models import Appeal, Category

    category = Category.objects.create(name="路灯", code="lights")
    Appeal.objects.filter(pk=world["late"].pk).update(category=category)
    overview = get(client, people["admin_a1"], "?preset=7")
    chart = overview.context["charts"]["categories"]
    link = chart["links"][chart["labels"].index("路灯")]
    assert client.get(link).context["page"].paginator.count == 1
    assert chart["links"][chart["labels"].index("未分类")] is None


@pytest.mark.parametrize("who", ["admin_a1", "street_a", "district"])
def test_bookings_figure_opens_exactly_the_bookings_it_counts(client, people, world, who):
    overview = get(client, people[who], "?preset=7")
    listed = client.get(overview.context["links"]["bookings"])
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == overview.context["figures"]["spaces"]["bookings_held"] == 1
    assert "已按数据看板的条件筛选" in listed.content.decode()


def test_the_bookings_list_without_filters_still_shows_the_days_around_today(client, people, world):
    client.force_login(people["admin_a1"])
    response = client.get(reverse("spaces:manage_bookings"))
    assert response.status_code == 200 and "page" not in response.context


def test_visit_figures_open_exactly_the_visits_they_count(client, people, world, territory):
    from grid.models import Visit

    Visit.objects.filter(household__building=territory["b_g1"]).update(actions_taken="代办")
    for who, query in (("admin_a1", "?preset=7"), ("street_a", "?preset=7"), ("street_a", f"?grid={territory['g1'].pk}")):
        overview = get(client, people[who], query)
        c = overview.context["figures"]["coverage"]
        links = overview.context["links"]
        assert client.get(links["visits"]).context["page"].paginator.count == c["visits"]
        assert client.get(links["visits_doorstep"]).context["page"].paginator.count == c["doorstep"] == 1


def test_ticket_figures_open_exactly_the_tickets_they_count(client, people, world, territory):
    for who, query in (("admin_a1", "?preset=7"), ("street_a", "?preset=7"), ("district", "?preset=7"),
                       ("street_a", f"?grid={territory['g1'].pk}")):
        overview = get(client, people[who], query)
        q = overview.context["figures"]["services"]["queue"]
        links = overview.context["links"]
        assert client.get(links["tickets"]).context["page"].paginator.count == q["tickets"], (who, query)
        assert client.get(links["tickets_served"]).context["page"].paginator.count == q["served"]
        assert client.get(links["tickets_no_show"]).context["page"].paginator.count == q["no_shows"]


def test_ticket_list_is_for_admins_and_stays_in_scope(client, people, world, territory):
    client.force_login(people["window"])
    response = client.get(reverse("services:ticket_list"))
    assert response.status_code == 403 and "统计数据仅对管理员开放。" in response.content.decode()
    client.force_login(people["admin_a2"])
    listed = client.get(reverse("services:ticket_list") + f"?community={territory['a1'].pk}")
    assert listed.status_code == 200 and listed.context["page"].paginator.count == 0
