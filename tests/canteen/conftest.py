import pytest

from tests import factories

from . import factories as cf


@pytest.fixture
def world(territory):
    """A canteen in community A1 (grids g1, g2); a household in g1 with an elder who has an account and
    her son; a neighbour household in g1; an elder in g2; staff of A1; staff of A2 for refusals."""
    a1 = territory["a1"]
    canteen = cf.canteen_for(a1)
    home = cf.household(territory["b_g1"])
    elder_user = factories.resident(display_name="林阿姨")
    elder = cf.person(home, age=82, name="林阿姨", user=elder_user, tags=["living-alone-elderly"])
    son_user = factories.resident(display_name="林先生")
    son = cf.person(home, age=50, name="林先生", user=son_user)
    neighbour_home = cf.household(territory["b_g1"])
    neighbour_user = factories.resident(display_name="邻居")
    neighbour = cf.person(neighbour_home, age=66, name="陈伯", user=neighbour_user)
    g2_elder = cf.person(cf.household(territory["b_g2"]), age=75, name="黄奶奶", tags=["dibao"])
    other_community_elder = cf.person(cf.household(territory["b_g3"]), age=80, name="外社区老人")
    return {
        **territory, "canteen": canteen, "elder": elder, "elder_user": elder_user, "son": son,
        "son_user": son_user, "neighbour": neighbour, "neighbour_user": neighbour_user, "g2_elder": g2_elder,
        "other_elder": other_community_elder,
        "admin": factories.community_admin(a1, display_name="社区管理员"),
        "window": factories.window_staff(a1, display_name="窗口"),
        "g1_worker": factories.grid_worker(territory["g1"], display_name="一网格员"),
        "g2_worker": factories.grid_worker(territory["g2"], display_name="二网格员"),
        "a2_admin": factories.community_admin(territory["a2"]),
        "a2_worker": factories.grid_worker(territory["g3"]),
        "street_admin": factories.street_admin(territory["street_a"]),
        "b_street_admin": factories.street_admin(territory["street_b"]),
    }


@pytest.fixture
def meal(world):
    return cf.meal(world["canteen"])
