"""District scale: the staff bookings list filters two indexed columns, without a join or DISTINCT."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spaces.models import Booking
from tests import factories
from tests.spaces.conftest import TUESDAY, at
from tests.spaces.factories import RoomFactory

pytestmark = pytest.mark.django_db


def _book(room, booker, hm="09:00", end="10:00"):
    return Booking.objects.create(room=room, booker=booker, purpose="general", title="x", start=at(TUESDAY, hm),
                                  end=at(TUESDAY, end), blocked_until=at(TUESDAY, end))


@pytest.fixture
def other_centre(territory):
    return factories.ServiceCentreFactory(community=territory["a2"], total_area_m2=300)


def test_staff_list_has_own_centre_and_own_bookings_elsewhere_only(now, api_client, centre, other_centre, admin,
                                                                   other_admin, resident):
    here = _book(RoomFactory(centre=centre), resident)
    mine_elsewhere = _book(RoomFactory(centre=other_centre), admin, "11:00", "12:00")
    theirs = _book(RoomFactory(centre=other_centre, name="别处"), other_admin, "13:00", "14:00")
    api_client.force_authenticate(admin)
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get("/api/v1/bookings/")
    ids = [row["id"] for row in response.json()["results"]]
    assert sorted(ids) == sorted([here.pk, mine_elsewhere.pk]) and theirs.pk not in ids
    listing = [q["sql"] for q in queries if 'FROM "spaces_booking"' in q["sql"]]
    # Before: WHERE (centre.community_id IN … OR booker_id = …) across the join, plus SELECT DISTINCT.
    assert listing and not any("DISTINCT" in sql for sql in listing), listing


def test_resident_list_is_unchanged(now, api_client, centre, admin, resident):
    mine = _book(RoomFactory(centre=centre), resident)
    _book(RoomFactory(centre=centre, name="别的"), admin, "11:00", "12:00")
    api_client.force_authenticate(resident)
    assert [row["id"] for row in api_client.get("/api/v1/bookings/").json()["results"]] == [mine.pk]


@pytest.mark.parametrize("count", [1, 50])
def test_street_admin_list_query_budget(now, api_client, centre, territory, count, django_assert_max_num_queries):
    for room in RoomFactory.create_batch(count, centre=centre):
        _book(room, factories.resident(community=territory["a1"]))
    api_client.force_authenticate(factories.street_admin(territory["street_a"]))
    with django_assert_max_num_queries(6):
        response = api_client.get("/api/v1/bookings/")
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 8])
def test_office_shares_take_two_queries_however_many_centres(territory, count, django_assert_num_queries):
    from decimal import Decimal

    from spaces.selectors import office_share, office_shares

    streets = [territory["street_a"], territory["street_b"]]
    centres = [factories.ServiceCentreFactory(community=factories.CommunityFactory(street=streets[i % 2]),
                                              total_area_m2=400) for i in range(count)]
    street_centre = factories.ServiceCentreFactory(community=None, street=territory["street_b"], name="乙街道中心",
                                                   total_area_m2=800)
    for centre in centres:
        RoomFactory(centre=centre, name="办公室", kind="office", area_m2=Decimal("60"), bookable=False)
        factories.window_staff(centre.community)
    factories.street_admin(territory["street_b"])
    with django_assert_num_queries(2):
        shares = office_shares([*centres, street_centre])
    assert shares == [office_share(c) for c in [*centres, street_centre]]
    first = shares[0]
    assert first["office_area_m2"] == Decimal("60") and first["share"] == Decimal("0.1500")
    assert first["workers"] == 1 and first["office_m2_per_worker"] == Decimal("60.00")
    assert shares[-1]["workers"] == 1 and shares[-1]["office_area_m2"] == Decimal("0")
