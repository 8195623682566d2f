import pytest

from grid.models import Building, Grid
from taijiang.users.scope import scope_for
from tests import factories

pytestmark = pytest.mark.django_db


def _visible_buildings(user):
    return set(scope_for(user).filter(Building.objects.all(), grid="grid").values_list("name", flat=True))


def test_grid_worker_sees_only_buildings_of_their_grids(territory):
    worker = factories.grid_worker(territory["g1"])
    assert _visible_buildings(worker) == {"1号楼"}


def test_grid_worker_of_two_grids_sees_both(territory):
    worker = factories.grid_worker(territory["g1"], territory["g2"])
    assert _visible_buildings(worker) == {"1号楼", "2号楼"}


def test_community_admin_sees_their_community_only(territory):
    admin = factories.community_admin(territory["a1"])
    assert _visible_buildings(admin) == {"1号楼", "2号楼"}


def test_window_staff_is_scoped_to_their_community(territory):
    clerk = factories.window_staff(territory["a2"])
    assert _visible_buildings(clerk) == {"3号楼"}


def test_street_admin_sees_every_community_of_the_street(territory):
    admin = factories.street_admin(territory["street_a"])
    assert _visible_buildings(admin) == {"1号楼", "2号楼", "3号楼"}


def test_district_admin_sees_everything(territory):
    assert _visible_buildings(factories.district_admin()) == {"1号楼", "2号楼", "3号楼", "4号楼"}


def test_resident_and_anonymous_see_no_territory(territory):
    from django.contrib.auth.models import AnonymousUser

    assert _visible_buildings(factories.resident()) == set()
    assert scope_for(AnonymousUser()).is_empty


def test_grid_worker_without_a_grid_path_sees_nothing(territory):
    worker = factories.grid_worker(territory["g1"])
    # A model only placed at community level is invisible to a grid worker.
    assert not scope_for(worker).filter(Grid.objects.all(), community="community").exists()


def test_covers_checks_match_filter(territory):
    worker = factories.grid_worker(territory["g1"])
    scope = scope_for(worker)
    assert scope.covers(territory["g1"]) and not scope.covers(territory["g2"])
    admin_scope = scope_for(factories.street_admin(territory["street_a"]))
    assert admin_scope.covers(territory["a2"]) and not admin_scope.covers(territory["b1"])


def test_scope_grids_and_communities_listing(territory):
    admin = factories.community_admin(territory["a1"])
    assert set(scope_for(admin).grids) == {territory["g1"], territory["g2"]}
    worker = factories.grid_worker(territory["g3"])
    assert list(scope_for(worker).communities) == [territory["a2"]]


def test_q_object_matches_filter_for_each_level(territory):
    for user in (factories.grid_worker(territory["g2"]), factories.community_admin(territory["a2"]),
                 factories.street_admin(territory["street_b"]), factories.district_admin()):
        scope = scope_for(user)
        via_filter = set(scope.filter(Building.objects.all(), grid="grid"))
        via_q = set(Building.objects.filter(scope.q(grid="grid")))
        assert via_filter == via_q, user.role


def test_covers_a_row_by_the_ids_it_carries_at_the_scope_own_level(territory):
    from types import SimpleNamespace

    g1, a1 = territory["g1"], territory["a1"]
    row = SimpleNamespace(grid_id=g1.pk, community_id=a1.pk, street_id=a1.street_id)
    unplaced = SimpleNamespace(grid_id=None, community_id=a1.pk, street_id=a1.street_id)
    worker = scope_for(factories.grid_worker(g1))
    assert worker.covers(row) and not worker.covers(unplaced)  # a grid worker covers only rows in their grids
    assert not worker.covers(a1)  # nor a whole community
    community = scope_for(factories.community_admin(a1))
    assert community.covers(row) and community.covers(unplaced) and not community.covers(territory["b1"])
    street = scope_for(factories.street_admin(territory["street_a"]))
    assert street.covers(row) and street.covers(territory["street_a"]) and not street.covers(territory["street_b"])
    assert not scope_for(factories.resident()).covers(row)
