"""Issue #15.10: an appeal filed for a resident with no account still reaches them — the register's
phone is used, the answer goes by SMS through the outbox, the clerk is told the truth about who heard
it, records the phone call, and closes the case with the satisfaction the resident gave."""

import pytest
from django.urls import reverse

from appeals import services
from appeals.models import Appeal, AppealEvent
from taijiang.core.exceptions import InvalidTransition, NotAllowed
from taijiang.notifications.models import Delivery, Notification
from tests import factories
from tests.grid.factories import HouseholdFactory, ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def elder(territory):
    household = HouseholdFactory(building=territory["b_g1"], door_number="302")
    return ResidentFactory(household=household, name="陈阿婆", phone="13955556666")


@pytest.fixture
def filed(people, elder, categories):
    appeal = services.appeal_create_on_behalf(actor=people["worker_g1"], channel="visit", text="楼道灯坏了",
                                              registry_resident=elder)
    services.appeal_accept(appeal=appeal, actor=people["worker_g1"])
    return Appeal.objects.get(pk=appeal.pk)


def test_the_registers_phone_is_the_contact_when_none_is_typed(filed):
    assert filed.contact_phone == "13955556666" and filed.contact_name == "陈阿婆"


def test_the_answer_goes_by_sms_and_the_clerk_is_told_so(client, people, filed):
    client.force_login(people["worker_g1"])
    response = client.post(reverse("appeals:act", args=[filed.pk, "reply"]),
                           {"text": "已更换灯泡。", "resolve": "on"}, follow=True)
    assert "答复已通过短信发送到 139****6666" in response.content.decode()
    sms = Notification.objects.get(event="appeals.replied_sms")
    assert sms.recipient_id is None and "已更换灯泡" in sms.body and filed.number in sms.body
    assert Delivery.objects.get(notification=sms).address == "13955556666"


def test_without_a_phone_the_clerk_is_told_to_call_or_visit(client, people, elder, filed):
    Appeal.objects.filter(pk=filed.pk).update(contact_phone="")
    client.force_login(people["worker_g1"])
    page = client.post(reverse("appeals:act", args=[filed.pk, "reply"]), {"text": "已处理。", "resolve": "on"},
                       follow=True).content.decode()
    assert "没有账号也没有手机号：请电话或上门告知" in page and "答复已发送给居民" not in page
    assert not Notification.objects.filter(event="appeals.replied_sms").exists()


def test_a_refusal_goes_by_sms_too(people, filed):
    services.appeal_decline(appeal=filed, actor=people["worker_g1"], reason="属物业维修范围，已转告物业。")
    assert Notification.objects.filter(event="appeals.declined_sms").count() == 1


def test_the_clerk_records_the_call_and_the_satisfaction_and_the_case_closes(client, people, filed):
    worker = people["worker_g1"]
    services.appeal_reply(appeal=filed, actor=worker, text="已更换灯泡。", resolve=True)
    client.force_login(worker)
    page = client.get(reverse("appeals:detail", args=[filed.pk])).content.decode()
    assert "这位居民没有账号" in page and 'id="staff-rate"' in page
    client.post(reverse("appeals:act", args=[filed.pk, "contact"]), {"method": "phone", "note": "已电话告知答复"})
    assert AppealEvent.objects.filter(appeal=filed, kind="contacted", public=True).exists()
    response = client.post(reverse("appeals:act", args=[filed.pk, "staff_rate"]),
                           {"rating": 4, "method": "phone", "comment": "修得挺快"}, follow=True)
    assert "已记录居民的评价，诉求办结" in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == "closed" and filed.rating == 4 and filed.rating_recorded_by == worker
    assert filed.events.filter(kind="rated", note__contains="电话回访：居民评价 4 星").exists()


def test_satisfaction_is_recorded_only_after_the_answer(people, filed):
    with pytest.raises(InvalidTransition):
        services.appeal_record_satisfaction(appeal=filed, actor=people["worker_g1"], rating=5, method="phone")


def test_a_resident_with_an_account_rates_for_themselves(people, filed, elder):
    elder.user = factories.resident()
    elder.save()
    services.appeal_reply(appeal=filed, actor=people["worker_g1"], text="已处理。", resolve=True)
    with pytest.raises(NotAllowed, match="请由居民本人评价"):
        services.appeal_record_satisfaction(appeal=filed, actor=people["worker_g1"], rating=5, method="phone")


def test_another_grids_worker_cannot_record(people, filed):
    services.appeal_reply(appeal=filed, actor=people["worker_g1"], text="已处理。", resolve=True)
    with pytest.raises(NotAllowed):
        services.appeal_record_satisfaction(appeal=filed, actor=people["worker_g2"], rating=5, method="phone")
    with pytest.raises(NotAllowed):
        services.appeal_record_contact(appeal=filed, actor=people["worker_g2"], method="phone", note="x")


@pytest.mark.parametrize("data, field", [({"rating": 9, "method": "phone"}, "rating"),
                                         ({"rating": 4, "method": "pigeon"}, "method")])
def test_bad_input_is_a_form_error_not_a_500(client, people, filed, data, field):
    services.appeal_reply(appeal=filed, actor=people["worker_g1"], text="已处理。", resolve=True)
    client.force_login(people["worker_g1"])
    response = client.post(reverse("appeals:act", args=[filed.pk, "staff_rate"]), data)
    assert response.status_code == 400
    filed.refresh_from_db()
    assert filed.status == "replied"
