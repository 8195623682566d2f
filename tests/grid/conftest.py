import datetime

import pytest

from tests import factories
from tests.grid.factories import HouseholdFactory, ResidentFactory


@pytest.fixture
def reg(territory):
    """The territory plus people: a worker per grid of 甲一社区, admins, window staff, a resident,
    and one household with a resident in grids g1, g2 and g4."""
    t = dict(territory)
    t["worker1"] = factories.grid_worker(t["g1"], username="worker1", display_name="网格员甲")
    t["worker2"] = factories.grid_worker(t["g2"], username="worker2", display_name="网格员乙")
    t["admin_a1"] = factories.community_admin(t["a1"], username="admin_a1")
    t["admin_a2"] = factories.community_admin(t["a2"], username="admin_a2")
    t["street_a"] = factories.street_admin(t["street_a"], username="street_admin_a")
    t["window"] = factories.window_staff(t["a1"], username="window_a1")
    t["resident_user"] = factories.resident(username="resident1")
    t["h1"] = HouseholdFactory(building=t["b_g1"], door_number="101")
    t["h2"] = HouseholdFactory(building=t["b_g2"], door_number="201")
    t["h4"] = HouseholdFactory(building=t["b_g4"], door_number="401")
    t["r1"] = ResidentFactory(household=t["h1"], name="林秀英", sex="F", birth_date=datetime.date(1940, 5, 6),
                              phone="13912345678")
    t["r2"] = ResidentFactory(household=t["h2"], name="陈建国", birth_date=datetime.date(1960, 1, 2))
    t["r4"] = ResidentFactory(household=t["h4"], name="黄志强", birth_date=datetime.date(1970, 8, 9))
    return t
