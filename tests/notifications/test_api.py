import pytest
from django.urls import reverse

from taijiang.notifications.models import ChannelPreference, Notification
from taijiang.notifications.services import notify
from tests import factories

pytestmark = pytest.mark.django_db


def _notify(user, text="x"):
    return notify(recipient=user, event="notifications.test", context={"text": text}, link="/x/")


def test_list_returns_own_notifications_only(api_client):
    me, other = factories.resident(), factories.resident()
    mine = _notify(me, "mine")
    _notify(other, "theirs")
    api_client.force_authenticate(me)
    body = api_client.get("/api/v1/notifications/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert body["results"][0]["body"] == "这是一条测试通知：mine" and body["results"][0]["is_read"] is False


def test_anonymous_is_refused(api_client):
    response = api_client.get("/api/v1/notifications/")
    assert response.status_code in (401, 403) and response.json()["detail"]


def test_someone_elses_notification_is_404_and_stays_unread(api_client):
    me, other = factories.resident(), factories.resident()
    theirs = _notify(other)
    api_client.force_authenticate(me)
    assert api_client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    response = api_client.post(f"/api/v1/notifications/{theirs.pk}/read/")
    assert response.status_code == 404 and response.json()["detail"]
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_and_read_all_and_unread_count(api_client):
    me = factories.resident()
    first, _second, _third = _notify(me), _notify(me), _notify(me)
    api_client.force_authenticate(me)
    assert api_client.get("/api/v1/notifications/unread-count/").json() == {"count": 3}
    assert api_client.post(f"/api/v1/notifications/{first.pk}/read/").json()["is_read"] is True
    assert api_client.get("/api/v1/notifications/unread-count/").json() == {"count": 2}
    assert api_client.post("/api/v1/notifications/read-all/").json() == {"count": 2}
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_preferences_get_and_put(api_client):
    me = factories.resident()
    api_client.force_authenticate(me)
    assert api_client.get("/api/v1/notifications/preferences/").json() == {"email": False, "sms": True}
    response = api_client.put("/api/v1/notifications/preferences/", {"email": True, "sms": False}, format="json")
    assert response.status_code == 200 and response.json() == {"email": True, "sms": False}
    prefs = ChannelPreference.objects.get(user=me)
    assert prefs.email and not prefs.sms


def test_preferences_bad_input_is_400_with_chinese_message_and_nothing_changes(api_client):
    me = factories.resident()
    ChannelPreference.objects.create(user=me, email=True, sms=True)
    api_client.force_authenticate(me)
    response = api_client.put("/api/v1/notifications/preferences/", {"email": "maybe"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"email", "sms"} and "请选择是否接收短信通知" in body["errors"]["sms"][0]
    prefs = ChannelPreference.objects.get(user=me)
    assert prefs.email and prefs.sms


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_budget(api_client, django_assert_max_num_queries, rows):
    me = factories.resident()
    for i in range(rows):
        _notify(me, str(i))
    api_client.force_authenticate(me)
    with django_assert_max_num_queries(4):
        assert api_client.get(reverse("notification-list")).status_code == 200


def test_preferences_take_json_booleans_only(api_client):
    me = factories.resident()
    ChannelPreference.objects.create(user=me, email=True, sms=True)
    api_client.force_authenticate(me)
    for value in (0, "false", "no"):
        response = api_client.put("/api/v1/notifications/preferences/", {"email": True, "sms": value}, format="json")
        assert response.status_code == 400 and response.json()["errors"] == {"sms": ["必须是有效的布尔值。"]}, value
    assert ChannelPreference.objects.get(user=me).sms
