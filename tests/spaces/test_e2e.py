"""A resident books a room on a phone, in Debian's chromium (Playwright, never a downloaded browser)."""

import datetime

import pytest
from django.utils import timezone

from spaces.models import Booking

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_resident_books_a_room_from_the_tile_on_a_phone(demo_data, phone):
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=(0 - today.weekday()) % 7 or 7)
    phone.goto("/accounts/login/")
    phone.fill("input[name=username]", "13800000001")
    phone.fill("input[name=password]", "taijiang-demo")
    phone.click("main form button[type=submit]")
    phone.click("a.tile:has-text('约场地')")
    phone.click(".card:has-text('多功能室') a.btn")
    phone.click("main a.btn-primary:has-text('预约')")
    phone.fill("input[name=date]", monday.isoformat())
    phone.fill("input[name=start_time]", "15:00")
    phone.fill("input[name=end_time]", "16:00")
    phone.select_option("select[name=purpose]", "general")
    phone.fill("input[name=title]", "书法兴趣小组")
    phone.click("main form button[type=submit]")
    phone.wait_for_url("**/spaces/mine/")
    assert "书法兴趣小组" in phone.content()
    assert Booking.objects.filter(title="书法兴趣小组", status="confirmed").count() == 1
