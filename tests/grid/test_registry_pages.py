import datetime

import pytest
from django.urls import reverse

from grid.models import Household, Resident, ResidentEvent
from grid.workflow import RESIDENT_FLOW
from taijiang.core.exceptions import InvalidTransition
from tests.grid.factories import HouseholdFactory, ResidentFactory, valid_id

pytestmark = pytest.mark.django_db


def test_worker_lists_only_households_of_own_grid(client, reg):
    client.force_login(reg["worker1"])
    html = client.get(reverse("grid:household_list")).content.decode()
    assert "林秀英" in html and "陈建国" not in html and "黄志强" not in html


def test_worker_cannot_open_household_of_another_grid(client, reg):
    client.force_login(reg["worker1"])
    assert client.get(reverse("grid:household_detail", args=[reg["h2"].pk])).status_code == 404
    assert client.get(reverse("grid:household_detail", args=[reg["h1"].pk])).status_code == 200


def test_search_by_name_does_not_cross_grids(client, reg):
    client.force_login(reg["worker1"])
    html = client.get(reverse("grid:household_list"), {"q": "陈建国"}).content.decode()
    assert "没有找到住户" in html


def test_search_by_building_and_door_and_by_name(client, reg):
    client.force_login(reg["admin_a1"])
    html = client.get(reverse("grid:household_list"), {"building": reg["b_g2"].pk, "door": "201"}).content.decode()
    assert "陈建国" in html and "林秀英" not in html
    html = client.get(reverse("grid:household_list"), {"q": "秀英"}).content.decode()
    assert "林秀英" in html and "陈建国" not in html


def test_community_admin_sees_community_and_street_admin_sees_street(client, reg):
    client.force_login(reg["admin_a1"])
    html = client.get(reverse("grid:household_list")).content.decode()
    assert "林秀英" in html and "陈建国" in html and "黄志强" not in html
    client.force_login(reg["street_a"])
    assert client.get(reverse("grid:household_detail", args=[reg["h2"].pk])).status_code == 200
    assert client.get(reverse("grid:household_detail", args=[reg["h4"].pk])).status_code == 404


def test_window_staff_is_refused_the_register_with_a_reason(client, reg):
    client.force_login(reg["window"])
    response = client.get(reverse("grid:household_list"))
    assert response.status_code == 403
    assert "窗口人员不能查看住户档案" in response.content.decode()
    assert client.get(reverse("grid:household_detail", args=[reg["h1"].pk])).status_code == 403


def test_resident_is_refused_the_register(client, reg):
    client.force_login(reg["resident_user"])
    response = client.get(reverse("grid:due"))
    assert response.status_code == 403 and "住户档案仅供网格员和社区管理员使用" in response.content.decode()


