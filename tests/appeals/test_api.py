import pytest
from django.utils import timezone

from appeals import services
from appeals.models import Appeal
from appeals.workflow import Status

from .conftest import jpeg, submit

pytestmark = pytest.mark.django_db

URL = "/api/v1/appeals/"


def test_resident_lists_only_their_own(api_client, people, appeal):
    submit(people["neighbour"])
    api_client.force_authenticate(people["resident"])
    body = api_client.get(URL).json()
    assert [row["number"] for row in body["results"]] == [appeal.number]
    assert body["results"][0]["holder"] == "甲一社区·第一网格"


def test_other_residents_appeal_is_404_with_json_body(api_client, people, appeal):
    api_client.force_authenticate(people["neighbour"])
    response = api_client.get(f"{URL}{appeal.pk}/")
    assert response.status_code == 404 and response.json() == {"detail": "未找到。"}


def test_staff_lists_are_scoped(api_client, people, categories, territory):
    in_g1 = submit(people["resident"], category=categories["noise"])
    in_g3 = submit(people["resident"], category=categories["noise"], building=territory["b_g3"])
    in_g4 = submit(people["resident"], category=categories["noise"], building=territory["b_g4"])
    seen = {}
    for who in ("worker_g1", "worker_g2", "admin_a1", "street_a", "street_b", "district"):
        api_client.force_authenticate(people[who])
        seen[who] = {row["number"] for row in api_client.get(URL).json()["results"]}
    assert seen["worker_g1"] == {in_g1.number} and seen["worker_g2"] == set()
    assert seen["admin_a1"] == {in_g1.number}
    assert seen["street_a"] == {in_g1.number, in_g3.number} and seen["street_b"] == {in_g4.number}
    assert seen["district"] == {in_g1.number, in_g3.number, in_g4.number}


def test_filters(api_client, people, categories, territory):
    noisy = submit(people["resident"], category=categories["noise"])
    policy = submit(people["resident"], category=categories["policy"])
    Appeal.objects.filter(pk=noisy.pk).update(is_overdue=True)
    api_client.force_authenticate(people["district"])

    def numbers(**params):
        return {row["number"] for row in api_client.get(URL, params).json()["results"]}

    assert numbers(category="noise") == {noisy.number}
    assert numbers(level="community") == {policy.number}
    assert numbers(overdue="true") == {noisy.number}
    assert numbers(grid=territory["g1"].pk) == {noisy.number, policy.number}  # the grid of the place
    assert numbers(grid=territory["g2"].pk) == set()
    assert numbers(community="a1") == {noisy.number, policy.number}
    assert numbers(status="submitted") == {noisy.number, policy.number}
    assert numbers(status="closed") == set()
    today = timezone.localdate(noisy.created_at).isoformat()  # the filter reads local dates
    assert numbers(created_after=today, created_before=today) == {noisy.number, policy.number}
    assert numbers(created_after="2099-01-01") == set()


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_budget(api_client, people, categories, rows, django_assert_max_num_queries):
    for i in range(rows):
        submit(people["resident"], category=categories["noise"], text=f"噪音{i}")
    api_client.force_authenticate(people["worker_g1"])
    with django_assert_max_num_queries(8):
        response = api_client.get(URL)
    assert response.status_code == 200 and response.json()["count"] == rows


def test_resident_files_through_the_api(api_client, people, categories):
    api_client.force_authenticate(people["resident"])
    response = api_client.post(URL, {"text": "井盖丢了", "category": "municipal", "photos": [jpeg()]},
                               format="multipart")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("YSS-") and body["level"] == "community" and len(body["photos"]) == 1


def test_api_empty_submission_is_400_with_field_errors(api_client, people):
    api_client.force_authenticate(people["resident"])
    response = api_client.post(URL, {"text": ""}, format="json")
    assert response.status_code == 400 and "至少拍一张照片" in response.json()["detail"]
    assert "text" in response.json()["errors"]


def test_api_rate_limit_is_429(api_client, people, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "appeal_submit": "1/h"}
    api_client.force_authenticate(people["resident"])
    assert api_client.post(URL, {"text": "一"}, format="json").status_code == 201
    response = api_client.post(URL, {"text": "二"}, format="json")
    assert response.status_code == 429 and response.json()["code"] == "throttled"


def test_wrong_role_accepting_is_403_with_message(api_client, people, appeal):
    api_client.force_authenticate(people["window_a1"])
    response = api_client.post(f"{URL}{appeal.pk}/accept/")
    assert response.status_code == 403 and "当前承办层级" in response.json()["detail"]


def test_staff_accept_and_reply_and_resident_rates_then_409_on_second_rating(api_client, people, appeal):
    api_client.force_authenticate(people["worker_g1"])
    assert api_client.post(f"{URL}{appeal.pk}/accept/").json()["status"] == "accepted"
    assert api_client.post(f"{URL}{appeal.pk}/accept/").status_code == 409
    assert api_client.post(f"{URL}{appeal.pk}/reply/", {"text": "已清理", "resolve": True},
                           format="json").json()["status"] == "replied"
    api_client.force_authenticate(people["resident"])
    assert api_client.post(f"{URL}{appeal.pk}/rate/", {"rating": 4}, format="json").json()["rating"] == 4
    response = api_client.post(f"{URL}{appeal.pk}/rate/", {"rating": 5}, format="json")
    assert response.status_code == 409 and "已经评价过" in response.json()["detail"]
    assert api_client.post(f"{URL}{appeal.pk}/rate/", {"rating": 9}, format="json").status_code == 400


