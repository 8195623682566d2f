"""The spaces panel's heatmap per room and per slice function, each cell opening the held bookings
behind it (same territory and dates, that weekday and hour)."""

import datetime

import pytest
from django.urls import reverse

from spaces.models import Function
from tests.spaces.factories import RoomFactory, SliceFactory

from .conftest import DAY, booking

pytestmark = pytest.mark.django_db
WEDNESDAY = DAY.weekday()  # 2026-12-09


@pytest.fixture
def rooms(world, people):
    """world's room: Wednesday 13:00–17:00 general, booked 14:00–15:00 (and a cancelled 16:00–17:00);
    a meeting room of the same centre: Wednesday 13:00–15:00 meeting, booked 13:30–14:00."""
    room = world["room"]
    SliceFactory(room=room, weekday=WEDNESDAY, starts=datetime.time(13), ends=datetime.time(17))
    meeting = RoomFactory(centre=world["centre_a1"], name="邻听屋")
    SliceFactory(room=meeting, weekday=WEDNESDAY, starts=datetime.time(13), ends=datetime.time(15),
                 function=Function.MEETING)
    booking(meeting, people["resident"], "13:30", "14:00")
    return {"room": room, "meeting": meeting}


def heatmap(client, user, query):
    client.force_login(user)
    response = client.get(reverse("dashboard:overview") + "?days=7" + query)
    assert response.status_code == 200
    return response.context["figures"]["spaces"], response


def test_all_rooms_then_one_room_then_one_function(client, people, rooms):
    spaces, _response = heatmap(client, people["admin_a1"], "")
    assert spaces["heatmap"]["hours"] == [13, 14, 15, 16]
    # 13h: 30 of 120 minutes; 14h: 60 of 120; 15h and 16h: 0 of 60 (the cancelled booking does not count)
    assert spaces["heatmap"]["rows"][WEDNESDAY] == [25.0, 50.0, 0.0, 0.0]
    assert spaces["heatmap"]["rows"][0] == [None] * 4
    spaces, response = heatmap(client, people["admin_a1"], f"&room={rooms['room'].pk}")
    assert spaces["heatmap_room"] == rooms["room"].pk
    assert spaces["heatmap"]["rows"][WEDNESDAY] == [0.0, 100.0, 0.0, 0.0]
    assert spaces["heatmap"]["minutes"][WEDNESDAY][1] == (60, 60)
    assert f'<option value="{rooms["room"].pk}" selected>' in response.content.decode()
    spaces, _response = heatmap(client, people["admin_a1"], "&function=meeting")
    assert spaces["heatmap"]["hours"] == [13, 14]
    assert spaces["heatmap"]["rows"][WEDNESDAY] == [50.0, 0.0]


def test_each_cell_opens_the_bookings_behind_it(client, people, rooms):
    spaces, response = heatmap(client, people["admin_a1"], f"&room={rooms['room'].pk}")
    links = spaces["heatmap"]["links"]
    assert links[0] == [None] * 4  # Monday: nothing offered, nothing to open
    cell = links[WEDNESDAY][1]
    assert f"room={rooms['room'].pk}" in cell and "weekday=2&hour=14" in cell and "from=2026-12-04" in cell
    assert cell.replace("&", "&amp;") in response.content.decode()  # the no-JS table links too
    listed = client.get(cell)
    assert [b.title for b in listed.context["page"]] == ["读书会"]
    assert client.get(links[WEDNESDAY][0]).context["page"].paginator.count == 0  # 13h: nothing booked
    spaces, _response = heatmap(client, people["admin_a1"], "&function=meeting")
    listed = client.get(spaces["heatmap"]["links"][WEDNESDAY][0])
    assert [b.room_id for b in listed.context["page"]] == [rooms["meeting"].pk]


def test_a_room_outside_the_territory_is_ignored(client, people, rooms, territory):
    from tests import factories

    elsewhere = RoomFactory(centre=factories.ServiceCentreFactory(community=territory["b1"]))
    spaces, _response = heatmap(client, people["admin_a1"], f"&room={elsewhere.pk}&function=nonsense")
    assert spaces["heatmap_room"] is None and spaces["heatmap_function"] is None
    assert spaces["heatmap"]["rows"][WEDNESDAY] == [25.0, 50.0, 0.0, 0.0]


def test_rooms_by_function_per_month_on_the_page_and_in_both_exports(client, people, rooms):
    from tests.dashboard.test_export import download, sheet, table

    client.force_login(people["admin_a1"])
    response = client.get(reverse("dashboard:overview") + "?from=2026-11-25&to=2026-12-10")
    fm = response.context["figures"]["spaces"]["function_months"]
    assert fm["months"] == ["2026-11", "2026-12"]
    # Wednesdays in range: 11-25 (November); 12-02 and 12-09 (December).
    cells = {row["function"]: [(c["rooms"], c["hours"]) for c in row["cells"]] for row in fm["table"]}
    assert cells == {"general": [(1, 4.0), (1, 8.0)], "meeting": [(1, 2.0), (1, 4.0)]}
    assert 'id="dash-functions"' in response.content.decode()
    expected = [["2026-11 · 会议", "1", "2.0"], ["2026-11 · 通用", "1", "4.0"],
                ["2026-12 · 会议", "1", "4.0"], ["2026-12 · 通用", "1", "8.0"]]
    query = "?from=2026-11-25&to=2026-12-10&table=functions"
    csv_rows = table(download(client, people["admin_a1"], query))
    assert csv_rows[2] == ["月份 · 功能", "提供该功能的房间（间）", "该功能开放时长（小时）"]
    assert csv_rows[3:] == expected
    xlsx = sheet(download(client, people["admin_a1"], query, name="dashboard:export_xlsx"))
    assert xlsx[3:] == [[name, int(rooms), float(hours)] for name, rooms, hours in expected]
