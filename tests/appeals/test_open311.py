"""Open311 GeoReport v2: every field the specification requires, its status values, dates and errors."""

import datetime
import re
from xml.etree import ElementTree

import pytest

from appeals import services
from appeals.models import ApiKey, Appeal, Level

from .conftest import submit

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}


@pytest.fixture
def key(db):
    raw = ApiKey.generate()
    api_key = ApiKey(system_name="12345热线")
    api_key.set_key(raw)
    api_key.save()
    return raw


def _is_error(response, status):
    body = response.json()
    return (response.status_code == status and isinstance(body, list) and body[0]["code"] == status
            and set(body[0]) == {"code", "description"} and body[0]["description"])


def test_discovery(client):
    body = client.get(f"{BASE}/discovery.json").json()
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(body)
    endpoint = body["endpoints"][0]
    assert set(endpoint) >= {"specification", "url", "changeset", "type", "formats"}
    assert endpoint["url"].endswith("/open311/v2/") and "application/json" in endpoint["formats"]
    assert ISO.match(body["changeset"])


def test_service_list_has_every_field(client, categories):
    body = client.get(f"{BASE}/services.json").json()
    assert len(body) == 10
    for service in body:
        assert set(service) == {"service_code", "service_name", "description", "metadata", "type", "keywords",
                                "group"}
        assert service["type"] in ("realtime", "batch", "blackbox") and isinstance(service["metadata"], bool)
    lamp = next(s for s in body if s["service_code"] == "municipal")
    assert lamp["service_name"] == "市政设施" and "路灯" in lamp["keywords"].split(",")


def test_service_definition(client, categories):
    body = client.get(f"{BASE}/services/noise.json").json()
    assert body["service_code"] == "noise"
    for attribute in body["attributes"]:
        assert set(attribute) >= {"variable", "code", "datatype", "required", "datatype_description", "order",
                                  "description"}
        assert attribute["datatype"] in ("string", "number", "datetime", "text", "singlevaluelist",
                                         "multivaluelist")
        if attribute["datatype"].endswith("valuelist"):
            assert all(set(v) == {"key", "name"} for v in attribute["values"])


def test_unknown_service_code_is_a_404_in_spec_format(client, categories):
    assert _is_error(client.get(f"{BASE}/services/nope.json"), 404)


def test_unknown_format_and_path_answer_in_spec_format(client, categories):
    assert _is_error(client.get(f"{BASE}/services.csv"), 400)
    assert _is_error(client.get(f"{BASE}/nothing-here.json"), 404)


def _xml(response):
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b"<?xml")
    return ElementTree.fromstring(response.content)


def test_xml_services_and_requests_use_the_spec_element_names(client, people, categories):
    root = _xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services" and len(root.findall("service")) == 10
    assert {child.tag for child in root.find("service")} == {"service_code", "service_name", "description",
                                                           "metadata", "type", "keywords", "group"}
    definition = _xml(client.get(f"{BASE}/services/noise.xml"))
    assert definition.tag == "service_definition"
    assert definition.find("attributes/attribute/values/value/key").text == "yes"
    appeal = submit(people["resident"], category=categories["noise"])
    requests = _xml(client.get(f"{BASE}/requests.xml"))
    assert requests.tag == "service_requests"
    request = requests.find("request")
    assert {child.tag for child in request} == REQUEST_FIELDS
    assert request.find("service_request_id").text == appeal.number and request.find("status").text == "open"


def test_xml_errors_and_post(client, categories, key):
    error = _xml(client.get(f"{BASE}/requests/YSS-20000101-0001.xml"))
    assert error.tag == "errors" and error.find("error/code").text == "404"
    denied = client.post(f"{BASE}/requests.xml", {"service_code": "noise", "description": "吵", "lat": "1",
                                                  "long": "2"})
    assert denied.status_code == 403 and _xml(denied).find("error/code").text == "403"
    created = client.post(f"{BASE}/requests.xml", {"api_key": key, "service_code": "noise", "description": "吵",
                                                   "address_string": "某处"})
    root = _xml(created)
    assert created.status_code == 201 and root.find("request/service_request_id").text.startswith("YSS-")


def test_get_requests_has_every_field_and_iso_dates(client, people, categories):
    appeal = submit(people["resident"], category=categories["noise"], text="广场舞噪音，我电话13912345678")
    body = client.get(f"{BASE}/requests.json").json()
    assert len(body) == 1
    item = body[0]
    assert set(item) == REQUEST_FIELDS
    assert item["service_request_id"] == appeal.number and item["status"] == "open"
    assert item["service_code"] == "noise" and item["service_name"] == "噪音扰民"
    assert item["agency_responsible"] == "甲一社区"  # no finer than the board: the community, not the grid
    for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert ISO.match(item[field]) and item[field].endswith("+08:00"), field
    assert "13912345678" not in item["description"]


def test_closed_status_and_notes(client, people, appeal):
    services.appeal_accept(appeal=appeal, actor=people["worker_g1"])
    services.appeal_reply(appeal=appeal, actor=people["worker_g1"], text="已清理完毕", resolve=True)
    item = client.get(f"{BASE}/requests/{appeal.number}.json").json()[0]
    assert item["status"] == "closed" and item["status_notes"] == "已清理完毕" and item["expected_datetime"] is None


