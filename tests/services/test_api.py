import pytest

from services import services
from services.models import QueueTicket

pytestmark = pytest.mark.django_db


def test_catalogue_is_public_and_searchable(api_client, item):
    response = api_client.get("/api/v1/catalogue/items/", {"q": "高龄"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["results"][0]["code"] == "mz-test"
    assert [m["name"] for m in body["results"][0]["materials"]] == ["居民身份证", "户口簿", "照片"]
    assert api_client.get("/api/v1/catalogue/items/mz-test/").status_code == 200
    assert api_client.post("/api/v1/catalogue/items/", {}).status_code in (401, 403, 405)


def test_resident_creates_and_follows_a_request(api_client, item, people):
    api_client.force_authenticate(people["resident"])
    response = api_client.post("/api/v1/service-requests/", {"item": "mz-test", "description": "申请"}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    body = api_client.get(f"/api/v1/service-requests/{pk}/").json()
    assert body["status"] == "submitted" and body["timeline"][0]["title"] == "提交申请"
    assert body["applicant_phone"].count("*") == 4  # masked


def test_unknown_item_gives_a_readable_400(api_client, people):
    api_client.force_authenticate(people["resident"])
    response = api_client.post("/api/v1/service-requests/", {"item": "nope"}, format="json")
    assert response.status_code == 400 and "事项不存在" in response.json()["detail"]


def test_other_residents_request_is_404(api_client, item, people, territory):
    request = services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                      community=territory["a1"])
    api_client.force_authenticate(people["other_resident"])
    assert api_client.get(f"/api/v1/service-requests/{request.pk}/").status_code == 404
    api_client.force_authenticate(people["window_a2"])
    assert api_client.get(f"/api/v1/service-requests/{request.pk}/").status_code == 404


def test_forbidden_transition_answers_409_and_resident_action_403(api_client, item, people, territory):
    request = services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                      community=territory["a1"])
    api_client.force_authenticate(people["window"])
    response = api_client.post(f"/api/v1/service-requests/{request.pk}/accept/")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    assert "已提交" in response.json()["detail"]
    assert api_client.post(f"/api/v1/service-requests/{request.pk}/review/").status_code == 200
    response = api_client.post(f"/api/v1/service-requests/{request.pk}/missing/", {"missing": ["户口簿", "照片"]},
                               format="json")
    assert response.json()["missing_materials"] == ["户口簿", "照片"]
    api_client.force_authenticate(people["resident"])
    response = api_client.post(f"/api/v1/service-requests/{request.pk}/reject/", {"reason": "x"}, format="json")
    assert response.status_code == 403 and "经办人员" in response.json()["detail"]


def test_queue_issue_call_next_complete_and_204(api_client, hall, people, item):
    api_client.force_authenticate(people["window"])
    response = api_client.post("/api/v1/queue/tickets/", {"centre": hall["centre"].pk, "item": None}, format="json")
    assert response.status_code == 201 and response.json()["number"] == "A001"
    ticket_id = response.json()["id"]
    response = api_client.post(f"/api/v1/queue/windows/{hall['w1'].pk}/call-next/")
    assert response.status_code == 200 and response.json()["id"] == ticket_id
    response = api_client.post(f"/api/v1/queue/tickets/{ticket_id}/complete/", {"window": hall["w2"].pk},
                               format="json")
    assert response.status_code == 409 and "1 号窗口" in response.json()["detail"]
    response = api_client.post(f"/api/v1/queue/tickets/{ticket_id}/complete/",
                               {"window": hall["w1"].pk, "items": ["mz-test"], "applicant_name": "林阿姨"},
                               format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "completed"
    assert len(response.json()["requests"]) == 1
    assert api_client.post(f"/api/v1/queue/windows/{hall['w1'].pk}/call-next/").status_code == 204


def test_recall_no_show_and_transfer_actions(api_client, hall, people):
    for _ in range(2):
        services.ticket_issue(centre=hall["centre"])
    api_client.force_authenticate(people["window"])
    first = api_client.post(f"/api/v1/queue/windows/{hall['w1'].pk}/call-next/").json()["id"]
    response = api_client.post(f"/api/v1/queue/tickets/{first}/no-show/", {"window": hall["w1"].pk}, format="json")
    assert response.status_code == 409 and "重呼" in response.json()["detail"]  # valid request, not yet
    for _ in range(services.recalls_before_no_show()):
        assert api_client.post(f"/api/v1/queue/tickets/{first}/recall/", {"window": hall["w1"].pk},
                               format="json").status_code == 200
    assert api_client.post(f"/api/v1/queue/tickets/{first}/no-show/", {"window": hall["w1"].pk},
                           format="json").json()["status"] == "no_show"
    second = api_client.post(f"/api/v1/queue/windows/{hall['w1'].pk}/call-next/").json()["id"]
    response = api_client.post(f"/api/v1/queue/tickets/{second}/transfer/",
                               {"window": hall["w1"].pk, "to_window": hall["w2"].pk}, format="json")
    assert response.status_code == 200 and QueueTicket.objects.get(pk=second).reserved_for == hall["w2"]
    response = api_client.post(f"/api/v1/queue/tickets/{second}/recall/", {}, format="json")
    assert response.status_code == 400 and "窗口" in response.json()["detail"]


def test_closed_window_call_next_is_409_with_message(api_client, hall, people):
    hall["w1"].is_open = False
    hall["w1"].save()
    api_client.force_authenticate(people["window"])
    response = api_client.post(f"/api/v1/queue/windows/{hall['w1'].pk}/call-next/")
    assert response.status_code == 409 and "未开启" in response.json()["detail"]
    assert response.json()["code"] == "invalid_transition"


def test_queue_api_refuses_residents_and_hides_other_centres(api_client, hall, people):
    api_client.force_authenticate(people["resident"])
    response = api_client.post(f"/api/v1/queue/windows/{hall['w1'].pk}/call-next/")
    assert response.status_code == 403 and "窗口人员" in response.json()["detail"]
    api_client.force_authenticate(people["window_a2"])
    assert api_client.post(f"/api/v1/queue/windows/{hall['w1'].pk}/call-next/").status_code == 404


def test_ticket_list_is_filterable(api_client, hall, people):
    for _ in range(3):
        services.ticket_issue(centre=hall["centre"])
    services.ticket_call_next(window=hall["w1"], actor=people["window"])
    api_client.force_authenticate(people["window"])
    response = api_client.get("/api/v1/queue/tickets/", {"status": "waiting"})
    assert response.json()["count"] == 2


def test_appointment_booking_via_api(api_client, hall, people, item, time_machine):
    import datetime

    from django.utils import timezone

    from grid.models import OpeningPeriod

    time_machine.move_to(datetime.datetime(2026, 12, 4, 10, 0, tzinfo=timezone.get_current_timezone()))
    OpeningPeriod.objects.create(centre=hall["centre"], weekday=0, opens=datetime.time(9, 0),
                                 closes=datetime.time(10, 0))
    api_client.force_authenticate(people["resident"])
    slots = api_client.get("/api/v1/appointment-slots/", {"centre": hall["centre"].pk, "day": "2026-12-07"}).json()
    assert slots["count"] == 2 and slots["results"][0]["remaining"] == 2
    response = api_client.post("/api/v1/appointments/", {"slot": slots["results"][0]["id"], "item": "mz-test"},
                               format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = api_client.post(f"/api/v1/appointments/{pk}/reschedule/", {"slot": slots["results"][1]["id"]},
                               format="json")
    assert response.status_code == 200
    assert api_client.post(f"/api/v1/appointments/{pk}/cancel/").json()["status"] == "cancelled"
    assert api_client.post(f"/api/v1/appointments/{pk}/cancel/").status_code == 409


def test_staff_check_in_via_api_and_staff_cannot_book(api_client, hall, people, item, time_machine):
    import datetime

    from django.utils import timezone

    from grid.models import OpeningPeriod

    tz = timezone.get_current_timezone()
    time_machine.move_to(datetime.datetime(2026, 12, 7, 8, 0, tzinfo=tz))
    OpeningPeriod.objects.create(centre=hall["centre"], weekday=0, opens=datetime.time(9, 0),
                                 closes=datetime.time(10, 0))
    slot = services.ensure_slots(centre=hall["centre"], day=datetime.date(2026, 12, 7))[0]
    appointment = services.appointment_book(resident=people["resident"], slot=slot, item=item,
                                            actor=people["resident"])
    api_client.force_authenticate(people["window"])
    response = api_client.post("/api/v1/appointments/", {"slot": slot.pk, "item": "mz-test"}, format="json")
    assert response.status_code == 403 and "居民本人" in response.json()["detail"]
    response = api_client.post(f"/api/v1/appointments/{appointment.pk}/check-in/")
    assert response.status_code == 201 and response.json()["number"] == "Y001"
    api_client.force_authenticate(people["window_a2"])
    assert api_client.post(f"/api/v1/appointments/{appointment.pk}/check-in/").status_code == 404


def test_material_upload_via_api_checks_content_and_completes_missing(api_client, item, people, territory):
    from tests.services.factories import not_a_file, png

    request = services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                      community=territory["a1"])
    api_client.force_authenticate(people["resident"])
    url = f"/api/v1/service-requests/{request.pk}/materials/"
    response = api_client.post(url, {"file": not_a_file("坏文件.png")}, format="multipart")
    assert response.status_code == 400 and "坏文件.png" in response.json()["detail"]
    material = item.materials.first()
    assert api_client.post(url, {"file": png(), "material": material.pk}, format="multipart").status_code == 201
    services.request_start_review(request=request, actor=people["window"])
    services.request_mark_missing(request=request, actor=people["window"], missing=["户口簿"])
    response = api_client.post(url, {"file": png("户口簿.png")}, format="multipart")
    assert response.status_code == 201 and response.json()["status"] == "pre_review"
    assert request.attachments.count() == 2
    api_client.force_authenticate(people["other_resident"])
    assert api_client.post(url, {"file": png()}, format="multipart").status_code == 404


def test_a_true_false_filter_refuses_any_other_word(api_client, item):
    # django-filter alone would read "null" as no filter and answer the whole catalogue.
    response = api_client.get("/api/v1/catalogue/items/", {"proxy": "null"})
    assert response.status_code == 400
    assert response.json() == {"detail": "请填写 true 或 false。", "errors": {"proxy": ["请填写 true 或 false。"]}}
    assert api_client.get("/api/v1/catalogue/items/", {"online": "true"}).status_code == 200
    assert api_client.get("/api/v1/catalogue/items/", {"online": "False"}).status_code == 200


def test_a_page_past_the_last_is_a_documented_404(api_client, item):
    assert api_client.get("/api/v1/catalogue/items/", {"page": 0}).status_code == 404
    assert api_client.get("/api/v1/catalogue/items/", {"page": 99}).json() == {"detail": "无效页面。"}


def test_an_empty_typed_filter_is_a_400_not_the_whole_list(api_client, hall, people):
    api_client.force_authenticate(people["window"])
    response = api_client.get("/api/v1/queue/tickets/", {"service_date": ""})
    assert response.status_code == 400
    assert response.json()["errors"] == {"service_date": ["请填写有效的值，或不带此参数。"]}


def test_check_in_on_another_day_is_a_409_the_request_itself_being_valid(api_client, hall, people, item,
                                                                          time_machine):
    import datetime

    from django.utils import timezone

    from grid.models import OpeningPeriod

    tz = timezone.get_current_timezone()
    time_machine.move_to(datetime.datetime(2026, 12, 4, 8, 0, tzinfo=tz))
    OpeningPeriod.objects.create(centre=hall["centre"], weekday=0, opens=datetime.time(9, 0),
                                 closes=datetime.time(10, 0))
    slot = services.ensure_slots(centre=hall["centre"], day=datetime.date(2026, 12, 7))[0]
    appointment = services.appointment_book(resident=people["resident"], slot=slot, item=item,
                                            actor=people["resident"])
    api_client.force_authenticate(people["window"])
    response = api_client.post(f"/api/v1/appointments/{appointment.pk}/check-in/")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    assert "只能在预约当天签到" in response.json()["detail"]


def test_an_item_without_online_pre_application_is_409_naming_the_item(api_client, item, people):
    # The item's settings refuse it (each value is valid): 409, not a 400 on the request's form.
    type(item).objects.filter(pk=item.pk).update(online=False)
    api_client.force_authenticate(people["resident"])
    response = api_client.post("/api/v1/service-requests/", {"item": "mz-test"}, format="json")
    body = response.json()
    assert response.status_code == 409 and body["code"] == "invalid_transition"
    assert "不支持网上预申请" in body["detail"] and "item" in body["errors"]


def test_json_values_of_the_wrong_type_are_400_and_change_nothing(api_client, item, people, territory):
    request = services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                      community=territory["a1"])
    api_client.force_authenticate(people["resident"])
    response = api_client.post(f"/api/v1/service-requests/{request.pk}/withdraw/", {"note": 0}, format="json")
    assert response.status_code == 400 and response.json()["errors"] == {"note": ["不是有效的字符串。"]}
    request.refresh_from_db()
    assert request.status == "submitted"
    api_client.force_authenticate(people["window"])
    api_client.post(f"/api/v1/service-requests/{request.pk}/review/")
    response = api_client.post(f"/api/v1/service-requests/{request.pk}/missing/", {"missing": [{}]}, format="json")
    assert response.status_code == 400 and response.json()["errors"] == {"missing": ["不是有效的字符串。"]}


def test_material_upload_checks_the_material_field(api_client, item, people, territory):
    from tests.services.factories import png

    request = services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                      community=territory["a1"])
    api_client.force_authenticate(people["resident"])
    url = f"/api/v1/service-requests/{request.pk}/materials/"
    for bad in ("abc", "null", "0"):
        response = api_client.post(url, {"file": png(), "material": bad}, format="multipart")
        assert response.status_code == 400 and "material" in response.json()["errors"], bad
    assert not request.attachments.exists()


