"""The visit page hands off to appeals and services and lists what was raised from the visit."""

import pytest
from django.urls import reverse

from appeals.services import appeal_create_on_behalf
from grid.services import visit_log

pytestmark = pytest.mark.django_db


def test_visit_page_links_to_appeals_and_services_and_lists_the_appeal_raised_from_it(client, reg):
    visit, _ = visit_log(actor=reg["worker1"], household=reg["h1"], met_residents=[reg["r1"]],
                         needs="楼道灯坏了")
    client.force_login(reg["worker1"])
    page = client.get(reverse("grid:visit_detail", args=[visit.pk])).content.decode()
    assert f'{reverse("appeals:staff_create")}?building={reg["b_g1"].pk}&amp;visit={visit.pk}' in page
    assert f'{reverse("services:request_create_for_resident")}?resident={reg["r1"].pk}&amp;visit={visit.pk}' in page
    assert "由本次走访提交的诉求" not in page

    appeal = appeal_create_on_behalf(actor=reg["worker1"], channel="visit", text="楼道灯坏了，老人晚上看不见",
                                     registry_resident=reg["r1"], source_visit=visit)
    assert list(visit.appeals.all()) == [appeal]
    page = client.get(reverse("grid:visit_detail", args=[visit.pk])).content.decode()
    assert "由本次走访提交的诉求" in page
    assert f'<a href="{reverse("appeals:detail", args=[appeal.pk])}">{appeal.number}</a>' in page
    # the hand-off link works for the worker: the appeals page opens with the visit's context
    form = client.get(reverse("appeals:staff_create"), {"building": reg["b_g1"].pk, "visit": visit.pk,
                                                        "resident": reg["r1"].pk, "channel": "visit"})
    assert form.status_code == 200 and "楼道灯坏了" in form.content.decode()
