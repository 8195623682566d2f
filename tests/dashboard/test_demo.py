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


def test_every_level_and_the_monthly_pdf_on_the_demo_data(client, demo_data, tmp_path):
    users = get_user_model().objects
    district = users.get(username="demo-district")
    client.force_login(district)
    streets = client.get("/me/dashboard/?preset=month")
    assert streets.status_code == 200 and streets.context["rows"]
    street_query = streets.context["charts"]["drill"][0]["href"]
    assert client.get(f"/me/dashboard/{street_query}").status_code == 200
    admin = users.get(username="demo-street")
    client.force_login(admin)
    for query in ("", "?preset=last_month", "?preset=year"):
        assert client.get("/me/dashboard/" + query).status_code == 200
    for name in ("/me/dashboard/report/", "/me/dashboard/report.pdf", "/me/dashboard/export.xlsx"):
        assert client.get(name).status_code == 200, name
    pdf = client.get("/me/dashboard/report.pdf").content
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (tmp_path / "report.pdf").write_bytes(pdf)
