"""Revealing a full value: no log row for an empty field, and full values are never cached."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_revealing_a_field_that_is_empty_writes_no_log_row(client, reg):
    from grid.models import AccessLog

    reg["r2"].phone = ""
    reg["r2"].save()
    client.force_login(reg["worker2"])
    response = client.post(reverse("grid:reveal", args=[reg["r2"].pk, "phone"]), {"reason": "核对联系方式"})
    assert response.status_code == 200 and "该居民没有登记这一项" in response.content.decode()
    assert not AccessLog.objects.exists()


def test_full_values_are_never_cached(client, reg):
    client.force_login(reg["worker1"])
    reveal = client.post(reverse("grid:reveal", args=[reg["r1"].pk, "phone"]), {"reason": "联系家属"})
    assert "13912345678" in reveal.content.decode() and "no-store" in reveal["Cache-Control"]
    export = client.post(reverse("grid:export"), {"reason": "年度核对"})
    assert export.status_code == 200 and "no-store" in export["Cache-Control"]
