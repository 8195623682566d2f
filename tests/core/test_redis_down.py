"""With the cache and the broker unreachable, nothing a resident submits is lost and nobody is locked out.

`dead_redis` (tests/conftest.py) points CACHES and the Celery broker at a closed port; tasks are
published for real. Rate limits let everything through, say so in the log and count it in /healthz;
notifications wait in the outbox and the sweep delivers them once Redis is back.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from appeals.defaults import ensure_categories
from appeals.models import ApiKey, Appeal
from services.models import QueueTicket, ServiceRequest
from spaces.models import Booking
from taijiang.core.ratelimit import cache_failures
from taijiang.notifications.models import Delivery
from taijiang.notifications.services import sweep_outbox_now
from taijiang.users.models import User
from tests import factories
from tests.services.factories import ItemFactory, pdf, png
from tests.spaces.factories import RoomFactory, SliceFactory, local, open_all_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(territory):
    return factories.resident(community=territory["a1"], building=territory["b_g1"], phone="13900000001")


def _pending_sms_to(user):
    return Delivery.objects.filter(notification__recipient=user, channel="sms", status=Delivery.Status.PENDING)


def test_page_appeal_is_kept_and_its_notice_delivered_once_redis_is_back(
        client, resident, dead_redis, django_capture_on_commit_callbacks, caplog):
    client.force_login(resident)
    failures_before = cache_failures()["count"]
    with django_capture_on_commit_callbacks(execute=True):  # the after-commit push to the dead broker runs
        response = client.post(reverse("appeals:submit"), {"text": "楼道灯坏了", "contact_preference": "inapp"})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response.url == reverse("appeals:detail", args=[appeal.pk])
    assert appeal.submitter == resident
    assert _pending_sms_to(resident).count() == 1  # waiting in the outbox
    assert cache_failures()["count"] == failures_before + 1
    assert "rate limit 'appeal_submit' not enforced (fail open)" in caplog.text
    assert "left for the outbox sweep" in caplog.text


def test_outbox_sweep_sends_what_waited_during_the_outage(client, resident, settings, dead_redis):
    settings.SMS_BACKEND = "tests.notifications.backends.DedupingProviderSmsBackend"  # a provider that accepts
    client.force_login(resident)
    client.post(reverse("appeals:submit"), {"text": "楼道灯坏了", "contact_preference": "inapp"})
    assert _pending_sms_to(resident).exists()
    # Redis is back: beat's sweep runs the outbox.
    assert sweep_outbox_now() >= 1
    assert not _pending_sms_to(resident).exists()
    assert Delivery.objects.filter(notification__recipient=resident, status=Delivery.Status.SENT).count() == 1


def test_api_appeal_is_created_with_201(api_client, resident, dead_redis, django_capture_on_commit_callbacks):
    api_client.force_authenticate(resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post("/api/v1/appeals/", {"text": "路灯不亮"}, format="json")
    assert response.status_code == 201, response.content
    assert Appeal.objects.filter(number=response.json()["number"], submitter=resident).exists()
    assert _pending_sms_to(resident).count() == 1


def test_open311_filing_is_created(client, territory, dead_redis):
    ensure_categories()
    raw = ApiKey.generate()
    key = ApiKey(system_name="12345热线")
    key.set_key(raw)
    key.save()
    response = client.post("/open311/v2/requests.json", {
        "api_key": raw, "service_code": "noise", "address_string": "台江区2号楼楼下", "description": "夜里施工很吵"})
    assert response.status_code == 201
    assert Appeal.objects.filter(number=response.json()[0]["service_request_id"]).exists()
    assert client.get("/open311/v2/requests.json").status_code == 200


def test_service_request_pre_application_is_created(client, resident, dead_redis, django_capture_on_commit_callbacks):
    item = ItemFactory(code="mz-test", name="高龄补贴", promised_days=5)
    materials = list(item.materials.all())
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("services:request_create", args=["mz-test"]), {
            "applicant_phone": "13812345678", "description": "母亲满 80 岁",
            f"material_{materials[0].pk}": png("身份证.png"), f"material_{materials[1].pk}": pdf("户口簿.pdf"),
        })
    request = ServiceRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("services:request_detail", args=[request.pk])


def test_room_booking_is_confirmed(api_client, resident, territory, dead_redis, time_machine,
                                   django_capture_on_commit_callbacks):
    monday = datetime.date(2026, 12, 7)
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 12, 7, 8, 0)), tick=False)
    centre = factories.ServiceCentreFactory(community=territory["a1"], total_area_m2=400)
    open_all_week(centre)
    room = RoomFactory(centre=centre, name="多功能室")
    SliceFactory(room=room, weekday=1, starts=datetime.time(8, 0), ends=datetime.time(21, 0))
    tuesday = monday + datetime.timedelta(days=1)
    api_client.force_authenticate(resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post("/api/v1/bookings/", {
            "room": room.pk, "start": local(tuesday, "09:00").isoformat(), "end": local(tuesday, "10:00").isoformat(),
            "purpose": "general", "title": "读书会"}, format="json")
    assert response.status_code == 201, response.content
    assert Booking.objects.filter(room=room, status="confirmed").count() == 1


def test_kiosk_ticket_is_issued(client, territory, dead_redis):
    centre = factories.ServiceCentreFactory(community=territory["a1"])
    response = client.post(reverse("services:kiosk", args=[centre.pk]), {"item": ""})
    assert response.status_code == 302 and QueueTicket.objects.filter(centre=centre).count() == 1


def test_page_login_works(client, resident, dead_redis):
    response = client.post(reverse("users:login"), {"username": resident.phone, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("users:profile")).status_code == 200


def test_api_token_is_issued(api_client, resident, dead_redis):
    response = api_client.post("/api/v1/auth/token/", {"username": resident.phone, "password": factories.PASSWORD},
                               format="json")
    assert response.status_code == 200 and response.json()["token"]


def test_registration_works(client, territory, dead_redis):
    from tests.users.test_registration import _code_sent_to

    response = client.post(reverse("users:register"), {
        "display_name": "李大爷", "phone": "13812345670", "community": territory["a1"].pk,
        "building": territory["b_g1"].pk, "password1": "lotus-pond-88", "password2": "lotus-pond-88",
    })
    assert response.status_code == 302 and response.url == reverse("users:register_verify")
    response = client.post(reverse("users:register_verify"), {"code": _code_sent_to("13812345670")})
    assert response.status_code == 302 and User.objects.filter(display_name="李大爷").exists()


def test_healthz_reports_the_cache_down_and_counts_what_went_through(api_client, client, resident, dead_redis):
    api_client.force_authenticate(resident)
    before = client.get("/healthz").json()["checks"]["cache"]
    assert before["ok"] is False and before["error"] == "ConnectionError"
    api_client.post("/api/v1/appeals/", {"text": "路灯不亮"}, format="json")
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "degraded"  # degraded, not down
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["cache"]["fail_open"] == before["fail_open"] + 1
    assert body["checks"]["cache"]["last_fail_open"]


def test_healthz_reports_a_working_cache(client):
    cache = client.get("/healthz").json()["checks"]["cache"]
    assert cache["ok"] is True and isinstance(cache["fail_open"], int)
