"""The overview on the demo data, as `make run` shows it (after `rollup_figures --days 30`)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_overview_and_csv_on_the_demo_data(client, demo_data):
    call_command("rollup_figures", days=30, stdout=None)
    users = get_user_model().objects
    for username in ("demo-community", "demo-street"):
        client.force_login(users.get(username=username))
        for days in (7, 90):
            response = client.get(f"/me/dashboard/?days={days}")
            assert response.status_code == 200, username
            body = response.content.decode()
            assert "易说事" in body and "一窗服务" in body and "网格走访" in body and "服务空间" in body
        assert "福祥社区" in client.get("/me/dashboard/export.csv").content.decode("utf-8-sig")
    client.force_login(users.get(username="demo-window"))
    assert client.get("/me/dashboard/").status_code == 403
