"""Issue #15.2: a resident never loses their queue number — home, 我的, 我的预约 and the call
notification lead to it while it is live; #15.11: my appointments in date order."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from services import services
from services.models import Appointment, AppointmentSlot
from taijiang.notifications.models import Notification
from tests import factories

from .factories import ItemFactory, centre_with_windows

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(territory):
    community = territory["a1"]
    clerk = factories.window_staff(community)
    centre, windows = centre_with_windows(community, staff=clerk)
    resident = factories.resident(community=community, street=community.street)
    return {"centre": centre, "windows": windows, "clerk": clerk, "resident": resident}


def test_a_waiting_ticket_is_first_on_home_and_in_mine(client, hall):
    ticket = services.ticket_issue(centre=hall["centre"], resident=hall["resident"], actor=hall["resident"])
    client.force_login(hall["resident"])
    home = client.get(reverse("home")).content.decode()
    assert f"我的排队号 {ticket.number}" in home
    assert reverse("services:my_tickets") in home
    assert "前面还有 0 人" in home
    assert home.index(f"我的排队号 {ticket.number}") < home.index("办理中的办件")
    mine = client.get(reverse("dashboard:mine")).content.decode()
    assert "今天的排队号" in mine and ticket.number in mine


def test_a_called_ticket_says_which_window_and_the_notification_links_to_it(client, hall):
    ticket = services.ticket_issue(centre=hall["centre"], resident=hall["resident"], actor=hall["resident"])
    window = hall["windows"][0]
    services.ticket_call_next(window=window, actor=hall["clerk"])
    client.force_login(hall["resident"])
    home = client.get(reverse("home")).content.decode()
    assert f"请到 {window} 办理" in home
    called = Notification.objects.get(recipient=hall["resident"], event="services.ticket_called")
    assert called.link == reverse("services:my_tickets")
    page = client.get(reverse("services:appointment_list")).content.decode()
    assert f"今天的排队号 {ticket.number}" in page and reverse("services:my_tickets") in page


def test_a_finished_ticket_leaves_home(client, hall):
    ticket = services.ticket_issue(centre=hall["centre"], resident=hall["resident"], actor=hall["resident"])
    window = hall["windows"][0]
    services.ticket_call_next(window=window, actor=hall["clerk"])
    services.ticket_complete(ticket=ticket, window=window, actor=hall["clerk"])
    client.force_login(hall["resident"])
    assert "我的排队号" not in client.get(reverse("home")).content.decode()
    assert "今天的排队号" not in client.get(reverse("dashboard:mine")).content.decode()


def test_another_residents_ticket_is_not_shown(client, hall, territory):
    services.ticket_issue(centre=hall["centre"], resident=hall["resident"], actor=hall["resident"])
    client.force_login(factories.resident(community=territory["a1"], street=territory["street_a"]))
    assert "我的排队号" not in client.get(reverse("home")).content.decode()


def test_my_appointments_list_the_coming_ones_soonest_first_then_the_past(client, hall):
    item = ItemFactory()
    now = timezone.now()
    made = {}
    for label, hours in (("later", 72), ("past", -48), ("soon", 24), ("long_ago", -240)):
        slot = AppointmentSlot.objects.create(centre=hall["centre"], start=now + datetime.timedelta(hours=hours),
                                              end=now + datetime.timedelta(hours=hours, minutes=30), capacity=2)
        made[label] = Appointment.objects.create(slot=slot, resident=hall["resident"], item=item)
    client.force_login(hall["resident"])
    page = client.get(reverse("services:appointment_list"))
    assert [a.pk for a in page.context["upcoming"]] == [made["soon"].pk, made["later"].pk]
    assert [a.pk for a in page.context["past"]] == [made["past"].pk, made["long_ago"].pk]