def test_rescheduling_that_the_state_refuses_is_409(api_client, hall, people, item, time_machine):
    import datetime

    from django.utils import timezone

    from grid.models import OpeningPeriod

    time_machine.move_to(datetime.datetime(2026, 12, 4, 10, 0, tzinfo=timezone.get_current_timezone()))
    OpeningPeriod.objects.create(centre=hall["centre"], weekday=0, opens=datetime.time(9, 0),
                                 closes=datetime.time(10, 0))
    api_client.force_authenticate(people["resident"])
    slots = api_client.get("/api/v1/appointment-slots/", {"centre": hall["centre"].pk, "day": "2026-12-07"}).json()
    first = slots["results"][0]["id"]
    pk = api_client.post("/api/v1/appointments/", {"slot": first, "item": "mz-test"}, format="json").json()["id"]
    response = api_client.post(f"/api/v1/appointments/{pk}/reschedule/", {"slot": first}, format="json")
    body = response.json()
    assert response.status_code == 409 and body["code"] == "invalid_transition"
    assert body["errors"] == {"slot": ["请选择不同的时段。"]}
    time_machine.move_to(datetime.datetime(2026, 12, 7, 9, 45, tzinfo=timezone.get_current_timezone()))
    response = api_client.post(f"/api/v1/appointments/{pk}/reschedule/", {"slot": slots["results"][1]["id"]},
                               format="json")
    assert response.status_code == 409 and response.json()["detail"] == "该时段已过，请选择其他时段。"
