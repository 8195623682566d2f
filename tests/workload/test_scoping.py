"""Who sees what: department liaisons their own department only, admins their territory, others nothing."""

import pytest
from django.urls import reverse

from tests.workload.conftest import file, liaison_of
from workload import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def refusals(people, departments, territory, today):
    made = {}
    for key, admin, community, department in (("a1_tj", "community_a1", "a1", "tj"),
                                              ("b1_cg", "community_b1", "b1", "cg")):
        made[key] = services.refusal_record(actor=people[admin], community=territory[community],
                                            department=departments[department], what=f"下派{key}",
                                            pushed_on=today, channel="document")
    return made


def test_department_sees_only_its_own_applications(client, people, departments):
    mine = file(people["cg"], title="城管的申请")
    theirs = file(people["tj"], title="统计的申请")
    client.force_login(people["cg"])
    page = client.get(reverse("workload:applications")).content.decode()
    assert "城管的申请" in page and "统计的申请" not in page
    assert client.get(reverse("workload:application_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("workload:application_detail", args=[theirs.pk])).status_code == 404
    colleague = liaison_of(departments["cg"])
    client.force_login(colleague)
    assert client.get(reverse("workload:application_detail", args=[mine.pk])).status_code == 200


def test_department_api_other_department_is_404(api_client, people):
    theirs = file(people["tj"])
    api_client.force_authenticate(people["cg"])
    assert api_client.get("/api/v1/workload/applications/").json()["count"] == 0
    assert api_client.get(f"/api/v1/workload/applications/{theirs.pk}/").status_code == 404
    response = api_client.post(f"/api/v1/workload/applications/{theirs.pk}/withdraw/", {"reason": "x"})
    assert response.status_code == 404


def test_department_sees_refusals_about_it_only(client, people, refusals):
    client.force_login(people["tj"])
    page = client.get(reverse("workload:refusals")).content.decode()
    assert "下派a1_tj" in page and "下派b1_cg" not in page
    assert client.get(reverse("workload:refusal_detail", args=[refusals["b1_cg"].pk])).status_code == 404


def test_community_admin_sees_own_community_only(client, people, refusals, territory):
    services.ledger_add(actor=people["community_b1"], community=territory["b1"], name="乙一台账")
    services.ledger_add(actor=people["community_a1"], community=territory["a1"], name="甲一台账")
    client.force_login(people["community_a1"])
    page = client.get(reverse("workload:refusals")).content.decode()
    assert "下派a1_tj" in page and "下派b1_cg" not in page
    assert client.get(reverse("workload:refusal_detail", args=[refusals["b1_cg"].pk])).status_code == 404
    ledgers = client.get(reverse("workload:ledgers")).content.decode()
    assert "甲一台账" in ledgers and "乙一台账" not in ledgers


def test_street_admin_sees_own_street_only(client, people, refusals, territory):
    only_b = file(people["cg"], title="只涉及乙一", communities=[territory["b1"]])
    everywhere = file(people["cg"], title="全区事项")
    client.force_login(people["street_a"])
    page = client.get(reverse("workload:refusals")).content.decode()
    assert "下派a1_tj" in page and "下派b1_cg" not in page
    apps = client.get(reverse("workload:applications")).content.decode()
    assert "全区事项" in apps and "只涉及乙一" not in apps
    assert client.get(reverse("workload:application_detail", args=[only_b.pk])).status_code == 404
    assert client.get(reverse("workload:application_detail", args=[everywhere.pk])).status_code == 200
    overview = client.get(reverse("workload:overview")).content.decode()
    assert territory["a1"].name in overview and territory["b1"].name not in overview


def test_district_sees_everything(client, people, refusals):
    client.force_login(people["district"])
    page = client.get(reverse("workload:refusals")).content.decode()
    assert "下派a1_tj" in page and "下派b1_cg" in page


@pytest.mark.parametrize("who", ["resident", "window", "grid", "orphan_department"])
def test_wrong_roles_are_refused_with_the_reason(client, people, who):
    client.force_login(people[who])
    response = client.get(reverse("workload:tasks"))
    assert response.status_code == 403
    assert "社区工作事项清单仅向社区、街道、区级管理员和区职能部门开放。" in response.content.decode()
    response = client.get(reverse("workload:overview"))
    assert response.status_code == 403 and "去机关化总览仅向街道和区级管理员开放。" in response.content.decode()


@pytest.mark.parametrize("who", ["community_a1", "cg"])
def test_overview_is_for_street_and_district(client, people, who):
    client.force_login(people[who])
    response = client.get(reverse("workload:overview"))
    assert response.status_code == 403 and "去机关化总览仅向街道和区级管理员开放。" in response.content.decode()


def test_only_community_admins_record_refusals_and_only_liaisons_file(client, people):
    client.force_login(people["street_a"])
    response = client.get(reverse("workload:refusal_create"))
    assert response.status_code == 403 and "只有社区管理员可以登记拒绝记录。" in response.content.decode()
    response = client.get(reverse("workload:application_create"))
    assert response.status_code == 403 and "只有区职能部门联络员可以提出准入申请。" in response.content.decode()


def test_department_is_not_staff_and_sees_no_other_apps(client, people):
    liaison = people["cg"]
    assert not liaison.is_portal_staff and not liaison.is_resident and not liaison.is_portal_admin
    client.force_login(liaison)
    home = client.get("/").content.decode()
    assert "我部门审核中的准入申请" in home
    for url in (reverse("dashboard:overview"), reverse("appeals:worklist"), reverse("workload:ledgers")):
        assert client.get(url).status_code in (403, 302), url
    assert client.get(reverse("grid:household_list")).status_code in (403, 302)


def test_api_wrong_role_refused_with_message(api_client, people):
    api_client.force_authenticate(people["resident"])
    response = api_client.get("/api/v1/workload/tasks/")
    assert response.status_code == 403
    assert response.json()["detail"] == "社区工作事项清单仅向社区、街道、区级管理员和区职能部门开放。"
    response = api_client.get("/api/v1/workload/applications/")
    assert response.status_code == 403 and response.json()["detail"] == "准入申请仅向管理员和区职能部门开放。"


def test_department_account_cannot_file_a_residents_appeal(people):
    from appeals.services import appeal_submit
    from taijiang.core.exceptions import NotAllowed

    with pytest.raises(NotAllowed) as exc:
        appeal_submit(actor=people["cg"], text="路灯坏了")
    assert str(exc.value.message) == "区职能部门账号不能以居民身份提交诉求。"


def test_department_account_is_refused_resident_only_services_pages(client, people):
    client.force_login(people["cg"])
    response = client.get(reverse("services:appointment_list"))
    assert response.status_code == 403 and "预约供居民本人使用。" in response.content.decode()