def test_filters_on_get(client, people, categories):
    a = submit(people["resident"], category=categories["noise"])
    b = submit(people["resident"], category=categories["parking"])
    services.appeal_decline(appeal=b, actor=people["worker_g1"], reason="重复")

    def ids(**params):
        return {x["service_request_id"] for x in client.get(f"{BASE}/requests.json", params).json()}

    assert ids(service_code="noise") == {a.number}
    assert ids(status="open") == {a.number} and ids(status="closed") == {b.number}
    assert ids(service_request_id=f"{a.number},{b.number}") == {a.number, b.number}
    assert ids(start_date="2000-01-01T00:00:00+08:00", end_date="2000-02-01T00:00:00+08:00") == set()
    old = submit(people["resident"], category=categories["noise"])
    Appeal.objects.filter(pk=old.pk).update(created_at=old.created_at - datetime.timedelta(days=100))
    assert old.number not in ids()  # default window: the last 90 days
    assert _is_error(client.get(f"{BASE}/requests.json", {"start_date": "yesterday"}), 400)
    assert _is_error(client.get(f"{BASE}/requests.json", {"status": "pending"}), 400)


def test_unpublished_appeals_stay_private(client, people, categories, key):
    hidden = submit(people["resident"], category=categories["noise"], publish_allowed=False)
    assert client.get(f"{BASE}/requests.json").json() == []
    assert _is_error(client.get(f"{BASE}/requests/{hidden.number}.json"), 404)


def test_post_creates_and_routes_by_address(client, people, categories, key, territory):
    response = client.post(f"{BASE}/requests.json", {
        "api_key": key, "service_code": "noise", "address_string": "台江区2号楼楼下", "description": "夜里施工很吵",
        "first_name": "三", "last_name": "张", "phone": "13912345678"})
    assert response.status_code == 201
    body = response.json()
    assert set(body[0]) == {"service_request_id", "service_notice", "account_id"} and body[0]["account_id"] is None
    appeal = Appeal.objects.get(number=body[0]["service_request_id"])
    assert appeal.channel == "open311" and appeal.channel_system == "12345热线"
    assert appeal.grid == territory["g2"] and appeal.contact_name == "张三"


def test_post_routes_by_coordinates_or_falls_back_to_the_district(client, categories, key, territory):
    b = territory["b_g3"]
    b.latitude, b.longitude = "26.060000", "119.310000"
    b.save()
    near = client.post(f"{BASE}/requests.json", {"api_key": key, "service_code": "parking", "lat": "26.0601",
                                                 "long": "119.3101", "description": "占道停车"}).json()
    far = client.post(f"{BASE}/requests.json", {"api_key": key, "service_code": "parking", "lat": "25.0",
                                                "long": "118.0", "description": "不知道在哪"}).json()
    assert Appeal.objects.get(number=near[0]["service_request_id"]).grid == territory["g3"]
    assert Appeal.objects.get(number=far[0]["service_request_id"]).level == Level.DISTRICT


def test_post_errors_use_the_spec_format(client, categories, key):
    good = {"service_code": "noise", "address_string": "某处", "description": "吵"}
    assert _is_error(client.post(f"{BASE}/requests.json", good), 403)
    assert _is_error(client.post(f"{BASE}/requests.json", {**good, "api_key": "wrong"}), 403)
    assert _is_error(client.post(f"{BASE}/requests.json", {**good, "api_key": key, "service_code": "nope"}), 404)
    assert _is_error(client.post(f"{BASE}/requests.json", {"api_key": key, "service_code": "noise",
                                                            "description": "吵"}), 400)
    assert _is_error(client.post(f"{BASE}/requests.json", {**good, "api_key": key, "description": ""}), 400)
    assert _is_error(client.post(f"{BASE}/requests.json", {**good, "api_key": key, "lat": "x", "long": "1"}), 400)
    assert not Appeal.objects.exists()


def test_deactivated_key_is_refused(client, categories, key):
    ApiKey.objects.update(is_active=False)
    response = client.post(f"{BASE}/requests.json", {"api_key": key, "service_code": "noise",
                                                     "address_string": "某处", "description": "吵"})
    assert _is_error(response, 403)


def test_system_sees_its_own_unpublished_requests_with_its_key(client, categories, key):
    created = client.post(f"{BASE}/requests.json", {"api_key": key, "service_code": "noise",
                                                    "address_string": "某处", "description": "吵",
                                                    "attribute[publish]": "no"}).json()[0]
    number = created["service_request_id"]
    assert _is_error(client.get(f"{BASE}/requests/{number}.json"), 404)
    assert client.get(f"{BASE}/requests/{number}.json", {"api_key": key}).json()[0]["service_request_id"] == number


def test_the_public_list_is_served_from_the_cache_for_a_minute(client, people, categories, settings,
                                                              django_assert_num_queries):
    from django.core.cache import cache

    cache.clear()
    settings.OPEN311_PUBLIC_CACHE_SECONDS = 60
    submit(people["resident"], category=categories["noise"])
    first = client.get(f"{BASE}/requests.json?page_size=5")
    assert first.status_code == 200 and len(first.json()) == 1
    submit(people["resident"], category=categories["noise"])
    with django_assert_num_queries(0):
        again = client.get(f"{BASE}/requests.json?page_size=5")
    assert again.json() == first.json() and again["Content-Type"] == first["Content-Type"]
    assert len(client.get(f"{BASE}/requests.json?page_size=6").json()) == 2  # another question, another answer
    assert client.get(f"{BASE}/requests.json?page=99").status_code == 400  # errors are not cached…
    assert client.get(f"{BASE}/requests.json?page=99").status_code == 400  # …and stay errors
    english = client.get(f"{BASE}/requests.json?page_size=5", HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get(f"{BASE}/requests.json?page_size=5", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert english.json()[0]["status_notes"] != chinese.json()[0]["status_notes"]  # one entry per language
    cache.clear()
