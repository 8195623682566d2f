"""The kiosk knows what time it is: numbers only in opening hours; the self-service area works at night."""

import datetime

import pytest
from django.urls import reverse

from appeals.services import appeal_submit
from grid.models import OpeningPeriod
from services.models import QueueTicket
from tests import factories
from tests.services.factories import ItemFactory

from . import factories as rf

NIGHT = rf.at(datetime.date(2026, 10, 13), 3)  # Tuesday 03:00


@pytest.fixture
def kiosk(fuxiang, time_machine):
    time_machine.move_to(NIGHT)
    return {"url": reverse("services:kiosk", args=[fuxiang["centre"].pk]), "item": ItemFactory(), **fuxiang}


def test_kiosk_refuses_a_number_at_night_and_says_when_windows_open(client, kiosk):
    response = client.post(kiosk["url"], {"item": kiosk["item"].pk})
    assert response.status_code == 409
    page = response.content.decode()
    assert "10月13日 07:30" in page and "开放" in page
    assert not QueueTicket.objects.exists()


def test_self_service_kiosk_at_night_offers_what_needs_no_clerk_and_an_appeal_is_still_accepted(client, kiosk):
    centre = kiosk["centre"]
    centre.has_self_service = True
    centre.save()
    page = client.get(kiosk["url"]).content.decode()
    assert "24 小时自助服务区" in page and "暂不发放排队号" in page
    for url in (reverse("services:catalogue"), reverse("appeals:submit"), reverse("services:appointment_book")):
        assert f'href="{url}"' in page
    resident = factories.resident(community=kiosk["community"], building=kiosk["b_g1"])
    appeal = appeal_submit(actor=resident, text="楼道灯坏了，晚上很黑。", building=kiosk["b_g1"])
    assert appeal.pk
    assert client.get(reverse("services:catalogue")).status_code == 200  # no login to read


def test_kiosk_not_flagged_says_closed_without_the_self_service_tiles(client, kiosk):
    page = client.get(kiosk["url"]).content.decode()
    assert "本中心现在不在办公时间" in page and "10月13日 07:30" in page
    assert "24 小时可用" not in page and "我要说事" not in page


def test_kiosk_issues_numbers_in_opening_hours(client, kiosk, time_machine):
    time_machine.move_to(rf.at(datetime.date(2026, 10, 13), 9))
    response = client.post(kiosk["url"], {"item": kiosk["item"].pk})
    assert response.status_code == 302 and QueueTicket.objects.count() == 1


def test_kiosk_on_a_holiday_points_to_the_holiday_duty_morning(client, kiosk, time_machine):
    time_machine.move_to(rf.at(datetime.date(2026, 10, 5), 7))
    page = client.post(kiosk["url"], {"item": kiosk["item"].pk}).content.decode()
    assert "10月5日 09:00" in page


def test_centre_without_recorded_hours_keeps_issuing(client, kiosk):
    OpeningPeriod.objects.filter(centre=kiosk["centre"]).delete()
    assert client.post(kiosk["url"], {"item": kiosk["item"].pk}).status_code == 302
