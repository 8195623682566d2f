"""Unicode digits and other hostile ids on the queue and appointments answer 404, never a 500 (issue 10, point 9)."""

import pytest

from services import services
from services.models import QueueTicket

pytestmark = pytest.mark.django_db

UNICODE_DIGITS = ["²", "①", "٣", "99999999999999999999"]


@pytest.mark.parametrize("window", UNICODE_DIGITS)
def test_console_with_a_unicode_digit_window_is_404(client, people, hall, window):
    client.force_login(people["window"])
    assert client.get("/services/queue/console/", {"window": window}).status_code == 404


@pytest.mark.parametrize("centre", UNICODE_DIGITS)
def test_appointment_slots_api_with_a_unicode_digit_centre_is_404(api_client, people, hall, centre):
    api_client.force_authenticate(people["resident"])
    response = api_client.get("/api/v1/appointment-slots/", {"centre": centre})
    assert response.status_code == 404 and response.json()["detail"]


@pytest.mark.parametrize("action", ["serve", "transfer", "complete"])
@pytest.mark.parametrize("window", ["²", "①"])
def test_ticket_actions_with_a_unicode_digit_window_are_404_and_change_nothing(client, people, hall, action, window):
    ticket = services.ticket_issue(centre=hall["centre"])
    client.force_login(people["window"])
    response = client.post(f"/services/queue/tickets/{ticket.pk}/{action}/", {"window": window})
    assert response.status_code == 404
    assert QueueTicket.objects.get(pk=ticket.pk).status == ticket.status


def test_transfer_to_a_unicode_digit_window_and_complete_with_unicode_digit_items_are_refused_calmly(
        client, people, hall):
    ticket = services.ticket_issue(centre=hall["centre"])
    services.window_set_open(window=hall["w1"], actor=people["window"], is_open=True)
    services.ticket_call_next(window=hall["w1"], actor=people["window"])
    client.force_login(people["window"])
    url = f"/services/queue/tickets/{ticket.pk}"
    assert client.post(f"{url}/transfer/", {"window": hall["w1"].pk, "to_window": "②"}).status_code < 500
    assert client.post(f"{url}/complete/", {"window": hall["w1"].pk, "items": ["²", "①"]}).status_code < 500
