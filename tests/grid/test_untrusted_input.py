"""Hostile values on the register pages answer 4xx or an empty result, never a 500 (issue 10, point 9)."""

import pytest

from tests.grid.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("building", ["²", "①", "٣", "99999999999999999999", "-1"])
def test_household_list_with_a_unicode_digit_building_filter_lists_everything_instead_of_a_500(
        client, reg, building):
    HouseholdFactory(building=reg["b_g1"], door_number="101")
    client.force_login(reg["worker1"])
    response = client.get("/grid/households/", {"building": building})
    assert response.status_code == 200
    assert [h.door_number for h in response.context["page"]] == ["101"]


def test_household_search_with_a_nul_byte_answers_400_with_the_reason(client, reg):
    client.force_login(reg["worker1"])
    response = client.get("/grid/households/?q=%00")
    assert response.status_code == 400 and "请求中含有不允许的字符" in response.content.decode()


def test_resident_status_date_far_in_the_future_is_a_field_error(client, reg):
    household = HouseholdFactory(building=reg["b_g1"])
    from tests.grid.factories import ResidentFactory

    resident = ResidentFactory(household=household)
    client.force_login(reg["worker1"])
    response = client.post(f"/grid/residents/{resident.pk}/status/", {"status": "moved_out", "date": "9999-12-31"})
    assert response.status_code < 500
