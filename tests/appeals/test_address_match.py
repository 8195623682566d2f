"""The free address of a submission matched to a building: one query, names repeat across communities."""

import pytest

from .conftest import submit

pytestmark = pytest.mark.django_db


def test_address_match_prefers_the_building_of_the_community_named_and_is_one_query(
        territory, django_assert_num_queries):
    from appeals.services.route import building_named_in
    from tests import factories

    same_name_a2 = factories.BuildingFactory(grid=territory["g3"], name="1号楼")  # 甲二社区 also has a 1号楼
    with django_assert_num_queries(2):  # exact address, then names contained in the address
        assert building_named_in("甲二社区1号楼楼下") == same_name_a2
    assert building_named_in("甲一社区1号楼楼下") == territory["b_g1"]
    assert building_named_in("1号楼楼下") is None  # two communities have a 1号楼: ambiguous
    assert building_named_in("甲二社区2号楼旁") == territory["b_g2"]  # the only 2号楼, whatever the community


def test_ambiguous_address_falls_back_to_the_residents_community(people, territory):
    from tests import factories

    factories.BuildingFactory(grid=territory["g3"], name="2号楼")
    appeal = submit(people["resident"], address="2号楼后面的空地")
    assert appeal.building is None and appeal.community == territory["a1"] and appeal.level == "community"
