"""/api/v1/workload/: the register's filters, filing and decisions as actions, bad input as 400."""

import pytest

from taijiang.workdays.calendar import add_working_days
from tests.workload.conftest import make_task
from workload.models import Application, Disposition, TaskList

pytestmark = pytest.mark.django_db
TASKS = "/api/v1/workload/tasks/"
APPS = "/api/v1/workload/applications/"


@pytest.fixture
def register(territory, today):
    import datetime

    return {
        "duty": make_task("T1", task_list=TaskList.DUTY),
        "assisting_a1": make_task("T2", task_list=TaskList.ASSISTING, communities=[territory["a1"]]),
        "returned": make_task("T3", disposition=Disposition.RETURNED, until=datetime.date(2025, 7, 1)),
        "upcoming": make_task("T4", since=today + datetime.timedelta(days=30)),
        "negative": make_task("T5", task_list=TaskList.NEGATIVE, disposition=Disposition.ABOLISHED,
                              until=datetime.date(2025, 7, 1)),
    }


def codes(response):
    assert response.status_code == 200, response.content
    return sorted(row["code"] for row in response.json()["results"])


def test_task_filters(api_client, people, register, territory):
    api_client.force_authenticate(people["district"])
    assert codes(api_client.get(TASKS)) == ["T1", "T2", "T3", "T4", "T5"]
    assert codes(api_client.get(TASKS, {"list": "assisting"})) == ["T2"]
    assert codes(api_client.get(TASKS, {"disposition": "returned"})) == ["T3"]
    assert codes(api_client.get(TASKS, {"status": "in_force"})) == ["T1", "T2"]
    assert codes(api_client.get(TASKS, {"status": "upcoming"})) == ["T4"]
    assert codes(api_client.get(TASKS, {"status": "ended"})) == ["T3", "T5"]
    assert codes(api_client.get(TASKS, {"community": territory["b1"].pk, "status": "in_force"})) == ["T1"]
    assert codes(api_client.get(TASKS, {"community": territory["a1"].pk, "status": "in_force"})) == ["T1", "T2"]


def test_community_admin_does_not_see_another_communitys_specific_task(api_client, people, register):
    api_client.force_authenticate(people["community_b1"])
    assert "T2" not in codes(api_client.get(TASKS))
    api_client.force_authenticate(people["community_a1"])
    assert "T2" in codes(api_client.get(TASKS))


@pytest.mark.parametrize("params", [{"list": "bogus"}, {"status": "maybe"}, {"community": "abc"},
                                    {"community": "2.5"}, {"disposition": "x"}])
def test_bad_task_filters_are_400_not_500(api_client, people, params):
    api_client.force_authenticate(people["district"])
    response = api_client.get(TASKS, params)
    assert response.status_code == 400 and response.json()["detail"]


def test_a_community_id_no_row_can_have_matches_only_district_wide_tasks(api_client, people, register):
    # Not a 400 (the schema says integer, and it is one) nor an overflow in the database.
    api_client.force_authenticate(people["district"])
    response = api_client.get(TASKS, {"community": "99999999999999999999"})
    assert response.status_code == 200
    assert "T2" not in codes(response)


def test_file_review_decide_withdraw_through_the_api(api_client, people, territory, today):
    api_client.force_authenticate(people["cg"])
    body = {"title": "垃圾分类督导", "task_list": "assisting", "legal_basis": "条例", "hours_per_month": 8,
            "resources_offered": "经费随事转", "start_date": add_working_days(today, 35).isoformat(),
            "communities": [territory["a1"].pk]}
    response = api_client.post(APPS, body, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "submitted" and response.json()["communities"] == [territory["a1"].pk]

    api_client.force_authenticate(people["street_a"])
    response = api_client.post(f"{APPS}{pk}/decide/", {"admit": True, "reason": "x"}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == "只有区级管理员可以作出准入决定。"
    response = api_client.post(f"{APPS}{pk}/review/", {"agrees": True, "opinion": "同意"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "reviewed"
    assert response.json()["reviews"][0]["opinion"] == "同意"

    api_client.force_authenticate(people["district"])
    response = api_client.post(f"{APPS}{pk}/decide/", {"admit": True, "reason": "准入"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "admitted"
    code = response.json()["task"]
    assert code in codes(api_client.get(TASKS, {"status": "upcoming"}))
    response = api_client.post(f"{APPS}{pk}/decide/", {"admit": False, "reason": "再"}, format="json")
    assert response.status_code == 409

    api_client.force_authenticate(people["cg"])
    response = api_client.post(f"{APPS}{pk}/withdraw/", {"reason": "试点结束"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "exited"
    assert code in codes(api_client.get(TASKS, {"disposition": "withdrawn"}))


@pytest.mark.parametrize(("body", "field"), [
    ({}, "title"),
    ({"title": "x", "task_list": "negative", "legal_basis": "x", "hours_per_month": 1, "resources_offered": "x",
      "start_date": "2030-01-01"}, "task_list"),
    ({"title": "x", "task_list": "duty", "legal_basis": "x", "hours_per_month": 0, "resources_offered": "x",
      "start_date": "2030-01-01"}, "hours_per_month"),
    ({"title": "x", "task_list": "duty", "legal_basis": "x", "hours_per_month": 1, "resources_offered": "x",
      "start_date": "not-a-date"}, "start_date"),
    ({"title": "x", "task_list": "duty", "legal_basis": "x", "hours_per_month": 1, "resources_offered": "x",
      "start_date": "2030-01-01", "communities": [99999999]}, "communities"),
])
def test_bad_filing_is_a_clear_400(api_client, people, body, field):
    api_client.force_authenticate(people["cg"])
    response = api_client.post(APPS, body, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not Application.objects.exists()


def test_too_short_notice_is_a_field_error(api_client, people, today):
    api_client.force_authenticate(people["cg"])
    body = {"title": "x", "task_list": "duty", "legal_basis": "x", "hours_per_month": 1, "resources_offered": "x",
            "start_date": add_working_days(today, 5).isoformat()}
    response = api_client.post(APPS, body, format="json")
    assert response.status_code == 400 and "start_date" in response.json()["errors"]


def test_only_liaisons_file_through_the_api(api_client, people):
    api_client.force_authenticate(people["district"])
    response = api_client.post(APPS, {}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == "只有区职能部门联络员可以提出准入申请。"


def test_decision_actions_with_bad_bodies_are_400(api_client, people, reviewed):
    api_client.force_authenticate(people["district"])
    for body in ({}, {"admit": "perhaps", "reason": "x"}, {"admit": True, "reason": ""}):
        response = api_client.post(f"{APPS}{reviewed.pk}/decide/", body, format="json")
        assert response.status_code == 400, body
    assert api_client.post(f"{APPS}999999/decide/", {"admit": True, "reason": "x"}, format="json").status_code == 404