def test_escalate_and_decline_need_a_reason(api_client, people, appeal):
    api_client.force_authenticate(people["worker_g1"])
    assert api_client.post(f"{URL}{appeal.pk}/escalate/", {}, format="json").status_code == 400
    assert api_client.post(f"{URL}{appeal.pk}/escalate/", {"reason": "需社区协调"}, format="json").json()["level"] \
        == "community"


def test_anonymous_is_refused(api_client):
    assert api_client.get(URL).status_code in (401, 403)


def test_categories_are_public(api_client, categories):
    body = api_client.get("/api/v1/appeal-categories/").json()
    assert {c["code"] for c in body} >= {"noise", "municipal"}


def test_selector_by_numbers_respects_visibility(people, appeal):
    from appeals.selectors import appeals_by_numbers

    assert appeals_by_numbers([appeal.number.lower(), "YSS-19990101-0001"], people["resident"]) == {
        appeal.number: appeal}
    assert appeals_by_numbers([appeal.number], people["neighbour"]) == {}
    assert set(appeals_by_numbers([appeal.number], people["admin_a1"])) == {appeal.number}


def test_dashboard_figures(people, categories):
    import datetime

    from appeals.selectors import appeal_figures

    a = submit(people["resident"], category=categories["noise"])
    b = submit(people["neighbour"], category=categories["noise"])
    submit(people["neighbour"], category=categories["policy"])
    for item in (a, b):
        services.appeal_accept(appeal=item, actor=people["worker_g1"])
        services.appeal_reply(appeal=item, actor=people["worker_g1"], text="好", resolve=True)
    services.appeal_rate(appeal=a, actor=people["resident"], rating=4)
    Appeal.objects.filter(pk=b.pk).update(status=Status.CLOSED, closed_unrated=True)
    today = a.created_at.date()
    figures = appeal_figures(communities=[people["resident"].community], date_from=today - datetime.timedelta(days=1),
                             date_to=today + datetime.timedelta(days=1))
    assert figures["total"] == 3 and figures["by_status"] == {"closed": 2, "submitted": 1}
    assert figures["by_category"] == {"噪音扰民": 2, "政策咨询": 1}
    assert figures["by_level"] == {"grid": 2, "community": 1}
    assert figures["on_time_rate"] == 1.0 and figures["average_rating"] == 4.0 and figures["unrated_share"] == 0.5


def test_staff_cannot_file_as_a_resident_through_the_api(api_client, people):
    api_client.force_authenticate(people["worker_g1"])
    response = api_client.post(URL, {"text": "代提"}, format="json")
    assert response.status_code == 403 and "代居民登记" in response.json()["detail"]


# --- create on behalf and route (added in review) --------------------------------------------

ON_BEHALF = "/api/v1/appeals/on-behalf/"


@pytest.fixture
def registry(territory, people):
    from grid.models import Household, Resident, Visit

    household = Household.objects.create(building=territory["b_g1"], door_number="302")
    resident = Resident.objects.create(household=household, name="陈大爷", sex="M")
    visit = Visit.objects.create(household=household, worker=people["worker_g1"], needs="楼道灯坏了")
    return {"resident": resident, "visit": visit}


def test_grid_worker_files_on_behalf_from_a_visit(api_client, people, registry, categories, territory):
    api_client.force_authenticate(people["worker_g1"])
    response = api_client.post(ON_BEHALF, {"channel": "visit", "text": "楼道灯坏了", "category": "sanitation",
                                           "resident": registry["resident"].pk, "visit": registry["visit"].pk},
                               format="json")
    assert response.status_code == 201, response.json()
    appeal = Appeal.objects.get(number=response.json()["number"])
    assert appeal.channel == "visit" and appeal.grid == territory["g1"] and appeal.created_by == people["worker_g1"]
    assert appeal.registry_resident == registry["resident"] and appeal.source_visit == registry["visit"]


def test_on_behalf_outside_the_territory_or_as_a_resident_is_refused(api_client, people, registry, territory):
    api_client.force_authenticate(people["worker_g2"])
    response = api_client.post(ON_BEHALF, {"channel": "visit", "text": "求助", "resident": registry["resident"].pk},
                               format="json")
    # An id outside the territory answers 404 as in a path (not told apart from no such row), field named.
    body = response.json()
    assert response.status_code == 404 and body["code"] == "not_found" and "辖区" in body["errors"]["resident"][0]
    response = api_client.post(ON_BEHALF, {"channel": "phone", "text": "求助", "building": territory["b_g1"].pk},
                               format="json")
    assert response.status_code == 404 and "辖区" in response.json()["errors"]["building"][0]
    response = api_client.post(ON_BEHALF, {"channel": "phone", "text": "求助", "building": 10**9}, format="json")
    assert response.status_code == 404 and "不存在" in response.json()["detail"]
    api_client.force_authenticate(people["resident"])
    response = api_client.post(ON_BEHALF, {"channel": "phone", "text": "求助"}, format="json")
    assert response.status_code == 403 and "工作人员" in response.json()["detail"]
    response = api_client.post(ON_BEHALF, {"channel": "web", "text": "求助"}, format="json")
    assert response.status_code == 403
    assert not Appeal.objects.exists()


