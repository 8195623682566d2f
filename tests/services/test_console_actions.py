"""Issue #15.8: the queue console confirms what it did, transfers to an open window by default, picks items
from a searchable list, and an on-the-spot (即办) item is finished at the window, not left at 已受理."""

import pytest
from django.urls import reverse

from services import services
from services.models import RequestStatus, Window

from .factories import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_window(hall, people):
    clerk = people["window"]
    for window in (hall["w1"], hall["w2"]):
        window.staff = clerk if window == hall["w1"] else None
        window.save()
    ticket = services.ticket_issue(centre=hall["centre"], actor=clerk)
    services.ticket_call_next(window=hall["w1"], actor=clerk)
    ticket.refresh_from_db()
    return {"clerk": clerk, "ticket": ticket, **hall}


def _act(client, at, action, **data):
    return client.post(reverse("services:ticket_action", args=[at["ticket"].pk, action]),
                       {"window": at["w1"].pk, **data}, follow=True)


def test_an_on_the_spot_item_is_finished_at_the_window(client, at_window):
    on_the_spot = ItemFactory(code="qt-juzhu-test", name="居住证明", promised_days=0)
    client.force_login(at_window["clerk"])
    page = _act(client, at_window, "complete", items=[on_the_spot.pk]).content.decode()
    assert f"{at_window['ticket'].number} 号已办结" in page
    (request,) = at_window["ticket"].requests.all()
    assert request.status == RequestStatus.COMPLETED


def test_an_item_that_stays_open_needs_the_applicants_name(client, at_window, item):
    client.force_login(at_window["clerk"])
    page = _act(client, at_window, "complete", items=[item.pk]).content.decode()
    assert "不能当场办结，请填写申请人姓名" in page
    at_window["ticket"].refresh_from_db()
    assert at_window["ticket"].status == "called" and not at_window["ticket"].requests.exists()
    _act(client, at_window, "complete", items=[item.pk], applicant_name="林阿姨")
    (request,) = at_window["ticket"].requests.all()
    assert request.status == RequestStatus.ACCEPTED and request.applicant_name == "林阿姨"


def test_transfer_is_confirmed(client, at_window):
    client.force_login(at_window["clerk"])
    Window.objects.filter(pk=at_window["w2"].pk).update(is_open=True)
    page = _act(client, at_window, "transfer", to_window=at_window["w2"].pk).content.decode()
    assert f"{at_window['ticket'].number} 号已转 {at_window['w2']}" in page


def test_recall_and_no_show_are_confirmed(client, at_window):
    client.force_login(at_window["clerk"])
    for _ in range(services.recalls_before_no_show()):
        assert f"已重呼 {at_window['ticket'].number} 号" in _act(client, at_window, "recall").content.decode()
    page = _act(client, at_window, "no-show").content.decode()
    assert f"{at_window['ticket'].number} 号已过号" in page, page[page.find("alert"):page.find("alert") + 300]


def test_transfer_offers_open_windows_first_and_closed_ones_disabled(client, at_window):
    client.force_login(at_window["clerk"])
    Window.objects.filter(pk=at_window["w2"].pk).update(is_open=False)
    extra = Window.objects.create(centre=at_window["centre"], number=3, is_open=True)
    page = client.get(reverse("services:console"), {"window": at_window["w1"].pk}).content.decode()
    select = page[page.index('name="to_window"'):page.index("</select>", page.index('name="to_window"'))]
    options = select.split("<option")[1:]
    assert f'value="{extra.pk}"' in options[0]  # the default: a window that is serving
    closed = next(o for o in options if f'value="{at_window["w2"].pk}"' in o)
    assert "disabled" in closed and "未开窗" in closed


def test_items_handled_are_a_searchable_list_of_checkboxes(client, at_window, item):
    client.force_login(at_window["clerk"])
    page = client.get(reverse("services:console"), {"window": at_window["w1"].pk}).content.decode()
    assert 'data-filter-list="#items-' in page
    assert f'type="checkbox" name="items" value="{item.pk}"' in page
    assert '<select class="form-select" multiple' not in page