def test_anonymous_is_sent_to_login(client, reg):
    response = client.get(reverse("grid:household_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_detail_shows_masked_values_only(client, reg):
    client.force_login(reg["street_a"])
    html = client.get(reverse("grid:household_detail", args=[reg["h1"].pk])).content.decode()
    assert reg["r1"].id_number not in html and "13912345678" not in html
    assert reg["r1"].masked_id_number in html and "139****5678" in html


def test_worker_adds_household_and_resident(client, reg):
    client.force_login(reg["worker1"])
    response = client.post(reverse("grid:household_create"), {
        "building": reg["b_g1"].pk, "door_number": "502", "residence_type": "present", "living_situation": "alone"})
    household = Household.objects.get(building=reg["b_g1"], door_number="502")
    assert response.status_code == 302
    id_number = valid_id(datetime.date(1938, 2, 3), serial=7, male=False)
    response = client.post(reverse("grid:resident_create", args=[household.pk]), {
        "name": "郑玉兰", "sex": "F", "birth_date": "1938-02-03", "id_number": id_number, "phone": "13812345678",
        "ethnicity": "汉族", "relation_to_head": "户主"})
    assert response.status_code == 302, response.content.decode()
    resident = Resident.objects.get(name="郑玉兰")
    assert resident.id_number == id_number and resident.household == household
    assert ResidentEvent.objects.filter(resident=resident, kind="moved_in").exists()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"id_number": "35010319380203001X"}, "id_number", "校验位不正确"),
    ({"birth_date": "1939-02-03"}, "birth_date", "不一致"),
    ({"birth_date": "2999-01-01", "id_number": ""}, "birth_date", "不能晚于今天"),
    ({"phone": "12345"}, "phone", "11 位手机号码"),
    ({"id_number": "35010319381303001X"}, "id_number", "出生日期不正确"),
])
def test_bad_personal_fields_get_field_errors_and_keep_input(client, reg, changes, field, message):
    client.force_login(reg["worker1"])
    data = {"name": "郑玉兰", "sex": "F", "birth_date": "1938-02-03",
            "id_number": valid_id(datetime.date(1938, 2, 3), serial=7, male=False), "phone": "13812345678",
            "ethnicity": "汉族", "relation_to_head": "户主", **changes}
    response = client.post(reverse("grid:resident_create", args=[reg["h1"].pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert 'value="郑玉兰"' in response.content.decode()
    assert not Resident.objects.filter(name="郑玉兰").exists()


def test_duplicate_id_number_is_refused_through_lookup_hash(client, reg):
    client.force_login(reg["admin_a1"])
    response = client.post(reverse("grid:resident_create", args=[reg["h2"].pk]), {
        "name": "重复", "sex": "F", "id_number": reg["r1"].id_number, "ethnicity": "汉族"})
    assert "已登记在其他住户" in " ".join(response.context["form"].errors["id_number"])


def test_editing_resident_without_id_keeps_stored_value(client, reg):
    client.force_login(reg["worker1"])
    original = reg["r1"].id_number
    response = client.get(reverse("grid:resident_edit", args=[reg["r1"].pk]))
    assert original not in response.content.decode()
    response = client.post(reverse("grid:resident_edit", args=[reg["r1"].pk]), {
        "name": "林秀英", "sex": "F", "birth_date": "1940-05-06", "id_number": "", "phone": "",
        "ethnicity": "汉族", "relation_to_head": "户主"})
    assert response.status_code == 302
    reg["r1"].refresh_from_db()
    assert reg["r1"].id_number == original and reg["r1"].phone == "13912345678"


def test_status_change_records_event(client, reg):
    client.force_login(reg["worker1"])
    response = client.post(reverse("grid:resident_status", args=[reg["r1"].pk]),
                           {"status": "deceased", "date": "2026-01-05", "note": "病故"})
    assert response.status_code == 302
    reg["r1"].refresh_from_db()
    assert reg["r1"].status == "deceased"
    event = ResidentEvent.objects.get(resident=reg["r1"])
    assert (event.kind, event.date, event.note, event.recorded_by) == ("died", datetime.date(2026, 1, 5), "病故",
                                                                      reg["worker1"])


ALL_STATUSES = ["active", "moved_out", "deceased", "lost_contact"]
PATHS_TO = {"active": [], "moved_out": ["moved_out"], "lost_contact": ["lost_contact"],
            "deceased": ["deceased"]}


@pytest.mark.parametrize(("current", "target"), [
    (c, t) for c in ALL_STATUSES for t in ALL_STATUSES
    if t not in RESIDENT_FLOW.allowed(c)
])
def test_every_forbidden_status_change_is_refused(reg, current, target):
    from grid.services import resident_change_status

    for step in PATHS_TO[current]:
        resident_change_status(actor=reg["worker1"], resident=reg["r1"], status=step, date=datetime.date(2026, 1, 5))
    events = ResidentEvent.objects.count()
    with pytest.raises(InvalidTransition, match="不能从"):
        resident_change_status(actor=reg["worker1"], resident=reg["r1"], status=target,
                               date=datetime.date(2026, 1, 6))
    reg["r1"].refresh_from_db()
    assert reg["r1"].status == current and ResidentEvent.objects.count() == events


def test_moved_out_resident_can_move_back(reg):
    from grid.services import resident_change_status

    resident_change_status(actor=reg["worker1"], resident=reg["r1"], status="moved_out", date=datetime.date(2026, 1, 5))
    event = resident_change_status(actor=reg["worker1"], resident=reg["r1"], status="active",
                                   date=datetime.date(2026, 2, 5))
    assert event.kind == "returned"


def test_forbidden_status_change_on_page_is_a_message(client, reg):
    client.force_login(reg["worker1"])
    client.post(reverse("grid:resident_status", args=[reg["r1"].pk]), {"status": "deceased", "date": "2026-01-05"})
    response = client.post(reverse("grid:resident_status", args=[reg["r1"].pk]),
                           {"status": "active", "date": "2026-01-06"}, follow=True)
    assert "不能从“死亡”变为“在册”" in response.content.decode()


def test_worker_cannot_edit_other_grid_resident(client, reg):
    client.force_login(reg["worker1"])
    assert client.get(reverse("grid:resident_edit", args=[reg["r2"].pk])).status_code == 404
    response = client.post(reverse("grid:resident_status", args=[reg["r2"].pk]), {"status": "moved_out",
                                                                                  "date": "2026-01-05"})
    assert response.status_code == 404


def test_street_admin_reads_but_cannot_edit(client, reg):
    client.force_login(reg["street_a"])
    response = client.get(reverse("grid:household_edit", args=[reg["h1"].pk]))
    assert response.status_code == 403 and "没有修改住户档案的权限" in response.content.decode()


def test_duplicate_door_is_a_field_error(client, reg):
    client.force_login(reg["worker1"])
    response = client.post(reverse("grid:household_create"), {
        "building": reg["b_g1"].pk, "door_number": "101", "residence_type": "present", "living_situation": "ordinary"})
    assert "已有这个门牌号" in " ".join(response.context["form"].errors["door_number"])


def test_household_in_building_outside_scope_cannot_be_created(client, reg):
    client.force_login(reg["worker1"])
    response = client.post(reverse("grid:household_create"), {
        "building": reg["b_g2"].pk, "door_number": "909", "residence_type": "present", "living_situation": "ordinary"})
    assert response.status_code == 200 and "building" in response.context["form"].errors
    assert not Household.objects.filter(door_number="909").exists()


@pytest.mark.parametrize("count", [1, 50])
def test_household_list_query_budget(client, reg, django_assert_max_num_queries, count):
    for i in range(count - 1):
        ResidentFactory(household=HouseholdFactory(building=reg["b_g1"], door_number=f"9{i:02d}"))
    client.force_login(reg["worker1"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("grid:household_list"))
    assert response.status_code == 200 and len(response.context["page"].object_list) == min(count, 30)


def test_newborn_is_recorded_as_born(client, reg):
    client.force_login(reg["worker1"])
    birth = datetime.date.today() - datetime.timedelta(days=20)
    response = client.post(reverse("grid:resident_create", args=[reg["h1"].pk]), {
        "name": "林小宝", "sex": "M", "birth_date": birth.isoformat(), "id_number": valid_id(birth, serial=9),
        "ethnicity": "汉族", "relation_to_head": "孙子", "born_here": "on"})
    assert response.status_code == 302
    assert ResidentEvent.objects.get(resident__name="林小宝").kind == "born"