def test_on_behalf_bad_input_is_400(api_client, people):
    api_client.force_authenticate(people["window_a1"])
    response = api_client.post(ON_BEHALF, {"channel": "web", "text": ""}, format="json")
    assert response.status_code == 400 and "登记渠道" in response.json()["errors"]["channel"][0]
    response = api_client.post(ON_BEHALF, {"channel": "phone", "text": ""}, format="json")
    assert response.status_code == 400 and "text" in response.json()["errors"]
    response = api_client.post(ON_BEHALF, {"channel": "phone", "building": "abc"}, format="json")
    assert response.status_code == 400 and "building" in response.json()["errors"]


def test_admin_routes_through_the_api_and_others_are_refused(api_client, people, appeal):
    url = f"{URL}{appeal.pk}/route/"
    api_client.force_authenticate(people["worker_g1"])
    response = api_client.post(url, {"level": "street", "reason": "涉及多个社区"}, format="json")
    assert response.status_code == 403 and "管理员" in response.json()["detail"]
    api_client.force_authenticate(people["admin_a2"])
    assert api_client.post(url, {"level": "street"}, format="json").status_code == 404
    api_client.force_authenticate(people["resident"])
    assert api_client.post(url, {"level": "street"}, format="json").status_code == 403
    api_client.force_authenticate(people["admin_a1"])
    assert api_client.post(url, {"level": "nowhere"}, format="json").status_code == 400
    response = api_client.post(url, {"level": "street", "reason": "涉及多个社区"}, format="json")
    assert response.status_code == 200 and response.json()["level"] == "street"
    assert api_client.post(url, {"level": "street"}, format="json").status_code == 409  # already there: the state


def test_a_form_body_has_no_null_and_needs_text_or_a_photo(api_client, people, categories):
    api_client.force_authenticate(people["resident"])
    # a form cannot carry null: the text "null" is not a building id (the schema documents none nullable)
    response = api_client.post(URL, {"text": "路灯坏了", "building": "null"}, format="multipart")
    assert response.status_code == 400 and response.json()["errors"] == {"building": ["请填写合法的整数值。"]}
    # neither text nor a photo (the schema's anyOf): 400 on text
    response = api_client.post(URL, {"category": "municipal", "text": "  "}, format="multipart")
    assert response.status_code == 400 and "至少拍一张照片" in response.json()["errors"]["text"][0]
    # an empty field is a field left out
    response = api_client.post(URL, {"photos": [jpeg()], "building": "", "latitude": ""}, format="multipart")
    assert response.status_code == 201, response.json()
    assert Appeal.objects.count() == 1


def test_json_values_are_read_by_the_schemas_types(api_client, people):
    api_client.force_authenticate(people["resident"])
    response = api_client.post(URL, {"text": "路灯坏了", "publish_allowed": 0}, format="json")
    assert response.status_code == 400 and response.json()["errors"] == {"publish_allowed": ["必须是有效的布尔值。"]}
    response = api_client.post(URL, {"text": 0}, format="json")
    assert response.status_code == 400 and response.json()["errors"] == {"text": ["不是有效的字符串。"]}
    response = api_client.post(URL, {"text": "路灯坏了", "latitude": "90", "longitude": ""}, format="json")
    assert response.status_code == 400 and "longitude" in response.json()["errors"]
    assert not Appeal.objects.exists()
    # a phone's GPS number: rounded to the 6 decimals kept
    response = api_client.post(URL, {"text": "路灯坏了", "latitude": 26.0751234567, "longitude": 119.3012345678},
                               format="json")
    assert response.status_code == 201, response.json()
    assert str(Appeal.objects.get().latitude) == "26.075123"


def test_routing_to_a_level_the_case_has_no_unit_at_is_a_409(api_client, people, territory, categories):
    """A real level, but this case has no grid (its resident gave no building): the record's state
    refuses it (409), unlike an unknown level, which is bad input (400)."""
    from tests import factories

    homeless = factories.resident(community=territory["a1"])
    appeal = submit(homeless, category=categories["sanitation"], text="小区门口垃圾没人清运")
    assert appeal.grid_id is None
    api_client.force_authenticate(people["admin_a1"])
    response = api_client.post(f"{URL}{appeal.pk}/route/", {"level": "grid"}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"] == {"level": ["这件诉求没有对应的网格单位。"]}
    response = api_client.post(f"{URL}{appeal.pk}/route/", {"level": "nowhere"}, format="json")
    assert response.status_code == 400 and "nowhere" in response.json()["errors"]["level"][0]
