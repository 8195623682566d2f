"""Bad input on every page and action answers 4xx or a message, never a 500."""

import pytest

from services import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,method,url,data", [
    ("window", "get", "/services/queue/console/?window=abc", {}),
    ("window", "post", "/services/queue/tickets/{ticket}/recall/", {"window": "abc"}),
    ("window", "post", "/services/queue/tickets/{ticket}/transfer/", {"window": "{w1}", "to_window": "x"}),
    ("window", "post", "/services/queue/tickets/{ticket}/complete/", {"window": "{w1}", "items": ["x"]}),
    ("window", "post", "/services/queue/tickets/{ticket}/priority/", {}),
    ("window", "post", "/services/queue/issue/", {"item": "x"}),
    ("window", "get", "/services/figures/?from=2026-13-01&to=x", {}),
    ("community_admin", "get", "/services/figures/?from=2026-13-01&to=x", {}),
    ("community_admin", "get", "/services/figures/?from=0001-01-01&to=9999-12-31", {}),
    ("resident", "get", "/services/requests/?status=zzz&page=abc", {}),
    ("resident", "get", "/services/appointments/book/?day=2026-99-99&centre=x&item=y", {}),
    ("resident", "get", "/services/appointments/book/?day=9999-12-31", {}),
    ("resident", "post", "/services/appointments/book/", {"slot": "x", "item": "y"}),
    ("resident", "post", "/services/items/mz-test/apply/", {}),
    ("anonymous", "post", "/services/queue/kiosk/{centre}/", {"item": "abc"}),
    ("anonymous", "get", "/services/queue/ticket/garbage/", {}),
    ("anonymous", "get", "/services/?q=%00&group=zzz&page=x", {}),
    ("window", "get", "/services/requests/?q=%00abc", {}),
    ("street_admin", "get", "/services/versions/999/", {}),
    ("street_admin", "post", "/services/manage/mz-test/status/", {"status": "zzz"}),
    ("street_admin", "post", "/services/publish/", {}),
    ("street_admin", "post", "/services/admission/new/", {}),
    ("street_admin", "post", "/services/holidays/", {"date": "x"}),
    ("street_admin", "post", "/services/holidays/", {"delete": "x"}),
    ("resident", "get", "/services/appointments/book/?reschedule=x", {}),
    ("window", "get", "/services/requests/for-resident/?resident=x", {}),
    ("window", "post", "/services/requests/for-resident/?resident=x&visit=y", {"item_choice": "z"}),
])
def test_bad_input_never_answers_500(client, people, hall, item, role, method, url, data):
    ticket = services.ticket_issue(centre=hall["centre"])
    subs = {"ticket": ticket.pk, "w1": hall["w1"].pk, "centre": hall["centre"].pk}
    url = url.format(**subs)
    data = {k: (v.format(**subs) if isinstance(v, str) else v) for k, v in data.items()}
    if role != "anonymous":
        client.force_login(people[role])
    client.raise_request_exception = False
    response = getattr(client, method)(url, data)
    assert response.status_code < 500, (url, response.status_code)


@pytest.mark.parametrize("role,method,url,data", [
    ("resident", "get", "/api/v1/appointment-slots/?centre=x&day=y", {}),
    ("resident", "post", "/api/v1/appointments/", {"slot": "x", "item": "y"}),
    ("window", "post", "/api/v1/queue/tickets/", {"centre": "x"}),
    ("window", "post", "/api/v1/queue/tickets/{ticket}/recall/", {"window": "x"}),
    ("window", "post", "/api/v1/queue/tickets/{ticket}/complete/", {"window": "{w1}", "items": ["x"], "requests": ["y"]}),
    ("window", "get", "/api/v1/queue/tickets/?centre=x&service_date=y&window=z", {}),
    ("window", "post", "/api/v1/queue/windows/x/call-next/", {}),
    ("window", "get", "/api/v1/service-requests/?status=x&item=y", {}),
])
def test_bad_api_input_never_answers_500(api_client, people, hall, item, role, method, url, data):
    ticket = services.ticket_issue(centre=hall["centre"])
    subs = {"ticket": ticket.pk, "w1": hall["w1"].pk, "centre": hall["centre"].pk}
    url = url.format(**subs)
    data = {k: (v.format(**subs) if isinstance(v, str) else v) for k, v in data.items()}
    api_client.force_authenticate(people[role])
    api_client.raise_request_exception = False
    response = getattr(api_client, method)(url, data, format="json")
    assert response.status_code < 500, (url, response.status_code)


def test_bad_material_and_slot_ids_in_the_api_answer_4xx(api_client, people, item):
    request = services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                      community=people["resident"].community)
    api_client.force_authenticate(people["resident"])
    api_client.raise_request_exception = False
    from tests.services.factories import png
    response = api_client.post(f"/api/v1/service-requests/{request.pk}/materials/",
                               {"file": png("a.png"), "material": "x"}, format="multipart")
    assert response.status_code < 500
