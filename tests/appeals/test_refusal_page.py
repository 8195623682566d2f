"""Where the appeals pages send people they do not serve: the shared 403 page with the reason, staff
away from the resident's own list."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_refusals_use_the_shared_403_page_with_the_reason(client, people):
    client.force_login(people["resident"])
    response = client.get(reverse("appeals:worklist"))
    assert response.status_code == 403 and "仅供工作人员" in response.content.decode()
    assert "errors/403.html" in [t.name for t in response.templates]
    assert "appeals/forbidden.html" not in [t.name for t in response.templates]
    client.force_login(people["worker_g1"])
    response = client.get(reverse("appeals:categories"))
    assert response.status_code == 403 and "街道或区级管理员" in response.content.decode()
    assert "errors/403.html" in [t.name for t in response.templates]


def test_staff_opening_my_appeals_go_to_the_worklist(client, people, appeal):
    client.force_login(people["worker_g1"])
    response = client.get(reverse("appeals:mine"))
    assert response.status_code == 302 and response.url == reverse("appeals:worklist")
