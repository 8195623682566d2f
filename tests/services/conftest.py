import pytest

from tests import factories
from tests.services.factories import ItemFactory, centre_with_windows


@pytest.fixture
def item(db):
    return ItemFactory(code="mz-test", name="高龄补贴", promised_days=5)


@pytest.fixture
def people(territory):
    a1 = territory["a1"]
    resident = factories.resident(community=a1, building=territory["b_g1"], display_name="林阿姨")
    return {
        "resident": resident,
        "other_resident": factories.resident(community=a1, building=territory["b_g1"]),
        "window": factories.window_staff(a1),
        "window_a2": factories.window_staff(territory["a2"]),
        "community_admin": factories.community_admin(a1),
        "street_admin": factories.street_admin(territory["street_a"]),
        "street_b_admin": factories.street_admin(territory["street_b"]),
        "district": factories.district_admin(),
        "grid_worker": factories.grid_worker(territory["g1"]),
        "grid_worker_g3": factories.grid_worker(territory["g3"]),
    }


@pytest.fixture
def hall(territory, people):
    centre, windows = centre_with_windows(territory["a1"], count=2)
    return {"centre": centre, "w1": windows[0], "w2": windows[1]}
