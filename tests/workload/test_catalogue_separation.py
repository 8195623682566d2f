"""Admitting a community task never publishes anything a resident can apply for, book or queue for."""

import pytest
from django.urls import reverse

from services.models import AdmissionProposal, QueueTicket, ServiceItem, ServiceRequest
from tests.workload.conftest import file
from workload import services

pytestmark = pytest.mark.django_db


def test_admitted_task_is_not_in_the_residents_catalogue(client, api_client, people):
    items_before = set(ServiceItem.objects.values_list("pk", flat=True))
    application = file(people["cg"], title="社区统计台账填报")
    services.application_review(application=application, actor=people["street_a"], agrees=True, opinion="同意")
    services.application_decide(application=application, actor=people["district"], admit=True, reason="准入")
    assert set(ServiceItem.objects.values_list("pk", flat=True)) == items_before
    assert not AdmissionProposal.objects.exists()
    assert not ServiceRequest.objects.exists() and not QueueTicket.objects.exists()
    client.force_login(people["resident"])
    assert "社区统计台账填报" not in client.get(reverse("services:catalogue")).content.decode()
    api_client.force_authenticate(people["resident"])
    assert "社区统计台账填报" not in api_client.get("/api/v1/catalogue/items/", {"page_size": 500}).content.decode()


def test_the_catalogue_flow_no_longer_speaks_of_admission(client, people):
    client.force_login(people["street_a"])
    page = client.get(reverse("services:admission_list")).content.decode()
    assert "目录变更申请" in page and "准入" not in page
    from services.portal import NAV

    labels = {str(item.label) for item in NAV}
    assert "目录变更" in labels and "准入" not in labels
