"""Found in review: data of one resident shown to another, 500s on odd input, the shared 403 page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from appeals import services
from appeals.models import ApiKey, Appeal

from .conftest import submit

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


@pytest.fixture
def key(db):
    raw = ApiKey.generate()
    api_key = ApiKey(system_name="12345热线")
    api_key.set_key(raw)
    api_key.save()
    return raw


# --- a follower never sees the other resident's own entries ------------------------------

def test_follower_does_not_see_the_other_residents_added_info_rating_or_reopen_reason(people, categories, client):
    worker = people["worker_g1"]
    main = submit(people["resident"], category=categories["noise"], text="楼上装修太吵")
    dup = submit(people["neighbour"], category=categories["noise"], text="装修吵")
    services.appeal_merge(appeal=dup, into=main, actor=worker)
    services.appeal_request_info(appeal=main, actor=worker, text="请说明具体楼层")
    services.appeal_add_info(appeal=main, actor=people["resident"], text="我住5单元602，电话13912345678")
    services.appeal_accept(appeal=main, actor=worker)
    services.appeal_reply(appeal=main, actor=worker, text="已联系施工方控制时间", resolve=True)
    services.appeal_rate(appeal=main, actor=people["resident"], rating=2, comment="邻居林某某还在吵")
    services.appeal_reopen(appeal=main, actor=people["resident"], reason="我家老人晚上睡不着")
    client.force_login(people["neighbour"])
    html = client.get(reverse("appeals:detail", args=[main.pk])).content.decode()
    assert "已联系施工方控制时间" in html and "请说明具体楼层" in html  # staff answers are followed
    for private in ("602", "13912345678", "林某某", "老人晚上睡不着"):
        assert private not in html
    client.force_login(people["resident"])  # the owner still sees all of it
    html = client.get(reverse("appeals:detail", args=[main.pk])).content.decode()
    assert "13912345678" in html and "林某某" in html and "老人晚上睡不着" in html


# --- the shared 403 page shows the reason --------------------------------------------------

def test_refusals_use_the_shared_403_page_with_the_reason(client, people):
    client.force_login(people["resident"])
    response = client.get(reverse("appeals:worklist"))
    assert response.status_code == 403 and "仅供工作人员" in response.content.decode()
    assert "errors/403.html" in [t.name for t in response.templates]
    assert "appeals/forbidden.html" not in [t.name for t in response.templates]
    client.force_login(people["worker_g1"])
    response = client.get(reverse("appeals:categories"))
    assert response.status_code == 403 and "街道或区级管理员" in response.content.decode()
    assert "errors/403.html" in [t.name for t in response.templates]


# --- odd input answers 404/400, never 500 --------------------------------------------------

@pytest.mark.parametrize("query", ["?building=abc", "?resident=x", "?visit=1.5", "?building=-1"])
def test_staff_create_with_a_non_numeric_id_is_404(client, people, query):
    client.force_login(people["worker_g1"])
    assert client.get(reverse("appeals:staff_create") + query).status_code == 404


@pytest.mark.parametrize("number", ["x" * 30, "a b", "²"])
def test_detail_by_a_malformed_number_is_404(client, people, number):
    client.force_login(people["resident"])
    assert client.get(f"/appeals/n/{number}/").status_code == 404


@pytest.mark.parametrize("number", ["%00", "YSS%00"])
def test_detail_by_a_number_with_a_nul_byte_is_400(client, people, number):
    client.force_login(people["resident"])  # the request guard answers before the view (taijiang.core.middleware)
    assert client.get(f"/appeals/n/{number}/").status_code == 400


def test_merge_into_a_number_outside_the_territory_reads_as_not_found(client, people, categories, territory):
    mine = submit(people["resident"], category=categories["noise"])
    services.appeal_accept(appeal=mine, actor=people["worker_g1"])
    other = services.appeal_create_on_behalf(actor=people["admin_a2"], channel="phone", text="别处的噪音",
                                             building=territory["b_g3"], category=categories["noise"])
    client.force_login(people["worker_g1"])
    response = client.post(reverse("appeals:act", args=[mine.pk, "merge"]), {"into": other.number})
    assert response.status_code == 400 and "找不到受理编号" in response.content.decode()
    assert Appeal.objects.get(pk=mine.pk).status != "merged"


@pytest.mark.parametrize("lat, lng", [("1e10", "1"), ("91", "119"), ("26", "-181"), ("NaN", "NaN"),
                                      ("Infinity", "1"), ("abc", "1")])
def test_open311_post_refuses_coordinates_out_of_range(client, categories, key, lat, lng):
    response = client.post(f"{BASE}/requests.json", {"api_key": key, "service_code": "noise", "lat": lat,
                                                      "long": lng, "description": "吵"})
    body = response.json()
    assert response.status_code == 400 and body[0]["code"] == 400 and "lat/long" in body[0]["description"]
    assert not Appeal.objects.exists()


def test_open311_post_refuses_overlong_fields_and_trims_the_name(client, categories, key):
    good = {"api_key": key, "service_code": "noise", "address_string": "台江区", "description": "吵"}
    too_long = client.post(f"{BASE}/requests.json", {**good, "address_string": "路" * 201})
    assert too_long.status_code == 400 and "address_string" in too_long.json()[0]["description"]
    too_long = client.post(f"{BASE}/requests.json", {**good, "description": "吵" * 2001})
    assert too_long.status_code == 400 and "description" in too_long.json()[0]["description"]
    created = client.post(f"{BASE}/requests.json", {**good, "first_name": "名" * 300})
    assert created.status_code == 201
    assert len(Appeal.objects.get().contact_name) == 50


@pytest.mark.parametrize("url", [
    f"{BASE}/requests.json?service_code=%00", f"{BASE}/requests.json?service_request_id=YSS%00",
    f"{BASE}/requests/YSS%00.json", f"{BASE}/services/no%00ise.json",
    f"{BASE}/requests.json?start_date=9999-12-31&end_date=9999-12-31",
])
def test_open311_odd_parameters_answer_400_or_404_in_spec_format(client, categories, url):
    response = client.get(url)
    body = response.json()
    assert response.status_code in (400, 404) and body[0]["code"] == response.status_code


def test_open311_end_date_as_a_plain_date_includes_that_whole_day(client, people, categories):
    appeal = submit(people["resident"], category=categories["noise"])
    day = timezone.localtime(appeal.created_at).date().isoformat()
    body = client.get(f"{BASE}/requests.json?start_date={day}&end_date={day}").json()
    assert [r["service_request_id"] for r in body] == [appeal.number]


# --- the free address → building match (one query, names repeat across communities) ---------

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


def test_staff_opening_my_appeals_go_to_the_worklist(client, people, appeal):
    client.force_login(people["worker_g1"])
    response = client.get(reverse("appeals:mine"))
    assert response.status_code == 302 and response.url == reverse("appeals:worklist")


@pytest.mark.parametrize("lat, lng", [("95", "119"), ("26", "200")])
def test_api_submission_with_coordinates_out_of_range_is_400(api_client, people, lat, lng):
    api_client.force_authenticate(people["resident"])
    response = api_client.post("/api/v1/appeals/", {"text": "路灯坏了", "latitude": lat, "longitude": lng},
                               format="json")
    assert response.status_code == 400 and set(response.json()["errors"]) & {"latitude", "longitude"}
    assert not Appeal.objects.exists()


# --- PORTAL settings with defaults -----------------------------------------------------------

def test_reopen_and_auto_close_days_come_from_portal_settings_or_default_to_seven(settings):
    from appeals import conf

    settings.PORTAL = {k: v for k, v in settings.PORTAL.items()
                       if k not in ("APPEAL_REOPEN_DAYS", "APPEAL_AUTO_CLOSE_DAYS")}
    assert conf.reopen_days() == 7 and conf.auto_close_days() == 7
    settings.PORTAL = {**settings.PORTAL, "APPEAL_REOPEN_DAYS": 3, "APPEAL_AUTO_CLOSE_DAYS": "10"}
    assert conf.reopen_days() == 3 and conf.auto_close_days() == 10


def test_auto_close_uses_the_configured_days(settings, people, appeal):
    import datetime

    import time_machine

    from appeals.workflow import Status

    settings.PORTAL = {**settings.PORTAL, "APPEAL_AUTO_CLOSE_DAYS": 2}
    services.appeal_accept(appeal=appeal, actor=people["worker_g1"])
    services.appeal_reply(appeal=appeal, actor=people["worker_g1"], text="已清理", resolve=True)
    resolved = Appeal.objects.get(pk=appeal.pk).resolved_at
    assert services.auto_close_unrated(now=resolved + datetime.timedelta(days=1)) == 0
    with time_machine.travel(resolved + datetime.timedelta(days=2, minutes=1)):
        assert services.auto_close_unrated() == 1
    closed = Appeal.objects.get(pk=appeal.pk)
    assert closed.status == Status.CLOSED and closed.closed_unrated
